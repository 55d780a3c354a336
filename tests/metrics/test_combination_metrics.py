"""Skill combinations, incumbents vs startups by month, roles cut vs created: hand-made rows, hand-worked values."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pytest

from jobshift.metrics import Filters, run_metric
from jobshift.metrics.stats import Z95

if TYPE_CHECKING:
    from conftest import Db


def wilson_by_hand(k: int, n: int) -> tuple[float, float]:
    """The Wilson score interval written out (centre ± half-width, both over 1 + z²/n)."""
    p, z2 = k / n, Z95 * Z95
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return centre - half, centre + half


def test_share_python_cloud_llm(db: Db) -> None:
    db.posting("p1", mentions_llm=True)  # python + aws + LLM: counts
    db.posting("p2", mentions_llm=False)  # python + aws, no LLM
    db.posting("p3", mentions_llm=True)  # python + LLM, no cloud
    db.posting("p4", mentions_llm=True)  # aws + gcp + LLM, no Python
    db.posting("p5", mentions_llm=None)  # not tagged: outside numerator and denominator
    db.posting("p6", mentions_llm=True)  # python + gcp + LLM: counts
    db.skill("python", "languages", "p1", "p2", "p3", "p6")
    db.skill("aws", "cloud", "p1", "p2", "p4")
    db.skill("gcp", "cloud", "p4", "p6")
    result = run_metric(db.con, "share_python_cloud_llm")
    # k = 2 (p1, p6) of n = 5 tagged postings -> 0.4
    assert (result.value, result.n) == (0.4, 5)
    # Wilson(2, 5): centre (0.4 + 3.8415/10) / (1 + 3.8415/5) = 0.4435, half-width 0.3258 -> 0.118 to 0.769
    low, high = wilson_by_hand(2, 5)
    assert result.ci_low == pytest.approx(low) and result.ci_high == pytest.approx(high)
    assert result.ci_low == pytest.approx(0.1176, abs=1e-3) and result.ci_high == pytest.approx(0.7693, abs=1e-3)
    # Python: p1, p2, p3, p6; Python + cloud: p1, p2, p6
    assert (result.extra["k"], result.extra["python"], result.extra["python_cloud"]) == (2, 4, 3)


def test_skill_combinations(db: Db) -> None:
    for pid in "abcdef":
        db.posting(pid)
    db.skill("python", "languages", "a", "b", "c", "d")
    db.skill("aws", "cloud", "a", "b", "c")
    db.skill("llm", "ai_core", "a", "c")
    db.skill("react", "frontend", "d", "e")
    result = run_metric(db.con, "skill_combinations")
    rows = [(r["size"], r["rank"], r["skills"], r["n"]) for r in result.table or []]
    # pairs: aws+python in a, b, c (3); aws+llm and llm+python in a, c (2 each, ties by name); python+react in d
    # triples: aws+llm+python in a, c (2). Skills within a combination are listed by skill id.
    assert rows == [
        ("pair", 1, "aws + python", 3),
        ("pair", 2, "aws + llm", 2),
        ("pair", 3, "llm + python", 2),
        ("pair", 4, "python + react", 1),
        ("triple", 1, "aws + llm + python", 2),
    ]
    top = (result.table or [])[0]
    assert top["categories"] == "cloud + languages"
    # share of all 6 postings (f has no skill and still counts), with its Wilson interval
    assert top["share"] == pytest.approx(3 / 6)
    low, high = wilson_by_hand(3, 6)
    assert (top["ci_low"], top["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert result.n == 6


def test_skill_combinations_follow_filters(db: Db) -> None:
    db.posting("a", "2024-01-05")
    db.posting("b", "2024-02-05")
    db.skill("python", "languages", "a", "b")
    db.skill("aws", "cloud", "a", "b")
    result = run_metric(db.con, "skill_combinations", Filters(start="2024-02", end="2024-02"))
    assert [(r["skills"], r["n"], r["share"]) for r in result.table or []] == [("aws + python", 1, 1.0)]


def _classed_companies(db: Db) -> None:
    db.company("inc", "incumbent")
    db.company("st", "startup")
    db.company("brain", "ai_native")
    db.company("unk", None)


def test_incumbents_vs_startups_monthly(db: Db) -> None:
    _classed_companies(db)
    db.layoff("e1", "2024-01-10", company_id="inc", headcount=100)
    db.layoff("e2", "2024-01-20", company_id="inc")  # no headcount: an event, adds 0
    db.layoff("e3", "2024-03-05", company_id="inc", headcount=50)
    db.layoff("e4", "2024-01-15", company_id="st", headcount=10)  # a startup's cut: not in the column
    db.layoff("e5", "2024-02-01", company_id="unk", headcount=7)  # unclassed
    db.posting("p1", "2024-01-05", company_id="st", role_family="ai_engineer")
    db.posting("p2", "2024-01-06", company_id="brain", role_family="other", ai_skill_required=True)
    db.posting("p3", "2024-03-01", company_id="brain", role_family="ml_infra_engineer")
    db.posting("p4", "2024-02-10", company_id="inc", role_family="ai_engineer")  # incumbent's own AI posting
    db.posting("p5", "2024-02-11", company_id="st", role_family="sales_marketing")  # not an AI opening
    db.posting("p6", "2024-02-12", company_id="unk", role_family="ai_engineer")  # unclassed
    db.posting("p7", "2024-04-02", company_id="st", role_family="ai_engineer")
    result = run_metric(db.con, "incumbents_vs_startups_monthly")
    rows = [tuple(r.values()) for r in result.table or []]
    # (month, incumbent events, incumbent headcount, startup+AI-native AI postings, of which AI-native,
    #  incumbents' AI postings). January: e1 + e2 (100); p1 (startup) + p2 (AI-native). February: no
    # incumbent cut (a real 0: layoff data covers Jan–Mar); p4 is the incumbent's. March: e3 (50); p3.
    # April: layoff data has ended, so the cut columns are blank, not 0; p7.
    assert rows == [
        ("2024-01", 2, 100, 2, 1, 0),
        ("2024-02", 0, 0, 0, 0, 1),
        ("2024-03", 1, 50, 1, 1, 0),
        ("2024-04", None, None, 1, 0, 0),
    ]
    # basis: the incumbents' 3 events and the 4 classed AI postings of startups / AI-natives (p1, p2, p3, p7)
    assert {s["source"]: s["rows"] for s in result.sources} == {"test_tracker": 3, "test_board": 4}


def test_incumbents_cuts_count_one_real_world_event_once(db: Db) -> None:
    _classed_companies(db)
    db.layoff("t1", "2024-01-10", company_id="inc", headcount=1000, source="tracker")
    db.layoff("w1", "2024-01-12", company_id="inc", headcount=400, source="warn")
    db.con.execute(
        "INSERT INTO layoff_event_links VALUES ('tracker:t1', 'tracker:t1', 'inc', 'tracker', 'anchor', 1, 0), "
        "('warn:w1', 'tracker:t1', 'inc', 'warn', 'exact+window', 0.9, 2)"
    )
    result = run_metric(db.con, "incumbents_vs_startups_monthly")
    # one real-world event; headcount: the larger of the tracker figure (1,000) and the WARN sum (400)
    assert [tuple(r.values())[:3] for r in result.table or []] == [("2024-01", 1, 1000)]


def test_roles_cut_vs_created(db: Db) -> None:
    db.layoff("e1", roles_named="customer_support,sales_marketing", headcount=200)
    db.layoff("e2", roles_named="sales_marketing", headcount=50)
    db.layoff("e3", roles_named="", headcount=1000)  # a description naming no role
    db.layoff("e4", roles_named=None)  # no description
    db.layoff("e5", roles_named="recruiting_hr")  # no headcount
    for pid in ("s1", "s2", "s3"):
        db.posting(pid, role_family="sales_marketing")
    db.posting("w1", role_family="software_engineer")
    db.posting("x1", role_family=None)  # no role family: not in the created side
    result = run_metric(db.con, "roles_cut_vs_created")
    # 3 of the 5 events name a role; e3 names none, e4 has no text
    assert (result.value, result.n) == (3, 5)
    assert result.extra == {
        "events_naming_no_role": 1,
        "events_without_text": 1,
        "postings_with_role_family": 4,
    }
    rows = {r["role_family"]: r for r in result.table or []}
    assert list(rows) == ["software_engineer", "customer_support", "sales_marketing", "recruiting_hr"]
    sales = rows["sales_marketing"]
    # named by e1 and e2 (headcount 200 + 50) of the 3 naming events; 3 of the 4 postings with a family
    assert (sales["cut_events"], sales["cut_events_headcount"], sales["postings"]) == (2, 250, 3)
    assert sales["cut_share"] == pytest.approx(2 / 3) and sales["created_share"] == pytest.approx(3 / 4)
    low, high = wilson_by_hand(2, 3)
    assert (sales["cut_share_ci_low"], sales["cut_share_ci_high"]) == (pytest.approx(low), pytest.approx(high))
    low, high = wilson_by_hand(3, 4)
    assert sales["created_share_ci_low"] == pytest.approx(low)
    support = rows["customer_support"]
    assert (support["cut_events"], support["cut_events_headcount"], support["postings"]) == (1, 200, 0)
    assert support["created_share"] == 0 and support["created_share_ci_low"] == 0.0
    assert (rows["recruiting_hr"]["cut_events"], rows["recruiting_hr"]["cut_events_headcount"]) == (1, 0)
    assert (rows["software_engineer"]["cut_events"], rows["software_engineer"]["cut_share"]) == (0, 0)
    assert not any(k.startswith("wilson_") for k in sales)


def test_roles_cut_vs_created_role_filter_keeps_its_row(db: Db) -> None:
    db.layoff("e1", roles_named="customer_support,sales_marketing", headcount=200)
    db.layoff("e2", roles_named="recruiting_hr")
    db.posting("s1", role_family="sales_marketing")
    db.posting("w1", role_family="software_engineer")
    result = run_metric(db.con, "roles_cut_vs_created", Filters(role_family="sales_marketing"))
    (row,) = result.table or []
    # layoffs are not filtered by role (2 events, both naming roles); postings are (s1 only)
    assert (row["role_family"], row["cut_events"], row["cut_share"], row["postings"], row["created_share"]) == (
        "sales_marketing",
        1,
        0.5,
        1,
        1.0,
    )
    assert (result.value, result.n) == (2, 2)
