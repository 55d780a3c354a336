"""The Parquet lake (jobshift.lake): DuckDB -> lake -> DuckDB gives the store's rows, the layout contract, the
manifest, atomic replacement, and the `jobshift export lake` / `jobshift run --engine spark` command lines.
No Spark here (see test_enrich_job.py)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from jobshift import lake as lake_module
from jobshift.cli import app
from jobshift.errors import StoreError
from jobshift.lake import (
    MANIFEST,
    NORMALISED_POSTINGS,
    attach_lake,
    export_lake,
    lake_glob,
    read_manifest,
)
from jobshift.spark.enrich_job import enrich_row, lake_occupations, posting_columns
from jobshift.spark.lake_io import table_columns

SEEN = datetime(2026, 3, 1, 12, 0)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return sorted(repr(r) for r in con.execute(sql).fetchall())


def _schema(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]


@pytest.fixture(scope="module")
def sample_lake(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("lake") / "lake"
    con = duckdb.connect(str(sample_store), read_only=True)
    try:
        export_lake(con, target)
    finally:
        con.close()
    return target


def test_round_trip_gives_every_table_as_stored(sample_store: Path, sample_lake: Path) -> None:
    store = duckdb.connect(str(sample_store), read_only=True)
    lake = duckdb.connect()
    views = attach_lake(lake, sample_lake)
    manifest = read_manifest(sample_lake)
    assert {"postings", "layoff_events", "news_items", "raw_records", "companies", "skills", "posting_skills",
            "layoff_clusters", NORMALISED_POSTINGS} <= set(views)
    for name in views:
        source = (f"(SELECT {lake_module._normalised_postings_columns()} FROM postings)"
                  if name == NORMALISED_POSTINGS else name)
        assert _schema(lake, name) == _schema(store, source), name
        assert _rows(lake, f"SELECT * FROM {name}") == _rows(store, f"SELECT * FROM {source}"), name
        assert manifest["tables"][name]["rows"] == store.execute(f"SELECT count(*) FROM {source}").fetchall()[0][0]
    assert manifest["format"] == "jobshift-lake" and manifest["version"] == 1
    assert manifest["schema_version"] == store.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0]


def test_a_table_written_in_slices_is_the_table_whole(sample_store: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lake_module, "CHUNK_ROWS", 70)  # 600 postings -> 9 slices appended to the partitions
    con = duckdb.connect(str(sample_store), read_only=True)
    try:
        export_lake(con, tmp_path / "lake")
    finally:
        con.close()
    store, lake = duckdb.connect(str(sample_store), read_only=True), duckdb.connect()
    attach_lake(lake, tmp_path / "lake")
    for name in ("postings", NORMALISED_POSTINGS, "layoff_events"):
        source = (f"(SELECT {lake_module._normalised_postings_columns()} FROM postings)"
                  if name == NORMALISED_POSTINGS else name)
        assert _rows(lake, f"SELECT * FROM {name}") == _rows(store, f"SELECT * FROM {source}"), name
    assert len(list((tmp_path / "lake" / "postings").glob("source=*/month=*/*.parquet"))) > len(
        list((tmp_path / "lake" / "postings").glob("source=*/month=*")))  # several files in some partition


def test_layout_partitions_by_source_and_observed_month(sample_lake: Path) -> None:
    folder = sample_lake / "postings"
    parts = sorted(p.relative_to(folder).parts[:2] for p in folder.glob("source=*/month=*/*.parquet"))
    assert parts and all(s.startswith("source=") and m.startswith("month=") for s, m in parts)
    assert {s for s, _ in parts} == {"source=sample_postings"}
    # The partition columns live in the path only; reading restores source as VARCHAR and month as an extra.
    assert not {"source", "month"} & set(pq.read_schema(next(folder.glob("source=*/month=*/*.parquet"))).names)
    con = duckdb.connect()
    read = (f"read_parquet('{lake_glob(sample_lake, 'postings')}', hive_partitioning = true, "
            "hive_types_autocast = false)")
    assert dict(_schema(con, read))["source"] == "VARCHAR"
    wrong = con.execute(f"SELECT count(*) FROM {read} WHERE month <> "
                        "strftime(coalesce(posted_at, first_seen), '%Y-%m')").fetchall()[0][0]
    assert wrong == 0
    assert read_manifest(sample_lake)["tables"]["postings"]["partitioned_by"] == ["source", "month"]
    assert read_manifest(sample_lake)["tables"]["companies"]["partitioned_by"] == []
    assert list((sample_lake / "companies").glob("*.parquet"))


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def _event(con: duckdb.DuckDBPyConnection, event_id: str, announced: Any) -> None:
    con.execute("INSERT INTO layoff_events (event_id, source, source_id, company, announced_on, first_seen, "
                "last_seen, content_hash, run_id) VALUES (?, 'tracker', ?, 'Acme', ?, ?, ?, 'h', 'r')",
                [event_id, event_id, announced, SEEN, SEEN])


def test_rows_without_a_date_go_to_month_unknown_and_empty_tables_stay_readable(
        con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    _event(con, "tracker:1", None)
    _event(con, "tracker:2", datetime(2026, 2, 3).date())
    export_lake(con, tmp_path / "lake")
    months = sorted(p.name for p in (tmp_path / "lake" / "layoff_events" / "source=tracker").iterdir())
    assert months == ["month=2026-02", "month=unknown"]
    lake = duckdb.connect()
    attach_lake(lake, tmp_path / "lake")
    assert _rows(lake, "SELECT event_id, announced_on FROM layoff_events") == \
        _rows(con, "SELECT event_id, announced_on FROM layoff_events")
    # news_items is empty: still a table with the store's columns and no rows
    assert lake.execute("SELECT count(*) FROM news_items").fetchall() == [(0,)]
    assert _schema(lake, "news_items") == _schema(con, "news_items")


def test_export_replaces_a_lake_and_refuses_a_foreign_folder(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    target = tmp_path / "lake"
    _event(con, "tracker:1", None)
    export_lake(con, target)
    _event(con, "tracker:2", None)
    export_lake(con, target)
    assert read_manifest(target)["tables"]["layoff_events"]["rows"] == 2
    assert _leftovers(tmp_path) == []  # no staging folder left behind
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"...")
    with pytest.raises(StoreError, match="not a jobshift lake"):
        export_lake(con, foreign)
    assert [p.name for p in foreign.iterdir()] == ["cat.jpg"]


def test_a_failed_export_leaves_the_previous_lake_and_no_half_lake(
        con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "lake"
    _event(con, "tracker:1", None)
    export_lake(con, target)
    before = (target / MANIFEST).read_text()
    real_copy = lake_module._copy

    def failing(c: duckdb.DuckDBPyConnection, name: str, base: str, select: str, out: Path) -> dict[str, Any]:
        if name == "layoff_events":  # after postings and normalised_postings were written
            raise duckdb.IOException("disk full")
        return real_copy(c, name, base, select, out)

    monkeypatch.setattr(lake_module, "_copy", failing)
    _event(con, "tracker:2", None)
    with pytest.raises(StoreError, match="disk full"):
        export_lake(con, target)
    assert (target / MANIFEST).read_text() == before
    assert _leftovers(tmp_path) == []
    with pytest.raises(StoreError, match="disk full"):
        export_lake(con, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()


def test_manifest_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no lake here"):
        read_manifest(tmp_path / "missing")
    with pytest.raises(StoreError, match=r"has no _lake\.json"):
        read_manifest(tmp_path)
    (tmp_path / MANIFEST).write_text(json.dumps({"format": "delta", "version": 1, "tables": {}}))
    with pytest.raises(StoreError, match="format 'delta'"):
        read_manifest(tmp_path)
    with pytest.raises(StoreError, match="format 'delta'"):
        attach_lake(duckdb.connect(), tmp_path)


def test_normalised_postings_enrich_back_to_the_stored_rows(sample_store: Path, sample_lake: Path) -> None:
    """The Spark job's per-row function on the lake's normalised postings gives the DuckDB pipeline's rows."""
    store = duckdb.connect(str(sample_store), read_only=True)
    lake = duckdb.connect()
    attach_lake(lake, sample_lake)
    columns = posting_columns(table_columns(sample_lake, "postings"))
    occupations = lake_occupations(sample_lake)
    cursor = lake.execute(f"SELECT * FROM {NORMALISED_POSTINGS}")
    names = [d[0] for d in cursor.description]
    got = {r["posting_id"]: r for r in (enrich_row(dict(zip(names, row, strict=True)), columns, occupations)
                                        for row in cursor.fetchall())}
    cursor = store.execute("SELECT * FROM postings")
    names = [d[0] for d in cursor.description]
    stored = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    assert set(got) == set(stored)
    skip = {"duplicate_of", "duplicate_method", "duplicate_score"}  # set by dedup, not per row
    differ = {c for pid, row in stored.items() for c in row if c not in skip and got[pid][c] != row[c]}
    assert differ == set()
    skills = {(pid, s["skill_id"], s["span_start"], s["span_end"], s["evidence"]) for pid, r in got.items()
              for s in r["skills"]}
    assert skills == set(store.execute("SELECT posting_id, skill_id, span_start, span_end, evidence "
                                       "FROM posting_skills").fetchall())


runner = CliRunner()


def test_cli_export_lake_and_the_table_export_still_works(sample_store: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "lake", str(tmp_path / "lake"), "--db", str(sample_store)])
    assert result.exit_code == 0, result.output
    assert "postings" in result.output and read_manifest(tmp_path / "lake")["tables"]["postings"]["rows"] == 600
    result = runner.invoke(app, ["export", "--table", "companies", "--format", "csv", "--out",
                                 str(tmp_path / "c.csv"), "--db", str(sample_store)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.csv").read_text().startswith('"company_id"')
    result = runner.invoke(app, ["export", "--db", str(sample_store)])
    assert result.exit_code == 1 and "--table" in result.output


def test_cli_export_lake_takes_a_memory_limit_and_names_a_bad_one(sample_store: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "lake", str(tmp_path / "lake"), "--db", str(sample_store),
                                 "--memory-limit", "256MB"])
    assert result.exit_code == 0, result.output
    assert read_manifest(tmp_path / "lake")["tables"]["postings"]["rows"] == 600
    result = runner.invoke(app, ["export", "lake", str(tmp_path / "lake2"), "--db", str(sample_store),
                                 "--memory-limit", "lots"])
    assert result.exit_code == 1 and "--memory-limit 'lots'" in result.output
    assert not (tmp_path / "lake2").exists()


def test_cli_spark_run_errors_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--engine", "spark", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1 and "needs --lake" in result.output
    result = runner.invoke(app, ["run", "--engine", "spark", "--lake", str(tmp_path / "nolake")])
    assert result.exit_code == 1 and "no lake here" in result.output
    result = runner.invoke(app, ["run", "--engine", "flink", "--lake", str(tmp_path)])
    assert result.exit_code == 1 and "use duckdb or spark" in result.output
