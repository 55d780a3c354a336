"""The store opens, migrates once, records versions, and refuses to open read-only what does not exist."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from jobshift.errors import StoreError
from jobshift.store import connect, open_read_only
from jobshift.store.db import migrate, migrations

CONTRACT = {
    "postings": {"posting_id", "source", "company", "title", "description", "location", "country", "remote",
                 "posted_at", "first_seen", "last_seen", "salary_text", "salary_min_usd", "salary_max_usd", "url"},
    "layoff_events": {"event_id", "company", "announced_on", "effective_on", "headcount", "percent", "location",
                      "state", "country", "reason", "reason_evidence", "source", "url"},
    "ingest_runs": {"run_id", "source", "fetched", "new", "updated", "rejected", "status", "started_at",
                    "finished_at"},
    "rejects": {"location", "reason", "raw"},
}


def columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}


def test_new_database_has_the_contract_tables_and_columns(con: duckdb.DuckDBPyConnection) -> None:
    tables = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    assert {"postings", "layoff_events", "companies", "skills", "posting_skills", "news_items",
            "ingest_runs", "rejects", "raw_records"} <= tables
    for table, wanted in CONTRACT.items():
        assert wanted <= columns(con, table), table


def test_migrations_apply_once(con: duckdb.DuckDBPyConnection) -> None:
    assert migrate(con) == []
    versions = [row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()]
    assert versions == [m.version for m in migrations()]


def test_reopening_keeps_data(db_path: Path) -> None:
    first = connect(db_path)
    first.execute("INSERT INTO skills (skill_id, name, category) VALUES ('python', 'Python', 'languages')")
    first.close()
    second = connect(db_path)
    assert second.execute("SELECT name FROM skills").fetchall() == [("Python",)]
    second.close()


def test_read_only_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database here"):
        open_read_only(tmp_path / "absent.duckdb")


def test_read_only_cannot_write(db_path: Path) -> None:
    connect(db_path).close()
    con = open_read_only(db_path)
    with pytest.raises(duckdb.Error):
        con.execute("INSERT INTO skills (skill_id, name, category, onet_id) VALUES ('x', 'X', 'languages', NULL)")
    con.close()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        connect(tmp_path / "nope" / "x.duckdb")
