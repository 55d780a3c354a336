"""Metrics that put cuts and AI hiring side by side, on hand-made rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jobshift.metrics import run_metric

if TYPE_CHECKING:
    from conftest import Db


def test_cutting_while_hiring(db: Db) -> None:
    db.company("acme", "incumbent", name="Acme Corp")
    db.company("brainy", "ai_native")
    db.company("startco", "startup")
    db.layoff("e1", "2024-01-10", company_id="acme", headcount=100)
    db.layoff("e2", "2024-02-10", company_id="acme")
    db.layoff("e3", "2024-01-10", company_id="brainy", headcount=50)
    db.posting("p1", company_id="acme", role_family="ai_engineer")
    db.posting("p2", company_id="acme", role_family="software_engineer", ai_skill_required=True)
    db.posting("p3", company_id="acme", role_family="sales_marketing")
    db.posting("p4", company_id="brainy", role_family="software_engineer", ai_skill_required=False)
    db.posting("p5", company_id="startco", role_family="ai_engineer")  # hiring, not cutting
    result = run_metric(db.con, "cutting_while_hiring")
    # cutting: acme, brainy (n = 2); also hiring for AI: acme only (p1 AI role, p2 AI skill)
    assert (result.value, result.n) == (1, 2)
    (row,) = result.table or []
    assert (row["company"], row["layoff_events"], row["cuts_headcount"], row["ai_openings"]) == (
        "Acme Corp",
        2,
        100,
        2,
    )
    assert row["first_cut"] == "2024-01-10" and row["last_cut"] == "2024-02-10"
    assert {s["source"] for s in result.sources} == {"test_tracker", "test_board"}


def test_cutting_while_hiring_none_found_is_zero(db: Db) -> None:
    db.company("acme", "incumbent")
    db.layoff("e1", company_id="acme", headcount=10)
    result = run_metric(db.con, "cutting_while_hiring")
    assert (result.value, result.n, result.table) == (0, 1, [])


def test_gross_vs_net_monthly(db: Db) -> None:
    db.layoff("e1", "2024-01-10", headcount=100)
    db.posting("p1", "2024-01-05", role_family="ai_engineer")
    db.posting("p2", "2024-01-06", role_family="other", ai_skill_required=True)
    db.posting("p3", "2024-01-07", role_family="sales_marketing")  # not an AI opening
    db.posting("p4", "2024-03-07", role_family="ml_infra_engineer")
    rows = [tuple(r.values()) for r in run_metric(db.con, "gross_vs_net_monthly").table or []]
    # (month, cut_events, cuts_headcount, ai_openings, ai_openings − headcount, raw_cuts_headcount); layoff
    # data covers January only, so February and March have no cut figures (None), not zero
    assert rows == [("2024-01", 1, 100, 2, -98, 100), ("2024-02", None, None, 0, None, None),
                    ("2024-03", None, None, 1, None, None)]


def test_gross_vs_net_monthly_zero_inside_coverage(db: Db) -> None:
    db.layoff("e1", "2024-01-10", headcount=100)
    db.layoff("e2", "2024-03-10", headcount=5)
    db.posting("p1", "2024-01-05", role_family="ai_engineer")
    db.posting("p2", "2024-03-05", role_family="sales_marketing")
    rows = [tuple(r.values()) for r in run_metric(db.con, "gross_vs_net_monthly").table or []]
    # both sources cover Jan–Mar: February is a real zero on both sides; March has no AI posting
    assert rows == [("2024-01", 1, 100, 1, -99, 100), ("2024-02", 0, 0, 0, 0, 0), ("2024-03", 1, 5, 0, -5, 5)]
