"""Exposure-band and attribution-level metrics on hand-made rows: counts, shares, intervals, unmapped counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from jobshift.metrics import Filters, run_metric
from jobshift.metrics.stats import wilson

if TYPE_CHECKING:
    from conftest import Db


def _mapped(band: str | None, code: str | None = "15-1252.00", **cols: Any) -> dict[str, Any]:
    return {"occupation_code": code, "exposure_band": band, **cols}


def test_openings_by_exposure_band_monthly(db: Db) -> None:
    # January: 3 high, 1 low, 1 without occupation; February: 1 medium, 1 occupation without a score.
    for i in range(3):
        db.posting(f"h{i}", "2024-01-10", **_mapped("high"))
    db.posting("l1", "2024-01-11", **_mapped("low"))
    db.posting("u1", "2024-01-12", **_mapped(None, code=None))
    db.posting("m1", "2024-02-03", **_mapped("medium"))
    db.posting("s1", "2024-02-04", **_mapped(None, code="99-9999.00"))
    db.posting("copy", "2024-01-10", duplicate_of="test_board:h0", **_mapped("high"))  # a copy: not counted
    result = run_metric(db.con, "openings_by_exposure_band_monthly")
    rows = {r["month"]: r for r in result.table or []}
    assert list(rows) == ["2024-01", "2024-02"]
    jan, feb = rows["2024-01"], rows["2024-02"]
    assert (jan["postings"], jan["mapped"], jan["unmapped"]) == (5, 4, 1)
    assert jan["high_postings"] == 3 and jan["high_share"] == 0.75 and jan["low_share"] == 0.25
    assert jan["medium_share"] == 0.0
    low, high = wilson(3, 4)
    assert jan["high_share_ci_low"] == pytest.approx(low) and jan["high_share_ci_high"] == pytest.approx(high)
    assert (feb["mapped"], feb["unmapped"], feb["medium_share"]) == (1, 1, 1.0)
    # whole period: 7 postings, 5 with a band, 2 without (1 no occupation, 1 no score); high 3/5, low 1/5
    assert result.extra == {"postings": 7, "mapped": 5, "unmapped": 2, "no_occupation": 1, "no_score": 1,
                            "high_share": 0.6, "low_share": 0.2}
    assert result.n == 7


def test_openings_by_exposure_band_before_mapping(db: Db) -> None:
    db.posting("a", "2024-01-10")
    db.posting("b", "2024-02-10")
    result = run_metric(db.con, "openings_by_exposure_band_monthly")
    assert result.extra["mapped"] == 0 and result.extra["unmapped"] == 2
    assert all(r["high_share"] is None and r["high_share_ci_low"] is None for r in result.table or [])


def test_entry_level_share_by_exposure_band_monthly(db: Db) -> None:
    # January, high band: intern, junior, senior, mid, and one without seniority -> entry 2 of 4 known.
    for i, level in enumerate(["intern", "junior", "senior", "mid", None]):
        db.posting(f"h{i}", "2024-01-10", seniority=level, **_mapped("high"))
    # January, low band: junior, senior, senior -> 1 of 3. February, low: staff -> 0 of 1.
    for i, level in enumerate(["junior", "senior", "senior"]):
        db.posting(f"l{i}", "2024-01-20", seniority=level, **_mapped("low"))
    db.posting("l9", "2024-02-20", seniority="staff", **_mapped("low"))
    db.posting("x", "2024-01-21", seniority="junior")  # no band: unmapped, never in a denominator
    result = run_metric(db.con, "entry_level_share_by_exposure_band_monthly")
    rows = {r["month"]: r for r in result.table or []}
    jan, feb = rows["2024-01"], rows["2024-02"]
    assert (jan["high_known"], jan["high_entry"], jan["high_entry_share"]) == (4, 2, 0.5)
    assert (jan["low_known"], jan["low_entry"]) == (3, 1) and jan["low_entry_share"] == pytest.approx(1 / 3)
    assert jan["medium_entry_share"] is None  # no medium postings: no share, no interval
    assert (jan["unmapped"], jan["unknown_seniority"]) == (1, 1)
    low, high = wilson(2, 4)
    assert jan["high_entry_share_ci_low"] == pytest.approx(low)
    assert jan["high_entry_share_ci_high"] == pytest.approx(high)
    assert feb["low_entry_share"] == 0.0 and feb["high_known"] == 0
    # whole period: high 2/4; low 1/4
    assert result.extra["high_entry_share"] == 0.5 and result.extra["high_entry_n"] == 4
    assert result.extra["low_entry_share"] == 0.25 and result.extra["low_entry_k"] == 1
    assert result.extra["unmapped"] == 1 and result.extra["unknown_seniority"] == 1


def test_roles_cut_vs_created_by_exposure_band(db: Db) -> None:
    ev = "'x' -> 1"
    db.layoff("a", headcount=100, exposure_bands="high,medium", occupation_evidence=ev)
    db.layoff("b", headcount=50, exposure_bands="high", occupation_evidence=ev)
    db.layoff("c", headcount=None, exposure_bands="low,", occupation_evidence=ev)  # 2nd role: no score
    db.layoff("d", exposure_bands="", occupation_evidence=ev)  # one role named, not scored
    db.layoff("e", exposure_bands="", occupation_evidence="")  # names no role
    db.layoff("f", exposure_bands=None)  # no text
    for i, band in enumerate(["high", "high", "low", None]):
        db.posting(f"p{i}", exposure_band=band, occupation_code="15-1252.00" if band else None)
    result = run_metric(db.con, "roles_cut_vs_created_by_exposure_band")
    rows = {r["exposure_band"]: r for r in result.table or []}
    assert list(rows) == ["high", "medium", "low"]
    # 3 events name a role with a band (a, b, c); 6 events in all
    assert result.value == 3 and result.n == 6
    assert rows["high"]["cut_events"] == 2 and rows["high"]["cut_events_headcount"] == 150
    assert rows["high"]["cut_share"] == pytest.approx(2 / 3)
    assert rows["medium"]["cut_events"] == 1 and rows["low"]["cut_events_headcount"] == 0
    assert rows["high"]["postings"] == 2 and rows["high"]["created_share"] == pytest.approx(2 / 3)
    assert rows["medium"]["created_share"] == 0.0
    low, high = wilson(2, 3)
    assert rows["high"]["cut_share_ci_low"] == pytest.approx(low)
    assert rows["high"]["cut_share_ci_high"] == pytest.approx(high)
    assert result.extra == {"events_without_text": 1, "events_naming_no_role": 1, "events_naming_unscored_roles": 1,
                            "role_phrases_unscored": 2, "postings_with_band": 3, "postings_without_band": 1}


def test_ai_attribution_levels_quarterly(db: Db) -> None:
    # 2024-Q1: stated, reported, none, none (Jan-Mar); 2024-Q2: denied, adjacent, no text.
    db.layoff("a", "2024-01-10", ai_attribution="stated", headcount=100)
    db.layoff("b", "2024-02-10", ai_attribution="reported", headcount=300)
    db.layoff("c", "2024-03-31", ai_attribution="none", headcount=600)
    db.layoff("d", "2024-03-01", ai_attribution="none")
    db.layoff("e", "2024-04-01", ai_attribution="denied", headcount=10)
    db.layoff("f", "2024-06-30", ai_attribution="adjacent")
    db.layoff("g", "2024-05-05", ai_attribution=None)
    db.layoff("h", None, ai_attribution="stated")  # undated: left out of the quarters
    result = run_metric(db.con, "ai_attribution_levels_quarterly")
    rows = {r["quarter"]: r for r in result.table or []}
    assert list(rows) == ["2024-Q1", "2024-Q2"]
    q1, q2 = rows["2024-Q1"], rows["2024-Q2"]
    assert q1["events"] == 4 and q1["stated_events"] == 1 and q1["stated_share"] == 0.25
    assert q1["reported_share"] == 0.25 and q1["denied_share"] == 0.0 and q1["none_events"] == 2
    assert q1["headcount"] == 1000 and q1["stated_headcount"] == 100
    low, high = wilson(1, 4)
    assert q1["stated_share_ci_low"] == pytest.approx(low) and q1["stated_share_ci_high"] == pytest.approx(high)
    assert q2["events"] == 3 and q2["denied_events"] == 1 and q2["adjacent_share"] == pytest.approx(1 / 3)
    assert q2["none_events"] == 1 and q2["events_without_text"] == 1 and q2["stated_events"] == 0
    assert result.extra == {"undated_events": 1}
    assert result.n == 7  # basis: dated events


def test_ai_attribution_levels_quarterly_counts_one_event_once(db: Db) -> None:
    db.layoff("t1", "2024-01-10", ai_attribution="none", source="tracker")
    db.layoff("n1", "2024-01-12", ai_attribution="stated", source="news_layoffs")
    db.con.execute(
        "INSERT INTO layoff_event_links VALUES ('tracker:t1', 'tracker:t1', 'acme', 'tracker', 'anchor', 1, 0), "
        "('news_layoffs:n1', 'tracker:t1', 'acme', 'news', 'exact+window', 0.9, 1)"
    )
    rows = run_metric(db.con, "ai_attribution_levels_quarterly").table or []
    assert len(rows) == 1 and rows[0]["events"] == 1 and rows[0]["stated_events"] == 1


def test_exposure_metrics_follow_the_filters(db: Db) -> None:
    db.posting("a", "2024-01-10", **_mapped("high"))
    db.posting("b", "2024-03-10", **_mapped("low"))
    db.layoff("x", "2024-01-10", ai_attribution="stated", exposure_bands="high", occupation_evidence="'x' -> 1")
    db.layoff("y", "2024-03-10", ai_attribution="none", exposure_bands="low", occupation_evidence="'y' -> 1")
    march = Filters(start="2024-03", end="2024-03")
    openings = run_metric(db.con, "openings_by_exposure_band_monthly", march)
    assert [r["month"] for r in openings.table or []] == ["2024-03"] and openings.extra["mapped"] == 1
    cut = {r["exposure_band"]: r for r in run_metric(db.con, "roles_cut_vs_created_by_exposure_band", march).table
           or []}
    assert cut["high"]["cut_events"] == 0 and cut["low"]["cut_events"] == 1
    levels = run_metric(db.con, "ai_attribution_levels_quarterly", march).table or []
    assert [(r["quarter"], r["stated_events"]) for r in levels] == [("2024-Q1", 0)]
