"""Exposure bands and AI attribution levels in the web app: the Exposure page, the Layoffs and Roles & pay
additions, posting and layoff details, and their API endpoints - before and after the occupation mapping."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jobshift.report.format import NOT_MAPPED
from jobshift.store.db import connect

from .conftest import AppFactory, build_real

# On the hand-made database (conftest.build_real): posting -> (band, seniority); p6 stays unmapped.
POSTINGS = {"p1": ("high", "senior"), "p2": ("high", "junior"), "p3": ("high", "senior"), "p4": ("low", "intern"),
            "p5": ("low", "senior")}
LEVELS = {"e1": "stated", "e2": "denied", "e3": "none", "e4": "none"}


@pytest.fixture
def mapped_client(make_app: AppFactory, tmp_path: Path) -> Iterator[TestClient]:
    path = build_real(tmp_path / "mapped.duckdb")
    con = connect(path)
    try:
        for pid, (band, level) in POSTINGS.items():
            con.execute(
                "UPDATE postings SET occupation_code = '15-1252.00', occupation_title = 'Software Developers', "
                "occupation_method = 'rule', occupation_evidence = 'engineer', exposure_score = 0.61, "
                "exposure_band = ?, seniority = ?, ai_role = 'builds_ai' WHERE posting_id = ?",
                [band, level, f"board:{pid}"])
        for eid, level in LEVELS.items():
            con.execute("UPDATE layoff_events SET ai_attribution = ?, ai_attribution_evidence = ? "
                        "WHERE event_id = ?", [level, "replaced by AI" if level == "stated" else None,
                                               f"tracker:{eid}"])
        con.execute("UPDATE layoff_events SET roles_named = 'customer_support', exposure_bands = 'high', "
                    "occupation_codes = '43-4051.00', "
                    "occupation_evidence = '''support staff'' -> 43-4051.00' WHERE event_id = 'tracker:e1'")
    finally:
        con.close()
    with TestClient(make_app(path)) as test_client:
        yield test_client


def test_exposure_page_says_not_mapped_yet(client: TestClient) -> None:
    response = client.get("/exposure")
    assert response.status_code == 200
    html = unescape(response.text)
    for metric_id in ("openings_by_exposure_band_monthly", "entry_level_share_by_exposure_band_monthly",
                      "roles_cut_vs_created_by_exposure_band"):
        assert f'data-not-mapped="{metric_id}"' in html, metric_id
    assert NOT_MAPPED in html and "<svg" not in html.split("<main")[1]
    assert "Source: board (6 rows)" in html  # still names what it looked at
    assert 'href="/exposure"' in html  # in the navigation
    body = client.get("/api/v1/exposure").json()
    assert all(entry["not_mapped"] for entry in body.values())
    assert body["openings_by_exposure_band_monthly"]["extra"]["unmapped"] == 6


def test_exposure_page_and_api_once_mapped(mapped_client: TestClient) -> None:
    html = unescape(mapped_client.get("/exposure", params={"all": "1"}).text)
    assert NOT_MAPPED not in html and "data-not-mapped" not in html
    assert 'data-chart="openings_by_exposure_band_monthly"' in html
    assert 'data-chart="entry_level_share_by_exposure_band_monthly"' in html
    assert html.count("<svg") >= 2 and "95% CI" in html
    # 5 of 6 postings mapped: 1 not mapped, without an occupation
    assert "1 of 6 not mapped (1 without an occupation, 0 without an exposure score)" in html
    body = mapped_client.get("/api/v1/exposure").json()
    openings = {r["month"]: r for r in body["openings_by_exposure_band_monthly"]["table"]}
    # January: p1, p2 high; February: p3 high, p4, p5 low, p6 unmapped
    assert openings["2024-01"]["high_share"] == 1.0 and openings["2024-02"]["low_share"] == pytest.approx(2 / 3)
    assert openings["2024-02"]["unmapped"] == 1
    entry = {r["month"]: r for r in body["entry_level_share_by_exposure_band_monthly"]["table"]}
    assert entry["2024-01"]["high_entry_share"] == 0.5 and entry["2024-02"]["low_entry_share"] == 0.5
    cut = {r["exposure_band"]: r for r in body["roles_cut_vs_created_by_exposure_band"]["table"]}
    assert cut["high"]["cut_events"] == 1 and cut["high"]["postings"] == 3
    assert not any(entry["not_mapped"] for entry in body.values())
    rows = list(csv.DictReader(io.StringIO(mapped_client.get("/api/v1/exposure", params={"format": "csv"}).text)))
    assert [r["month"] for r in rows] == ["2024-01", "2024-02"] and rows[1]["low_postings"] == "2"


def test_layoffs_page_shows_attribution_levels(mapped_client: TestClient) -> None:
    html = unescape(mapped_client.get("/layoffs", params={"all": "1"}).text)
    section = html.split('id="ai-attribution"')[1].split("By company class")[0]
    assert "stated" in section and "denied" in section and "95% CI" in section
    assert 'data-chart="ai_attribution_levels_quarterly"' in section and "<svg" in section
    assert "Source: tracker (4 rows)" in section
    assert "AI stated" in html and "AI attribution (stated): “replaced by AI”" in html.replace("<q>", "“").replace(
        "</q>", "”")
    body = mapped_client.get("/api/v1/ai-attribution").json()
    quarter = body["ai_attribution_levels_quarterly"]["table"]
    # 2024-Q1: four events, one stated, one denied
    assert [(q["quarter"], q["events"], q["stated_share"], q["denied_share"]) for q in quarter] == [
        ("2024-Q1", 4, 0.25, 0.25)
    ]
    assert {r["ai_attribution"] for r in body["ai_attribution_levels"]["table"]} == {"stated", "denied", "none"}
    rows = list(csv.DictReader(io.StringIO(mapped_client.get("/api/v1/ai-attribution",
                                                             params={"format": "csv"}).text)))
    assert rows[0]["quarter"] == "2024-Q1" and "stated_share_ci_low" in rows[0]


def test_roles_page_shows_ai_roles_and_builders_premium(mapped_client: TestClient) -> None:
    html = mapped_client.get("/roles").text
    assert 'data-metric="ai_builders_pay_premium"' in html and 'data-metric="ai_pay_premium"' in html
    assert 'id="ai-roles"' in html and "builds_ai" in html


def test_details_show_occupation_exposure_and_evidence(mapped_client: TestClient, client: TestClient) -> None:
    posting = unescape(mapped_client.get("/postings/board:p1").text)
    assert "Software Developers" in posting and "15-1252.00" in posting and "by rule" in posting
    assert "high (score 0.61, GPTs-are-GPTs)" in posting and "builds_ai" in posting
    layoff = unescape(mapped_client.get("/layoffs/tracker:e1").text)
    assert "43-4051.00" in layoff and "'support staff' -> 43-4051.00" in layoff and "stated" in layoff
    assert "replaced by AI" in layoff
    assert mapped_client.get("/api/v1/layoffs/tracker:e1").json()["exposure_bands"] == "high"
    assert mapped_client.get("/api/v1/postings/board:p1").json()["exposure_band"] == "high"
    # before the mapping: the details say so instead of showing blanks
    assert "not mapped yet" in client.get("/postings/board:p1").text
    assert "not mapped yet" in client.get("/layoffs/tracker:e1").text
    assert client.get("/layoffs/tracker:nope").status_code == 404
