"""Metrics over the evidence-depth columns: AI role of postings, duplicates folded away."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jobshift.metrics import run_metric
from jobshift.metrics.stats import wilson

if TYPE_CHECKING:
    from conftest import Db


def test_ai_role_shares(db: Db) -> None:
    roles = ["builds_ai", "builds_ai", "uses_ai", "boilerplate", "boilerplate", "boilerplate", "none", "none"]
    for i, role in enumerate(roles):
        db.posting(f"p{i}", ai_role=role)
    db.posting("unknown", ai_role=None)  # not enriched: left out
    result = run_metric(db.con, "ai_role_shares")
    rows = {r["ai_role"]: r for r in result.table or []}
    # 8 postings with a role: builds 2/8, uses 1/8, boilerplate 3/8, none 2/8
    assert [r["ai_role"] for r in result.table or []] == ["builds_ai", "uses_ai", "boilerplate", "none"]
    assert rows["builds_ai"]["postings"] == 2 and rows["builds_ai"]["share"] == 0.25
    assert rows["boilerplate"]["share"] == 3 / 8
    low, high = wilson(1, 8)
    assert rows["uses_ai"]["ci_low"] == pytest.approx(low) and rows["uses_ai"]["ci_high"] == pytest.approx(high)


def test_ai_builders_pay_premium(db: Db) -> None:
    def add(prefix: str, role: str, pays: list[float]) -> None:
        for i, pay in enumerate(pays):
            db.posting(f"{prefix}{i}", ai_role=role, seniority="senior", salary_min_usd=pay)

    add("b", "builds_ai", [180e3, 200e3, 220e3])  # median 200k
    add("u", "uses_ai", [90e3, 100e3, 110e3, 120e3])  # median 105k
    add("x", "boilerplate", [10e6])  # ignored
    result = run_metric(db.con, "ai_builders_pay_premium")
    # one senior/US cell: 200 / 105 - 1 = 0.90476...
    assert result.value == pytest.approx(200 / 105 - 1)
    assert result.n == 7


def test_copies_are_counted_once_and_reported(db: Db) -> None:
    db.posting("a", "2024-01-05")
    db.posting("a2", "2024-02-05", duplicate_of="test_board:a", duplicate_method="exact", duplicate_score=1.0)
    db.posting("a3", "2024-03-05", duplicate_of="test_board:a", duplicate_method="near", duplicate_score=0.9)
    db.posting("b", "2024-01-06")
    distinct = run_metric(db.con, "postings_distinct")
    copies = run_metric(db.con, "postings_copies")
    # 4 records, 2 of them copies of "a": 2 distinct jobs; copies 2/4 = 0.5
    assert distinct.value == 2
    assert copies.value == 0.5 and copies.n == 4


def test_ai_attribution_levels(db: Db) -> None:
    db.layoff("a", ai_attribution="stated", headcount=100)
    db.layoff("b", ai_attribution="reported", headcount=300)
    db.layoff("c", ai_attribution="adjacent", headcount=None)
    db.layoff("d", ai_attribution="none", headcount=600)
    db.layoff("e", ai_attribution=None, headcount=0)  # no text: none
    result = run_metric(db.con, "ai_attribution_levels")
    rows = {r["ai_attribution"]: r for r in result.table or []}
    # 5 events; stated 1/5; headcount known total 100 + 300 + 600 + 0 = 1000: stated 0.1, reported 0.3
    assert rows["stated"]["events"] == 1 and rows["stated"]["event_share"] == 0.2
    assert rows["stated"]["headcount_share"] == 0.1 and rows["reported"]["headcount_share"] == 0.3
    assert rows["none"]["events"] == 2
    assert rows["adjacent"]["headcount_known"] == 0
    assert [r["ai_attribution"] for r in result.table or []] == ["stated", "reported", "adjacent", "none"]


def test_ai_attribution_levels_count_one_event_once(db: Db) -> None:
    # The same layoff from a tracker (employer said AI) and a news story (reported): one event, stated.
    db.layoff("t1", ai_attribution="stated", headcount=500, source="tracker")
    db.layoff("n1", ai_attribution="reported", headcount=480, source="news_layoffs")
    db.con.execute(
        "INSERT INTO layoff_event_links VALUES ('tracker:t1', 'tracker:t1', 'acme', 'tracker', 'anchor', 1, 0), "
        "('news_layoffs:n1', 'tracker:t1', 'acme', 'news', 'exact+window', 0.9, 1)"
    )
    result = run_metric(db.con, "ai_attribution_levels")
    rows = {r["ai_attribution"]: r for r in result.table or []}
    assert set(rows) == {"stated"} and rows["stated"]["events"] == 1
