"""Posting metrics on hand-made rows; expected values are worked out in the comments."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pytest

from jobshift.metrics import Filters, run_metric
from jobshift.metrics.stats import Z95

if TYPE_CHECKING:
    from conftest import Db


def test_postings_distinct_counts_postings_in_period(db: Db) -> None:
    db.posting("p1", "2024-01-05")
    db.posting("p2", "2024-01-20")
    db.posting("p3", "2024-02-01")
    db.posting("p4", "2024-02-29")
    db.posting("old", "2023-12-31")  # before the period
    result = run_metric(db.con, "postings_distinct", Filters(start="2024-01", end="2024-02"))
    # p1..p4 fall in Jan–Feb 2024: 4 postings
    assert result.value == 4
    assert result.n == 4
    assert result.period == "2024-01..2024-02"
    assert result.sources == [{"source": "test_board", "rows": 4, "first": "2024-01-05", "last": "2024-02-29"}]


def test_share_mentions_llm(db: Db) -> None:
    for pid, flag in (("a", True), ("b", True), ("c", False), ("d", None), ("e", False)):
        db.posting(pid, mentions_llm=flag)
    result = run_metric(db.con, "share_mentions_llm")
    # flag known for a, b, c, e (n = 4), TRUE for a, b (k = 2): 2/4 = 0.5
    assert result.value == 0.5
    assert result.n == 4
    # Wilson(2, 4): centre 0.5, half = 1.96·sqrt(0.0625 + 1.96²/64) / (1 + 1.96²/4) = 0.3500
    half = Z95 * math.sqrt(0.25 / 4 + Z95**2 / 64) / (1 + Z95**2 / 4)
    assert result.ci_low == pytest.approx(0.5 - half)
    assert result.ci_high == pytest.approx(0.5 + half)
    assert result.ci_low == pytest.approx(0.150, abs=1e-3)


def test_share_ai_skill_required(db: Db) -> None:
    for pid, flag in (("a", True), ("b", False), ("c", False), ("d", False), ("e", None)):
        db.posting(pid, ai_skill_required=flag)
    result = run_metric(db.con, "share_ai_skill_required")
    # 1 TRUE among 4 known: 0.25
    assert result.value == 0.25
    assert result.n == 4
    assert result.ci_low is not None and result.ci_low < 0.25 < (result.ci_high or 0)


def test_top_skills(db: Db) -> None:
    for pid in ("p1", "p2", "p3", "p4"):
        db.posting(pid, "2024-03-01")
    db.posting("late", "2024-05-01")
    db.skill("python", "programming", "p1", "p2", "p3", "late")
    db.skill("pytorch", "ml_framework", "p1")
    result = run_metric(db.con, "top_skills", Filters(end="2024-04"))
    table = result.table or []
    # 4 postings in the period; python in p1, p2, p3 (3/4 = 0.75); pytorch in p1 (1/4 = 0.25)
    assert [(r["skill"], r["category"], r["n"], r["share"]) for r in table] == [
        ("python", "programming", 3, 0.75),
        ("pytorch", "ml_framework", 1, 0.25),
    ]
    assert table[0]["ci_low"] < 0.75 < table[0]["ci_high"]
    assert result.value is None
    assert result.n == 4


def test_role_family_counts_monthly(db: Db) -> None:
    # ai_engineer: Jan 2, Feb 1, Mar 4; software_engineer: Jan 1, Feb 0, Mar 1
    for i, day in enumerate(
        ("2024-01-03", "2024-01-09", "2024-02-10", "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-31")
    ):
        db.posting(f"ai{i}", day, role_family="ai_engineer")
    db.posting("se1", "2024-01-15", role_family="software_engineer")
    db.posting("se2", "2024-03-15", role_family="software_engineer")
    rows = {(r["role_family"], r["month"]): r for r in run_metric(db.con, "role_family_counts_monthly").table or []}
    assert len(rows) == 6  # 3 months × 2 families, empty months included
    jan, feb, mar = (
        rows["ai_engineer", "2024-01"],
        rows["ai_engineer", "2024-02"],
        rows["ai_engineer", "2024-03"],
    )
    assert (jan["n"], jan["prev_n"], jan["growth"]) == (2, None, None)
    # Feb: 1 after 2 -> growth 1/2 − 1 = −0.5; interval exp(log 0.5 ± 1.96·sqrt(1/1 + 1/2)) − 1
    assert feb["growth"] == -0.5
    se = math.sqrt(1 / 1 + 1 / 2)
    assert feb["growth_ci_low"] == pytest.approx(0.5 * math.exp(-Z95 * se) - 1)
    assert feb["growth_ci_high"] == pytest.approx(0.5 * math.exp(Z95 * se) - 1)
    # Mar: 4 after 1 -> growth 3.0
    assert mar["growth"] == 3.0
    se_feb = rows["software_engineer", "2024-02"]
    assert (se_feb["n"], se_feb["prev_n"], se_feb["growth"], se_feb["growth_ci_low"]) == (0, 1, -1.0, None)
    se_mar = rows["software_engineer", "2024-03"]
    assert (se_mar["n"], se_mar["prev_n"], se_mar["growth"]) == (1, 0, None)  # no base month
