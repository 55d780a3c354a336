"""The report's new figures: incumbents vs startups by month (chart), skill combinations, roles cut vs created."""

from __future__ import annotations

import json
from datetime import datetime
from html import unescape
from pathlib import Path

import duckdb
import pytest

from jobshift.report import build_report, headline_lines
from jobshift.report.charts import CHARTS
from jobshift.report.format import column_title, display_rows

CONTRACT = {"id", "label", "value", "ci_low", "ci_high", "n", "unit", "period", "filters", "sources"}


def _add(con: duckdb.DuckDBPyConnection) -> None:
    """On top of the `filled` database: roles named by three of the four layoffs, a second skill, and an AI
    posting at the AI-native company."""
    for eid, named in (("e1", "customer_support"), ("e2", "customer_support,sales_marketing"), ("e3", "")):
        con.execute("UPDATE layoff_events SET roles_named = ? WHERE event_id = ?", [named, f"tracker:{eid}"])
    con.execute("INSERT INTO skills (skill_id, name, category, onet_id) VALUES ('aws', 'AWS', 'cloud', NULL)")
    for pid in ("p1", "p2"):
        con.execute("INSERT INTO posting_skills (posting_id, skill_id) VALUES (?, 'aws')", [f"board:{pid}"])
    con.execute(
        "INSERT INTO postings (posting_id, source, source_id, company_id, country, posted_at, first_seen, last_seen, "
        "role_family, mentions_llm, ai_skill_required, content_hash, run_id) VALUES ('board:p9', 'board', 'p9', "
        "'brainy', 'US', ?, ?, ?, 'ai_engineer', TRUE, TRUE, 'p9', 'r1')",
        [datetime(2024, 2, 14), datetime(2024, 1, 1), datetime(2024, 1, 1)],
    )


def test_new_figures_in_every_format(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    _add(filled)
    report = build_report(filled, tmp_path)
    doc = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert set(doc) == {"generated_at", "synthetic", "title", "filters", "metrics", "tables"}
    for entry in doc["metrics"]:
        assert set(entry) == CONTRACT | {"extra"}, entry["id"]
    tables = doc["tables"]
    # incumbents (acme): January e1 100, February e2 300; AI-native (brainy) AI posting p9 in February
    assert [(r["month"], r["incumbent_cuts_headcount"], r["startup_ai_openings"])
            for r in tables["incumbents_vs_startups_monthly"]] == [("2024-01", 100, 0), ("2024-02", 300, 1)]
    # AWS + Python in p1 and p2 of 9 postings
    assert [(r["skills"], r["n"]) for r in tables["skill_combinations"]] == [("AWS + Python", 2)]
    roles = {r["role_family"]: r for r in tables["roles_cut_vs_created"]}
    assert (roles["customer_support"]["cut_events"], roles["customer_support"]["postings"]) == (2, 1)
    assert roles["customer_support"]["cut_share"] == 1.0 and roles["sales_marketing"]["cut_share"] == 0.5
    by_id = {m["id"]: m for m in doc["metrics"]}
    assert (by_id["roles_cut_vs_created"]["value"], by_id["roles_cut_vs_created"]["n"]) == (2, 4)
    assert by_id["roles_cut_vs_created"]["extra"] == {
        "events_naming_no_role": 1, "events_without_text": 1, "postings_with_role_family": 9,
    }

    svg = (tmp_path / "charts" / "incumbents_vs_startups.svg").read_text(encoding="utf-8")
    assert "Incumbents" in svg and "Source: " in svg
    assert (tmp_path / "charts" / "incumbents_vs_startups.png").read_bytes()[:4] == b"\x89PNG"
    html = unescape((tmp_path / "index.html").read_text(encoding="utf-8"))
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "Roles cut vs roles created, by role family" in text
        assert "cut share 95% CI" in text and "created share 95% CI" in text
        assert "Skills asked for together" in text and "AWS + Python" in text
        assert "Incumbents' cuts vs startups' AI openings, by month" in text
        assert "order-statistic" in text
    assert "charts/incumbents_vs_startups.png" in md
    assert 'href="charts/incumbents_vs_startups.png"' in html
    assert "Incumbents: layoff headcount announced" in html  # the chart is inline SVG
    line = next(x for x in headline_lines(report) if x.startswith("Roles cut vs roles created"))
    assert ": 2 (layoff events that name the roles cut, of 4; 1 name none, 1 have no text to read)" in line


def test_chart_registry_has_the_monthly_comparison() -> None:
    assert "incumbents_vs_startups" in CHARTS


def test_named_interval_columns_are_shown_as_one() -> None:
    rows = [{"role_family": "x", "cut_share": 0.5, "cut_share_ci_low": 0.1, "cut_share_ci_high": 0.9}]
    header, body, _ = display_rows(rows)
    assert header == ["role family", "cut share", "cut share 95% CI"]
    assert body == [["x", "50.0%", "10.0% to 90.0%"]]
    assert column_title("created_share_ci") == "created share 95% CI"


@pytest.mark.parametrize("months", [45])
def test_long_monthly_tables_show_the_latest_months(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, months: int
) -> None:
    for i in range(months):
        year, month = 2020 + i // 12, i % 12 + 1
        con.execute(
            "INSERT INTO layoff_events (event_id, source, source_id, announced_on, headcount, first_seen, last_seen, "
            "content_hash, run_id) VALUES (?, 't', ?, ?, 1, ?, ?, 'h', 'r1')",
            [f"t:{i}", str(i), datetime(year, month, 3).date(), datetime(2024, 1, 1), datetime(2024, 1, 1)],
        )
    build_report(con, tmp_path, formats=("md",))
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"Latest 40 of {months} months" in md
    monthly = md.split("### Layoff events and headcount by month")[1].split("###")[0]
    assert "| 2023-09 |" in monthly and "| 2020-01 |" not in monthly
