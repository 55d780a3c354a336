"""Layoff metrics on hand-made events; expected values worked out in the comments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from jobshift.metrics import run_metric
from jobshift.metrics.stats import wilson

if TYPE_CHECKING:
    from conftest import Db


def test_layoff_events_monthly(db: Db) -> None:
    db.layoff("e1", "2024-01-05", headcount=100)
    db.layoff("e2", "2024-01-25")  # no headcount
    db.layoff("e3", None, effective_on=date(2024, 3, 2), headcount=50)
    result = run_metric(db.con, "layoff_events_monthly")
    # nothing linked: every event is its own real-world event, so the raw columns repeat the counts
    assert result.table == [
        {"month": "2024-01", "events": 2, "headcount": 100, "headcount_known": 1, "raw_events": 2,
         "raw_headcount": 100},
        {"month": "2024-02", "events": 0, "headcount": 0, "headcount_known": 0, "raw_events": 0,
         "raw_headcount": 0},
        {"month": "2024-03", "events": 1, "headcount": 50, "headcount_known": 1, "raw_events": 1,
         "raw_headcount": 50},  # dated by effective_on
    ]
    assert result.n == 3
    assert result.period == "2024-01..2024-03"


def test_layoffs_yearly_per_source_and_total(db: Db) -> None:
    db.layoff("e1", "2023-06-01", headcount=100)
    db.layoff("e2", "2024-02-01", headcount=200)
    db.layoff("e3", "2024-03-01")
    db.layoff("w1", "2024-04-01", headcount=50, source="warn_test")
    db.layoff("e5", None, headcount=10)  # undated
    rows = [tuple(r.values()) for r in run_metric(db.con, "layoffs_yearly").table or []]
    # (year, source, events, headcount, headcount_known)
    assert rows == [
        ("2023", "test_tracker", 1, 100, 1),  # one source, nothing merged: no total rows
        ("2024", "test_tracker", 2, 200, 1),
        ("2024", "warn_test", 1, 50, 1),
        ("2024", "all sources (raw)", 3, 250, 2),  # 200 + 50
        ("2024", "all sources (de-duplicated)", 3, 250, 2),  # nothing linked: the same
        ("undated", "test_tracker", 1, 10, 1),
    ]


def test_layoffs_yearly_single_source_has_no_total_rows(db: Db) -> None:
    db.layoff("e1", "2023-06-01", headcount=100)
    db.layoff("e2", "2023-07-01", headcount=20)
    rows = run_metric(db.con, "layoffs_yearly").table
    assert rows == [{"year": "2023", "source": "test_tracker", "events": 2, "headcount": 120, "headcount_known": 2}]


def test_ai_attributed_share(db: Db) -> None:
    db.layoff("e1", reason="ai_explicit", headcount=100)
    db.layoff("e2", reason="automation", headcount=300)
    db.layoff("e3", reason="restructuring", headcount=500)
    db.layoff("e4", reason=None, headcount=100)  # counts as unknown
    db.layoff("e5", reason="economic")  # no headcount
    result = run_metric(db.con, "ai_attributed_share")
    # stated headcount 100 + 300 + 500 + 100 = 1000; ai_explicit 100 -> 0.1
    assert result.value == pytest.approx(0.1)
    assert (result.ci_low, result.ci_high) == (None, None)
    assert result.n == 5
    assert result.extra["headcount_share_ai_or_automation"] == pytest.approx(0.4)  # (100 + 300) / 1000
    assert result.extra["headcount_share_unknown"] == pytest.approx(0.1)
    assert result.extra["event_share_ai_explicit"] == pytest.approx(0.2)  # 1 of 5 events
    assert result.extra["events_with_headcount"] == 4
    rows = {r["reason_group"]: r for r in result.table or []}
    ai = rows["ai_explicit"]
    assert (ai["events"], ai["headcount"]) == (1, 100)
    assert (ai["ci_low"], ai["ci_high"]) == wilson(1, 5)
    both = rows["ai_explicit + automation"]
    assert (both["events"], both["event_share"], both["headcount_share"]) == (2, 0.4, 0.4)
    assert rows["unknown"]["events"] == 1
    assert rows["economic"]["headcount"] == 0 and rows["closure"]["events"] == 0


def test_ai_attributed_share_monthly(db: Db) -> None:
    db.layoff("e1", "2024-01-10", reason="ai_explicit", headcount=100)
    db.layoff("e2", "2024-01-20", reason="restructuring", headcount=300)
    db.layoff("e3", "2024-02-02")  # unknown reason, no headcount
    jan, feb = run_metric(db.con, "ai_attributed_share_monthly").table or []
    # Jan: 1 of 2 events (0.5), 100 of 400 people (0.25); Feb: 0 of 1 event, no headcount, all unknown
    assert (jan["events"], jan["ai_events"], jan["event_share"], jan["headcount_share"]) == (2, 1, 0.5, 0.25)
    assert (jan["ci_low"], jan["ci_high"]) == wilson(1, 2)
    assert (feb["events"], feb["ai_events"], feb["event_share"], feb["headcount_share"]) == (1, 0, 0.0, None)
    assert feb["unknown_event_share"] == 1.0


def test_cuts_concentration(db: Db) -> None:
    for eid, company, headcount in (
        ("a1", "a", 300),
        ("a2", "a", 100),
        ("b", "b", 200),
        ("c", "c", 100),
        ("d", "d", 100),
        ("e", "e", 100),
        ("f", "f", 50),
        ("g", "g", 50),
    ):
        db.layoff(eid, company=company, headcount=headcount)
    db.layoff("x", company="x")  # no headcount: left out
    result = run_metric(db.con, "cuts_concentration")
    # total 1000; top five a 400, b 200, c 100, d 100, e 100 = 900 -> 0.9
    assert result.value == pytest.approx(0.9)
    # HHI = 10000 × (0.4² + 0.2² + 3 × 0.1² + 2 × 0.05²) = 10000 × 0.235 = 2350
    assert result.extra["hhi"] == pytest.approx(2350)
    assert result.extra["companies"] == 7
    assert result.n == 8  # events with a headcount
    table = result.table or []
    assert [(r["rank"], r["company"], r["headcount"]) for r in table[:2]] == [(1, "a", 400), (2, "b", 200)]
    assert table[0]["share"] == pytest.approx(0.4) and table[0]["events"] == 2
    assert len(table) == 7


def test_cuts_by_company_class(db: Db) -> None:
    db.company("acme", "incumbent")
    db.company("brainy", "ai_native")
    db.layoff("e1", company_id="acme", headcount=100)
    db.layoff("e2", company_id="acme", headcount=200)
    db.layoff("e3", company_id="brainy", headcount=50)
    db.layoff("e4", company="Nobody")
    rows = {r["company_class"]: r for r in run_metric(db.con, "cuts_by_company_class").table or []}
    assert list(rows) == ["ai_native", "incumbent", "unknown"]
    # 4 events, 350 people: incumbent 2 events (0.5), 300 people (300/350)
    inc = rows["incumbent"]
    assert (inc["events"], inc["event_share"], inc["headcount"]) == (2, 0.5, 300)
    assert inc["headcount_share"] == pytest.approx(300 / 350)
    assert (inc["ci_low"], inc["ci_high"]) == wilson(2, 4)
    assert rows["ai_native"]["headcount_share"] == pytest.approx(50 / 350)
    assert (rows["unknown"]["events"], rows["unknown"]["headcount"], rows["unknown"]["headcount_known"]) == (
        1,
        0,
        0,
    )
