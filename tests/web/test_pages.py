"""Server-rendered pages: each loads, names its sources, and says SYNTHETIC SAMPLE only over the sample."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

PAGES = ["/", "/skills", "/skills/python", "/roles", "/exposure", "/layoffs", "/layoffs/tracker:e1", "/companies",
         "/companies/acme", "/postings", "/postings/board:p1", "/news", "/news/news:wire:1", "/login"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_provenance_and_no_banner(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    html = response.text
    assert html.startswith("<!doctype html>")
    assert "SYNTHETIC SAMPLE" not in html  # real data: no banner
    assert '<html lang="en">' in html and 'name="viewport"' in html
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", html).split("<footer")[0].split("<main")[0]
    assert "/static/htmx.min.js" in html
    if path not in ("/login", "/news", "/postings", "/postings/board:p1", "/layoffs/tracker:e1"):  # lists: a column
        assert "Source:" in html or "source:" in html, "every figure names its source"


def test_synthetic_sample_shows_the_banner_everywhere(sample_client: TestClient) -> None:
    for path in ("/", "/layoffs", "/companies", "/news"):
        html = sample_client.get(path).text
        assert 'id="synthetic-banner"' in html and "SYNTHETIC SAMPLE" in html, path
        assert "<title>[SYNTHETIC]" in html


def test_overview_has_headline_cards_and_inline_charts(client: TestClient) -> None:
    html = client.get("/").text
    assert html.count('class="card"') >= 6
    assert html.count("<svg") >= 2
    assert 'data-chart="gross_vs_net_monthly"' in html and 'data-chart="ai_attributed_share_monthly"' in html
    assert "2024-01 to 2024-02" in html  # every figure names its period


def test_filters_reach_the_figures(client: TestClient) -> None:
    html = client.get("/", params={"start": "2024-02", "end": "2024-02"}).text
    job_card = html.split('data-metric="postings_distinct"')[1].split("</div>\n</div>")[0]
    assert '<div class="value">4</div>' in job_card  # four postings dated February 2024
    bad = client.get("/", params={"start": "bogus"})
    assert bad.status_code == 422 and "not a month" in bad.text


def test_layoffs_page_lists_events_with_evidence_and_filters(client: TestClient) -> None:
    html = client.get("/layoffs", params={"reason": "ai_explicit"}).text
    assert "replaced by AI" in html and "Source: tracker" in html
    assert "Unmatched Co" not in html.split('id="layoff-rows"')[1]
    partial = client.get("/layoffs", params={"company": "brainy"}, headers={"HX-Request": "true"}).text
    assert not partial.lstrip().startswith("<!doctype")  # htmx gets only the rows
    assert "Brainy AI" in partial and "Acme" not in partial


def test_postings_search_and_drill_down_links(client: TestClient) -> None:
    html = client.get("/postings", params={"q": "pytorch"}).text
    assert "ML Platform Engineer" in html and "Research Scientist" in html and "Sales Lead" not in html
    assert 'href="/postings/board%3Ap2"' in html and 'href="/companies/acme"' in html
    detail = client.get("/postings/board%3Ap2").text
    assert "PyTorch" in detail and 'href="/skills/pytorch"' in detail


def test_company_page_shows_cuts_openings_and_net(client: TestClient) -> None:
    html = client.get("/companies/acme").text
    assert "Acme" in html and "<svg" in html
    assert "−398" in html or "-398" in html
    assert "Cutting while hiring" in client.get("/companies").text


def test_story_page_has_context_card_and_checklist(client: TestClient) -> None:
    html = client.get("/news/news:wire:1").text
    assert "Context card" in html and "What the story does not say" in html
    assert 'href="/layoffs?reason=ai_explicit&amp;start=2023-12&amp;end=2024-02"' in html
    assert "Log in</a> to join the discussion" in html


def test_unknown_pages_are_404(client: TestClient) -> None:
    assert client.get("/companies/nobody").status_code == 404
    assert client.get("/skills/nothing").status_code == 404
    assert client.get("/news/user:999").status_code == 404
    assert client.get("/news/garbage").status_code == 404


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/docs").status_code == 404  # no CDN-loaded docs UI


def test_monthly_pages_default_to_the_last_24_months(client: TestClient) -> None:
    html = client.get("/").text
    assert "Showing the last 24 months with data: <b>2022-03 to 2024-02</b>" in html
    assert 'href="/?all=1"' in html
    assert "window-note" not in client.get("/", params={"all": "1"}).text
    assert "window-note" not in client.get("/layoffs", params={"start": "2024-01"}).text
    assert "window-note" in client.get("/layoffs").text


def test_one_broken_metric_does_not_take_the_pages_down(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from jobshift.errors import StoreError
    from jobshift.web import figures

    real_run_metric = figures.run_metric

    def broken_all(*_args: object, **_kwargs: object) -> None:
        raise StoreError("metric cuts_concentration: query failed: boom")

    def run_metric(con: object, metric_id: str, filters: object = None) -> object:
        if metric_id == "cuts_concentration":
            raise StoreError("metric cuts_concentration: query failed: boom")
        return real_run_metric(con, metric_id, filters)  # type: ignore[arg-type]

    monkeypatch.setattr(figures, "run_all", broken_all)
    monkeypatch.setattr(figures, "run_metric", run_metric)
    page = client.get("/")
    assert page.status_code == 200
    assert 'data-metric="postings_distinct"' in page.text and 'data-metric="cuts_concentration"' not in page.text
    assert client.get("/api/v1/metrics").json()["failed"] == ["cuts_concentration"]
    assert client.get("/api/v1/metrics/cuts_concentration").status_code == 503
