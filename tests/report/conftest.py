"""Fixtures for report tests: an empty migrated database and a small hand-made one (real or synthetic)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from jobshift.store.db import connect

SEEN = datetime(2024, 1, 1)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(tmp_path / "t.duckdb")
    yield connection
    connection.close()


def fill(con: duckdb.DuckDBPyConnection, *, synthetic: bool = False) -> None:
    """Two companies, eight postings over Jan–Feb 2024 and four layoff events."""
    for cid, cls in (("acme", "incumbent"), ("brainy", "ai_native")):
        con.execute(
            "INSERT INTO companies (company_id, name, normalised_name, company_class, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [cid, cid.title(), cid, cls, SEEN, SEEN],
        )
    con.execute(
        "INSERT INTO skills (skill_id, name, category, onet_id) VALUES ('python', 'Python', 'programming', NULL)"
    )
    postings = [
        ("p1", "acme", "ai_engineer", "senior", 200e3, True, True, "2024-01-05"),
        ("p2", "acme", "ai_engineer", "senior", 220e3, True, True, "2024-01-09"),
        ("p3", "acme", "ai_engineer", "senior", 240e3, False, True, "2024-02-01"),
        ("p4", "acme", "software_engineer", "senior", 150e3, False, False, "2024-01-12"),
        ("p5", "acme", "software_engineer", "senior", 160e3, False, False, "2024-02-03"),
        ("p6", "brainy", "software_engineer", "senior", 170e3, True, False, "2024-02-10"),
        ("p7", "brainy", "customer_support", "junior", None, False, False, "2024-02-11"),
        ("p8", None, "sales_marketing", "mid", None, False, False, "2024-02-20"),
    ]
    for pid, cid, role, sen, pay, llm, ai, day in postings:
        con.execute(
            "INSERT INTO postings (posting_id, source, source_id, company_id, country, posted_at, "
            "first_seen, last_seen, salary_min_usd, seniority, role_family, mentions_llm, ai_skill_required, "
            "content_hash, run_id, synthetic) "
            "VALUES (?, 'board', ?, ?, 'US', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'r1', ?)",
            [
                f"board:{pid}",
                pid,
                cid,
                datetime.fromisoformat(day),
                SEEN,
                SEEN,
                pay,
                sen,
                role,
                llm,
                ai,
                pid,
                synthetic,
            ],
        )
        con.execute("INSERT INTO posting_skills (posting_id, skill_id) VALUES (?, 'python')", [f"board:{pid}"])
    layoffs = [
        ("e1", "acme", date(2024, 1, 20), 100, "ai_explicit"),
        ("e2", "acme", date(2024, 2, 2), 300, "restructuring"),
        ("e3", "brainy", date(2024, 2, 15), None, "unknown"),
        ("e4", None, date(2024, 2, 25), 600, "economic"),
    ]
    for eid, cid, day, headcount, reason in layoffs:
        con.execute(
            "INSERT INTO layoff_events (event_id, source, source_id, company, company_id, announced_on, "
            "headcount, country, reason, first_seen, last_seen, content_hash, run_id, synthetic) "
            "VALUES (?, 'tracker', ?, ?, ?, ?, ?, 'US', ?, ?, ?, ?, 'r1', FALSE)",
            [f"tracker:{eid}", eid, cid or "Other Co", cid, day, headcount, reason, SEEN, SEEN, eid],
        )


@pytest.fixture
def filled(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    fill(con)
    return con


@pytest.fixture
def make_synthetic() -> Callable[[duckdb.DuckDBPyConnection], None]:
    return lambda c: fill(c, synthetic=True)
