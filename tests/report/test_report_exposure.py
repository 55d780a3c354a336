"""The report's exposure-band and attribution-level figures: charts, tables and notes, and "not mapped yet"
before the occupation mapping has run."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import duckdb
import pytest

from jobshift.report import build_report, headline_lines
from jobshift.report.format import NOT_MAPPED

# On the `filled` database (conftest.fill): posting -> (exposure band, seniority); p8 stays unmapped.
BANDS = {"p1": "high", "p2": "high", "p3": "high", "p4": "low", "p5": "low", "p6": "high", "p7": "low"}
LEVELS = {"e1": "stated", "e2": "reported", "e3": "none", "e4": "none"}


def _map(con: duckdb.DuckDBPyConnection) -> None:
    for pid, band in BANDS.items():
        con.execute("UPDATE postings SET occupation_code = '15-1252.00', exposure_band = ? WHERE posting_id = ?",
                    [band, f"board:{pid}"])
    for eid, level in LEVELS.items():
        con.execute("UPDATE layoff_events SET ai_attribution = ? WHERE event_id = ?", [level, f"tracker:{eid}"])
    con.execute("UPDATE layoff_events SET exposure_bands = 'high', occupation_evidence = '''support'' -> 43-4051.00' "
                "WHERE event_id = 'tracker:e1'")
    con.execute("UPDATE layoff_events SET exposure_bands = '', occupation_evidence = '' WHERE event_id = 'tracker:e2'")


def test_exposure_and_attribution_figures(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    _map(filled)
    report = build_report(filled, tmp_path)
    doc = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    tables = doc["tables"]
    by_id = {m["id"]: m for m in doc["metrics"]}
    # January: p1, p2 high, p4 low -> high 2/3; February: p3, p6 high, p5, p7 low, p8 unmapped -> high 2/4
    openings = {r["month"]: r for r in tables["openings_by_exposure_band_monthly"]}
    assert openings["2024-01"]["high_share"] == pytest.approx(2 / 3) and openings["2024-02"]["unmapped"] == 1
    assert by_id["openings_by_exposure_band_monthly"]["extra"]["unmapped"] == 1
    # entry level: February low p5 senior, p7 junior -> 1/2; whole period low 1 of 3, high 0 of 4
    entry = {r["month"]: r for r in tables["entry_level_share_by_exposure_band_monthly"]}
    assert entry["2024-02"]["low_entry_share"] == 0.5
    assert by_id["entry_level_share_by_exposure_band_monthly"]["extra"]["low_entry_n"] == 3
    # 2024-Q1: four events, one stated, one reported
    quarters = tables["ai_attribution_levels_quarterly"]
    assert [(q["quarter"], q["events"], q["stated_share"], q["reported_share"]) for q in quarters] == [
        ("2024-Q1", 4, 0.25, 0.25)
    ]
    cut = {r["exposure_band"]: r for r in tables["roles_cut_vs_created_by_exposure_band"]}
    assert cut["high"]["cut_events"] == 1 and cut["high"]["postings"] == 4

    html = unescape((tmp_path / "index.html").read_text(encoding="utf-8"))
    for metric_id in ("openings_by_exposure_band_monthly", "entry_level_share_by_exposure_band_monthly",
                      "ai_attribution_levels_quarterly"):
        block = html.split(f'id="{metric_id}"')[1].split('<div class="metric"')[0]
        assert "<svg" in block and ("Source: board" in block or "Source: tracker" in block), metric_id
        assert "95% CI" in block, metric_id
    openings_block = html.split('id="openings_by_exposure_band_monthly"')[1].split('<div class="metric"')[0]
    assert "1 of 8 not mapped (1 without an occupation, 0 without an exposure score)" in openings_block
    assert NOT_MAPPED not in html
    for chart_id in ("ai_attribution_levels", "openings_by_exposure_band", "entry_level_by_exposure_band"):
        svg = (tmp_path / "charts" / f"{chart_id}.svg").read_text(encoding="utf-8")
        assert "Source: " in svg and "95% CI" in svg, chart_id
        assert report.charts[chart_id].suffix == ".svg"
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "![Postings by AI exposure band and month](charts/openings_by_exposure_band.png)" in md
    lines = headline_lines(report)
    assert any(line.startswith("Roles cut vs roles created, by AI exposure band: 1 (") for line in lines)


def test_exposure_figures_say_not_mapped_yet(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = build_report(filled, tmp_path)  # nothing mapped: the occupation mapping has not run
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    for metric_id in ("openings_by_exposure_band_monthly", "entry_level_share_by_exposure_band_monthly",
                      "roles_cut_vs_created_by_exposure_band"):
        block = html.split(f'id="{metric_id}"')[1].split('<div class="metric"')[0]
        assert NOT_MAPPED in block and "<svg" not in block, metric_id
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "charts/openings_by_exposure_band.png" not in md and NOT_MAPPED in md
    line = next(x for x in headline_lines(report) if x.startswith("Roles cut vs roles created, by AI exposure"))
    assert "not mapped yet" in line and ": 0" not in line
    # attribution levels need no mapping: drawn from the layoffs as they are (all none here)
    assert report.metric("ai_attribution_levels_quarterly").table
    assert "<svg" in html.split('id="ai_attribution_levels_quarterly"')[1].split('<div class="metric"')[0]
