"""Incremental dedup and company classes (insert-only ingests) give exactly what a full recompute gives."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pytest

from jobshift.company_classes import classify_companies
from jobshift.dedup import dedup_postings
from jobshift.pipeline import IngestResult, ingest
from jobshift.sources.base import RawRecord

WORDS = ["platform", "data", "model", "service", "team", "build", "ship", "design", "review", "python", "sql",
         "cloud", "scale", "secure", "api", "customer", "product", "growth", "research", "deploy", "monitor",
         "pipeline", "training", "inference", "latency", "budget", "remote", "equity", "learning", "mentor",
         "roadmap", "analytics", "dashboard", "kubernetes", "postgres", "rust", "golang", "frontend"]
TITLES = ["Backend Engineer", "Machine Learning Engineer", "Product Designer", "Data Scientist", "AI Engineer",
          "Site Reliability Engineer"]
COMPANIES = ["Acme", "Beta Labs", "Gamma AI", "Delta", "Epsilon"]


def texts(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(70)) for _ in range(count)]


def variant(rng: random.Random, text: str) -> str:
    """The same text (an exact repost) or one with a word or two changed (a near copy)."""
    words = text.split()
    for _ in range(rng.choice([0, 0, 1, 2])):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


class ListSource:
    """A postings source over given rows."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    name = "board"
    target = "postings"
    synthetic = False
    origin = "test"

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        for row in self.rows:
            yield RawRecord(source_key=row["source_id"], location=row["source_id"], payload=row)

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        return dict(raw.payload)

    def cursor(self) -> str | None:
        return None


def batches(seed: int, ingests: int, per: int, *, descending_ids: bool) -> list[list[dict[str, Any]]]:
    rng = random.Random(seed)
    base = texts(rng, 6)
    out: list[list[dict[str, Any]]] = []
    n = 0
    for _ in range(ingests):
        rows = []
        for _ in range(per):
            n += 1
            number = 10_000 - n if descending_ids else n
            rows.append({
                "source_id": f"{number:05d}",
                "title": rng.choice(TITLES),
                "company": rng.choice(COMPANIES),
                "description": variant(rng, rng.choice(base)),
                "posted_at": datetime(2025, 1, 1) + timedelta(days=rng.randrange(400)),
            })
        out.append(rows)
    return out


def state(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.execute(
        "SELECT posting_id, duplicate_of, duplicate_method, duplicate_score FROM postings ORDER BY posting_id"
    ).fetchall()


def full_recompute_changes(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Rows a full dedup pass and a full re-classing would change (rolled back)."""
    con.execute("BEGIN TRANSACTION")
    try:
        dedup = dedup_postings(con)
        classed = classify_companies(con)
    finally:
        con.execute("ROLLBACK")
    return dedup.changed, classed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_ingests_equal_a_full_recompute(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    results: list[IngestResult] = []
    for rows in batches(seed, ingests=4, per=25, descending_ids=False):
        results.append(ingest(con, ListSource(rows)))
        assert full_recompute_changes(con) == (0, 0)
    # New ids sort after the old ones, so no text's first posting or bucket hub moves: incremental throughout.
    assert all(r.dedup is not None and r.dedup.incremental for r in results)
    dup = con.execute("SELECT count(*) FILTER (WHERE duplicate_method = 'exact'), "
                      "count(*) FILTER (WHERE duplicate_method = 'near') FROM postings").fetchone()
    assert dup is not None and dup[0] > 0 and dup[1] > 0  # the fixture exercises both kinds
    last = results[-1].dedup
    assert last is not None and (last.exact, last.near) == dup


@pytest.mark.parametrize("seed", [4, 5])
def test_new_postings_that_displace_a_first_posting_fall_back_to_the_full_pass(
        con: duckdb.DuckDBPyConnection, seed: int) -> None:
    results = [ingest(con, ListSource(rows)) for rows in batches(seed, ingests=3, per=20, descending_ids=True)]
    assert full_recompute_changes(con) == (0, 0)
    assert not all(r.dedup is not None and r.dedup.incremental for r in results[1:])


def test_an_update_runs_the_full_pass(con: duckdb.DuckDBPyConnection) -> None:
    first, second = batches(7, ingests=2, per=15, descending_ids=False)
    ingest(con, ListSource(first))
    edited = [dict(first[0], title="Head of Data"), *second]
    result = ingest(con, ListSource(edited))
    assert result.counts.updated == 1
    assert result.dedup is not None and not result.dedup.incremental
    before = state(con)
    assert full_recompute_changes(con) == (0, 0)
    assert state(con) == before


def test_signing_in_small_batches_signs_every_new_posting_once(con: duckdb.DuckDBPyConnection,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import jobshift.dedup as dedup

    monkeypatch.setattr(dedup, "_SIGN_BATCH", 7)  # 25 new postings per ingest: four slices of the todo table
    for rows in batches(8, ingests=3, per=25, descending_ids=False):
        ingest(con, ListSource(rows))
        assert full_recompute_changes(con) == (0, 0)
    counts = con.execute(
        "SELECT (SELECT count(*) FROM postings WHERE text_hash IS NOT NULL), (SELECT count(*) FROM posting_minhash), "
        "(SELECT count(DISTINCT posting_id) FROM posting_minhash), "
        "(SELECT count(*) FROM posting_lsh) / (SELECT count(*) FROM posting_minhash)"
    ).fetchone()
    assert counts is not None and counts[0] == 75 and counts[1] == counts[2] == 75 and counts[3] == dedup.BANDS
