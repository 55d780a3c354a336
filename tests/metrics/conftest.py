"""Fixtures for metric tests: an empty, migrated database and a `db` helper that inserts hand-made rows.

`db.posting("p1", "2024-01-05", role_family="ai_engineer")` adds one posting dated 2024-01-05; defaults fill
the NOT NULL columns (source test_board, country US). `db.layoff`, `db.company` and `db.skill` likewise.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from jobshift.store.db import connect

SEEN = datetime(2024, 1, 1)


class Db:
    """Insert helpers over one connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def insert(self, table: str, row: dict[str, Any]) -> None:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))

    def company(self, company_id: str, cls: str | None = None, name: str | None = None) -> None:
        self.insert(
            "companies",
            {
                "company_id": company_id,
                "name": name or company_id.title(),
                "normalised_name": company_id,
                "company_class": cls,
                "first_seen": SEEN,
                "last_seen": SEEN,
            },
        )

    def posting(self, pid: str, posted: str | None = "2024-01-15", **cols: Any) -> None:
        source = cols.pop("source", "test_board")
        row: dict[str, Any] = {
            "posting_id": f"{source}:{pid}",
            "source": source,
            "source_id": pid,
            "posted_at": datetime.fromisoformat(posted) if posted else None,
            "first_seen": cols.pop("first_seen", SEEN),
            "last_seen": SEEN,
            "content_hash": pid,
            "run_id": "r1",
            "country": cols.pop("country", "US"),
        }
        row.update(cols)
        self.insert("postings", row)

    def layoff(self, eid: str, announced: str | None = "2024-01-15", **cols: Any) -> None:
        source = cols.pop("source", "test_tracker")
        row: dict[str, Any] = {
            "event_id": f"{source}:{eid}",
            "source": source,
            "source_id": eid,
            "announced_on": date.fromisoformat(announced) if announced else None,
            "first_seen": SEEN,
            "last_seen": SEEN,
            "content_hash": eid,
            "run_id": "r1",
            "country": cols.pop("country", "US"),
        }
        row.update(cols)
        self.insert("layoff_events", row)

    def skill(self, skill_id: str, category: str, *posting_ids: str) -> None:
        """A skill and the test_board postings it was found in."""
        self.insert("skills", {"skill_id": skill_id, "name": skill_id, "category": category})
        for pid in posting_ids:
            self.insert("posting_skills", {"posting_id": f"test_board:{pid}", "skill_id": skill_id})


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(tmp_path / "t.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def db(con: duckdb.DuckDBPyConnection) -> Db:
    return Db(con)
