"""The JSON API over a small hand-made database: lists, filters, pagination, CSV, metrics, caching."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jobshift.metrics import Filters, list_metrics, run_metric
from jobshift.store.db import connect, open_read_only

from .conftest import AppFactory, Rows


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_status_reports_version_and_not_synthetic(client: TestClient) -> None:
    body = client.get("/api/v1/status").json()
    assert body["synthetic"] is False
    assert body["last_run_finished"].startswith("2024-03-01 12:00")


def test_every_metric_matches_the_metrics_layer(client: TestClient, real_db: Path) -> None:
    """The API serves run_metric's own numbers: nothing is re-defined in the web layer."""
    body = client.get("/api/v1/metrics", params={"start": "2024-01", "end": "2024-02"}).json()
    served = {m["id"]: m for m in body["metrics"]}
    assert set(served) == {m.id for m in list_metrics()}
    client.app.state.jobshift.db.close()  # type: ignore[attr-defined]
    con = open_read_only(real_db)
    try:
        for metric in list_metrics():
            expected = run_metric(con, metric.id, Filters(start="2024-01", end="2024-02"))
            got = served[metric.id]
            assert got["value"] == pytest.approx(expected.value), metric.id
            assert got["n"] == expected.n and got["period"] == expected.period, metric.id
            assert got["sources"] == expected.sources, metric.id
            for key in ("ci_low", "ci_high", "unit", "method", "caveats"):
                assert key in got
    finally:
        con.close()


def test_one_metric_with_interval_n_period_sources(client: TestClient) -> None:
    body = client.get("/api/v1/metrics/share_ai_skill_required").json()
    assert body["value"] == pytest.approx(3 / 6)  # p1, p2, p4 of six postings
    assert body["n"] == 6 and body["period"] == "2024-01..2024-02"
    assert body["ci_low"] < 0.5 < body["ci_high"]
    assert body["sources"][0]["source"] == "board"


def test_metric_errors_are_4xx(client: TestClient) -> None:
    assert client.get("/api/v1/metrics/no_such_metric").status_code == 404
    bad = client.get("/api/v1/metrics/postings_distinct", params={"start": "2024-13"})
    assert bad.status_code == 422 and "not a month" in bad.text
    assert client.get("/api/v1/metrics", params={"start": "2024-05", "end": "2024-01"}).status_code == 422
    assert client.get("/api/v1/postings", params={"role_family": "astronaut"}).status_code == 422


def test_metric_csv_is_its_table(client: TestClient) -> None:
    response = client.get("/api/v1/metrics/layoff_events_monthly", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv(response.text)
    assert [r["month"] for r in rows] == ["2024-01", "2024-02"]


def test_postings_full_text_and_filters(client: TestClient) -> None:
    def ids(**params: str) -> list[str]:
        body = client.get("/api/v1/postings", params=params).json()
        return sorted(p["posting_id"] for p in body["items"])

    assert ids(q="python") == ["board:p1", "board:p2"]
    assert ids(q="python pytorch") == ["board:p2"]  # every word must appear
    assert ids(skill="pytorch") == ["board:p2", "board:p4"]
    assert ids(skill="PyTorch") == ["board:p2", "board:p4"]  # by name too
    assert ids(company="acme") == ["board:p1", "board:p2", "board:p3"]
    assert ids(role_family="ai_engineer") == ["board:p1"]
    assert ids(start="2024-02", end="2024-02", ai="true") == ["board:p4"]
    assert ids(country="FR") == []
    assert ids(q="50%_") == []  # LIKE wildcards in the query are literal


def test_postings_pagination_and_csv(client: TestClient) -> None:
    first = client.get("/api/v1/postings", params={"per_page": 4}).json()
    second = client.get("/api/v1/postings", params={"per_page": 4, "page": 2}).json()
    assert first["total"] == 6 and first["pages"] == 2
    assert len(first["items"]) == 4 and len(second["items"]) == 2
    assert not {p["posting_id"] for p in first["items"]} & {p["posting_id"] for p in second["items"]}
    assert first["items"][0]["date"] >= first["items"][-1]["date"]  # newest first
    rows = _csv(client.get("/api/v1/postings", params={"per_page": 4, "format": "csv"}).text)
    assert len(rows) == 6  # CSV gives every match, not one page
    assert client.get("/api/v1/postings", params={"per_page": 1000}).status_code == 422


def test_posting_detail_has_skills_with_evidence(client: TestClient) -> None:
    body = client.get("/api/v1/postings/board:p2").json()
    assert body["title"] == "ML Platform Engineer"
    assert {s["skill_id"] for s in body["skills"]} == {"python", "pytorch"}
    assert client.get("/api/v1/postings/board:nope").status_code == 404


def test_layoffs_with_reason_and_evidence(client: TestClient) -> None:
    body = client.get("/api/v1/layoffs", params={"reason": "ai_explicit"}).json()
    assert body["total"] == 1
    event = body["items"][0]
    assert event["event_id"] == "tracker:e1" and event["reason_evidence"] == "ai_explicit: 'replaced by AI'"
    assert event["source"] == "tracker" and event["headcount"] == 100
    assert client.get("/api/v1/layoffs", params={"company": "acme"}).json()["total"] == 2
    assert client.get("/api/v1/layoffs", params={"q": "unmatched"}).json()["total"] == 1
    rows = _csv(client.get("/api/v1/layoffs", params={"format": "csv"}).text)
    assert len(rows) == 4 and "reason_evidence" in rows[0]


def test_companies_search_and_profile(client: TestClient) -> None:
    found = client.get("/api/v1/companies", params={"q": "acme"}).json()
    assert [c["company_id"] for c in found["items"]] == ["acme"]
    assert found["items"][0]["layoff_events"] == 2 and found["items"][0]["ai_postings"] == 2
    profile = client.get("/api/v1/companies/acme").json()
    months = {m["month"]: m for m in profile["months"]}
    assert months["2024-01"] == {"month": "2024-01", "layoff_events": 2, "cuts_headcount": 400, "postings": 2,
                                 "ai_postings": 2, "ai_postings_minus_cuts": -398}
    assert months["2024-02"]["postings"] == 1 and months["2024-02"]["layoff_events"] == 0
    assert profile["totals"]["cuts_headcount"] == 400
    assert {s["source"] for s in profile["sources"]} == {"board", "tracker"}
    rows = _csv(client.get("/api/v1/companies/acme", params={"format": "csv"}).text)
    assert [r["month"] for r in rows] == ["2024-01", "2024-02"]
    assert client.get("/api/v1/companies/nobody").status_code == 404


def test_skills_roles_and_cutting_while_hiring(client: TestClient) -> None:
    skills = client.get("/api/v1/skills").json()
    assert {s["skill"] for s in skills["items"]} == {"Python", "PyTorch"}
    assert skills["sources"] and skills["period"]
    trend = client.get("/api/v1/skills/pytorch").json()
    assert {m["month"]: m["with_skill"] for m in trend["months"]} == {"2024-01": 1, "2024-02": 1}
    roles = client.get("/api/v1/roles").json()
    assert set(roles) == {"role_family_counts_monthly", "median_pay_by_role", "ai_pay_premium",
                          "ai_builders_pay_premium", "ai_role_shares"}
    assert _csv(client.get("/api/v1/roles", params={"format": "csv"}).text)
    cwh = client.get("/api/v1/cutting-while-hiring").json()
    assert {r["company_id"] for r in cwh["items"]} == {"acme", "brainy"}
    assert "company_id" in _csv(client.get("/api/v1/cutting-while-hiring", params={"format": "csv"}).text)[0]


def test_news_story_card_and_adhoc_card(client: TestClient) -> None:
    stories = client.get("/api/v1/news").json()["items"]
    assert [s["story_id"] for s in stories] == ["news:wire:1"]
    body = client.get("/api/v1/news/news:wire:1").json()
    card = body["card"]
    assert card["extracted"]["headcount"] == 250 and card["extracted"]["company_id"] == "acme"
    assert card["period"] == "2023-12..2024-02"
    assert card["gross_or_net"].startswith("Gross")
    labels = [c["label"] for c in card["context"]]
    assert "Cuts our data attributes explicitly to AI" in labels
    assert all(c["link"].startswith("/") for c in card["context"] + card["company"])
    acme = " ".join(c["text"] for c in card["company"])
    assert "2 events, 400 stated headcount" in acme and "2 in the period" in acme
    assert any(not item["answered"] for item in card["not_said"])
    adhoc = client.get("/api/v1/news/card", params={"headline": "Globex lays off 10% of staff while hiring AI"}).json()
    assert adhoc["extracted"]["percent"] == 10
    assert adhoc["gross_or_net"].startswith("Net")
    assert client.get("/api/v1/news/news:wire:404").status_code == 404


def test_card_finds_every_named_company(client: TestClient) -> None:
    card = client.get("/api/v1/news/card", params={"headline": "Brainy AI and Acme cut 900 jobs; acmeville unaffected",
                                                   "text": "Metadata firms too"}).json()
    labels = [c["label"] for c in card["company"]]
    assert any(label.startswith("Brainy AI:") for label in labels)
    assert any(label.startswith("Acme:") for label in labels)
    assert len(labels) == 4  # two figures per company; "acmeville" is not Acme
    unknown = client.get("/api/v1/news/card", params={"headline": "Initech lays off 40"}).json()
    assert unknown["company"][0]["label"] == "Initech: layoff events in our data (company not in our data)"
    assert unknown["company"][1]["note"] == ""  # no link to a company page that does not exist


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/postings", "/api/v1/metrics/{metric_id}", "/api/v1/layoffs", "/api/v1/companies/{company_id}",
                 "/api/v1/skills", "/api/v1/roles", "/api/v1/news"):
        assert path in paths
    assert not [p for p in paths if not p.startswith("/api/v1/")]  # pages stay out of the schema


def test_metric_cache_is_invalidated_when_a_run_finishes(make_app: AppFactory, real_db: Path) -> None:
    with TestClient(make_app(real_db)) as client:
        state = client.app.state.jobshift  # type: ignore[attr-defined]
        before = client.get("/api/v1/metrics/postings_distinct").json()["value"]
        assert "6 matches" in client.get("/postings").text  # the page's list is cached too
        client.get("/api/v1/metrics/postings_distinct")
        assert state.figures.cache.hits >= 1
        assert before == 6
        state.db.close()  # the server releases the file when idle; a writer can then add a run
        con = connect(real_db)
        try:
            Rows(con).posting("p7", "2024-02-21", title="New AI role", role_family="ai_engineer")
            Rows(con).run("r2", "board", datetime(2024, 3, 2, 9, 0))
        finally:
            con.close()
        assert client.get("/api/v1/metrics/postings_distinct").json()["value"] == 7
        assert "7 matches" in client.get("/postings").text
        assert client.get("/api/v1/status").json()["last_run_finished"].startswith("2024-03-02 09:00")


def test_database_is_opened_read_only(client: TestClient) -> None:
    import duckdb

    state = client.app.state.jobshift  # type: ignore[attr-defined]
    with state.db.cursor() as cur, pytest.raises(duckdb.Error, match="read-only"):
        cur.execute("DELETE FROM postings")
