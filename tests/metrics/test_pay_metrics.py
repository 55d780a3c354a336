"""Pay metrics on hand-made rows; expected medians and premium worked out in the comments."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from jobshift.metrics import run_metric

if TYPE_CHECKING:
    from conftest import Db


def test_median_pay_by_role(db: Db) -> None:
    # ai_engineer/senior pay: midpoint(190k, 210k) = 200k, min only 220k, max only 240k, 260k, 300k
    db.posting(
        "a1",
        role_family="ai_engineer",
        seniority="senior",
        salary_min_usd=190_000.0,
        salary_max_usd=210_000.0,
    )
    db.posting("a2", role_family="ai_engineer", seniority="senior", salary_min_usd=220_000.0)
    db.posting("a3", role_family="ai_engineer", seniority="senior", salary_max_usd=240_000.0)
    db.posting("a4", role_family="ai_engineer", seniority="senior", salary_min_usd=260_000.0)
    db.posting("a5", role_family="ai_engineer", seniority="senior", salary_min_usd=300_000.0)
    db.posting("s1", role_family="software_engineer", seniority="senior", salary_min_usd=150_000.0)
    db.posting("s2", role_family="software_engineer", seniority="senior", salary_min_usd=170_000.0)
    db.posting("nopay", role_family="software_engineer", seniority="senior")
    result = run_metric(db.con, "median_pay_by_role")
    rows = {(r["role_family"], r["seniority"]): r for r in result.table or []}
    ai = rows["ai_engineer", "senior"]
    # sorted 200k, 220k, 240k, 260k, 300k -> median 240k
    assert (ai["n"], ai["median_usd"]) == (5, 240_000.0)
    # order-statistic interval: for n = 5 even [x_(1), x_(5)] covers only 1 − 2/2^5 = 93.75%, so it is the
    # lowest to the highest value
    assert (ai["ci_low"], ai["ci_high"]) == (200_000.0, 300_000.0)
    swe = rows["software_engineer", "senior"]
    # (150k + 170k) / 2 = 160k; only 2 postings: no interval
    assert (swe["n"], swe["median_usd"], swe["ci_low"], swe["ci_high"]) == (2, 160_000.0, None, None)
    assert "pay_values" not in swe
    assert result.n == 7  # postings with pay
    # deterministic
    assert run_metric(db.con, "median_pay_by_role").table == result.table


def test_median_pay_interval_ranks(db: Db) -> None:
    # 10 data scientists paid 100k, 110k, …, 190k: median (140k + 150k) / 2 = 145k; for n = 10 the interval is
    # [x_(2), x_(9)] (P(B ≤ 1) = 11/1024 ≤ 2.5% < P(B ≤ 2) = 56/1024 for B ~ Binomial(10, 1/2)) = 110k to 180k
    for i in range(10):
        db.posting(f"d{i}", role_family="data_scientist_analyst", seniority="mid", salary_min_usd=100e3 + 10e3 * i)
    (row,) = run_metric(db.con, "median_pay_by_role").table or []
    assert (row["n"], row["median_usd"], row["ci_low"], row["ci_high"]) == (10, 145e3, 110e3, 180e3)


def test_ai_pay_premium(db: Db) -> None:
    def add(prefix: str, role: str, seniority: str, country: str, pays: list[float]) -> None:
        for i, pay in enumerate(pays):
            db.posting(f"{prefix}{i}", role_family=role, seniority=seniority, country=country, salary_min_usd=pay)

    add("as", "ai_engineer", "senior", "US", [200e3, 220e3, 240e3])  # median 220k
    add("ss", "software_engineer", "senior", "US", [150e3, 160e3, 170e3, 180e3])  # median 165k
    add("am", "applied_research_scientist", "mid", "US", [130e3, 140e3, 150e3, 160e3])  # median 145k
    add("sm", "software_engineer", "mid", "US", [100e3, 100e3, 110e3])  # median 100k
    add("ad", "ml_infra_engineer", "senior", "DE", [90e3, 95e3])  # too few AI postings: cell not used
    add("sd", "software_engineer", "senior", "DE", [80e3] * 5)
    db.posting("other", role_family="data_scientist_analyst", seniority="senior", salary_min_usd=1e6)
    result = run_metric(db.con, "ai_pay_premium")
    # senior/US ratio 220/165 = 1.3333 (3 AI postings); mid/US ratio 145/100 = 1.45 (4 AI postings)
    # weighted: (3 × 1.3333 + 4 × 1.45) / 7 − 1 = (4.0 + 5.8) / 7 − 1 = 0.4
    assert result.value is not None
    assert abs(result.value - 0.4) < 1e-9
    assert result.n == 3 + 4 + 4 + 3
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low <= 0.4 <= result.ci_high
    cells = {(r["seniority"], r["country"]): r for r in result.table or []}
    assert cells["senior", "DE"]["used"] is False and cells["senior", "DE"]["premium"] is None
    assert abs(cells["senior", "US"]["premium"] - (220 / 165 - 1)) < 1e-9
    assert cells["mid", "US"]["premium"] == statistics.median([130e3, 140e3, 150e3, 160e3]) / 100e3 - 1
    assert result.extra["cells_used"] == 2
    assert "ai_values" not in cells["mid", "US"]


def test_ai_pay_premium_without_comparable_cells(db: Db) -> None:
    db.posting("a", role_family="ai_engineer", seniority="senior", salary_min_usd=200e3)
    result = run_metric(db.con, "ai_pay_premium")
    assert (result.value, result.ci_low, result.n) == (None, None, 0)
