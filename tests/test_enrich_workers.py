"""Enrichment in worker processes (`jobshift.enrich_workers`) stores exactly what the inline path stores."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from jobshift.config import parse_workers
from jobshift.enrich_workers import EnrichWorkers
from jobshift.errors import RowError
from jobshift.pipeline import ingest
from jobshift.sources.sample import sample_sources
from jobshift.sources.sample_data import generate_sample
from jobshift.store import connect

# Columns that differ between two runs by construction (ids of the run, clock times).
RUN_COLUMNS = {"run_id", "first_seen", "last_seen", "ingested_at", "updated_at", "created_at"}


def _tables(db: Path, workers: int) -> dict[str, list[tuple[object, ...]]]:
    con = connect(db)
    data = generate_sample()
    for source in sample_sources(data):
        ingest(con, source, workers=workers, batch_size=150)
    out = {}
    for table in ("postings", "posting_skills", "layoff_events", "rejects"):
        columns = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall() if c not in RUN_COLUMNS]
        out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    con.close()
    return out


def test_two_workers_store_the_same_rows_as_one(tmp_path: Path) -> None:
    inline = _tables(tmp_path / "inline.duckdb", 1)
    pooled = _tables(tmp_path / "pooled.duckdb", 2)
    assert inline["postings"], "the sample has postings"
    for table, rows in inline.items():
        assert pooled[table] == rows, table


def test_row_errors_cross_the_process_boundary_with_their_field() -> None:
    err = pickle.loads(pickle.dumps(RowError("salary is not a number", field="salary_min")))
    assert (err.reason, err.field) == ("salary is not a number", "salary_min")


def test_a_small_chunk_is_enriched_inline_in_input_order() -> None:
    rows = [{"source_id": str(i), "title": f"Engineer {i}", "description": "Python and Kubernetes."} for i in range(3)]
    with EnrichWorkers(2) as pool:
        out = pool.enrich("postings", "test", rows)
        assert pool._pool is None  # fewer rows than 2 x workers: no processes started
    assert [o[0]["title"] for o in out if not isinstance(o, RowError)] == [r["title"] for r in rows]


@pytest.mark.parametrize(("value", "expected"), [(1, 1), ("3", 3), (" 2 ", 2)])
def test_parse_workers_accepts_whole_numbers(value: object, expected: int) -> None:
    assert parse_workers(value) == expected


@pytest.mark.parametrize("value", [0, -1, "x", "1.5", True, None])
def test_parse_workers_rejects_others(value: object) -> None:
    with pytest.raises(ValueError, match="whole number"):
        parse_workers(value)


def test_parse_workers_auto_is_at_least_one() -> None:
    assert parse_workers("auto") >= 1
