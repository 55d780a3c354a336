"""SmartRecruiters source through the replay server: offset pagination, details, fallbacks, ingest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jobshift.errors import RowError, SourceResponseError
from jobshift.fields import POSTING_FIELDS
from jobshift.sources.ats_board import Board
from jobshift.sources.http import HttpClient
from jobshift.sources.smartrecruiters import SmartRecruitersSource, normalise_smartrecruiters
from jobshift.store.db import connect

BOARD = Board("smartrecruiters", "Umbrella", "Umbrella Corporation", "incumbent")
PATH = "/v1/companies/Umbrella/postings"


def _serve(server: HTTPServer, replay: Any) -> None:
    server.expect_request(PATH, query_string={"offset": "0", "limit": "2"}).respond_with_json(
        replay("smartrecruiters_page1.json"))
    server.expect_request(PATH, query_string={"offset": "2", "limit": "2"}).respond_with_json(
        replay("smartrecruiters_page2.json"))
    server.expect_request(f"{PATH}/744000012345601").respond_with_json(replay("smartrecruiters_detail_601.json"))
    server.expect_request(f"{PATH}/744000012345602").respond_with_json(replay("smartrecruiters_detail_602.json"))
    server.expect_request(f"{PATH}/744000012345603").respond_with_data("", status=404)


def _rows(source: SmartRecruitersSource) -> list[dict[str, Any]]:
    return [source.normalise(raw) for raw in source.fetch(None)]


def test_paginates_with_details(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    _serve(server, replay)
    source = SmartRecruitersSource([BOARD], base_url=base_url, client=client, page_size=2)
    rows = {r["source_id"]: r for r in _rows(source)}
    assert list(rows) == ["Umbrella:744000012345601", "Umbrella:744000012345602", "Umbrella:744000012345603"]
    ds = rows["Umbrella:744000012345601"]
    assert ds["title"] == "Data Scientist, Fraud & Risk" and ds["company"] == "Umbrella Corporation"
    assert ds["location"] == "Austin, TX, United States" and ds["country"] == "US" and ds["remote"] is False
    assert ds["description"].startswith("Job Description\nBuild fraud models with Python, SQL")
    assert "Umbrella Corporation is a global payments company." in ds["description"]
    assert ds["salary_text"] == "$120,000 - $150,000 per year"
    assert ds["url"].endswith("744000012345601-data-scientist-fraud-risk")
    assert ds["employment_type"] == "full_time"
    german = rows["Umbrella:744000012345602"]
    assert german["title"] == "Werkstudent (m/w/d) KI-Automatisierung" and german["country"] == "DE"
    assert "Du automatisierst Prozesse mit KI & Python – 20 Std./Woche." in german["description"]
    assert german["employment_type"] == "part_time"
    remote = rows["Umbrella:744000012345603"]  # its detail is 404: the list entry is kept
    assert remote["remote"] is True and remote["country"] == "CA" and remote["description"] is None
    assert remote["url"] == "https://jobs.smartrecruiters.com/Umbrella/744000012345603"
    assert source.live_ids() == {"Umbrella": set(rows)}


def test_without_details(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    _serve(server, replay)
    source = SmartRecruitersSource([BOARD], base_url=base_url, client=client, page_size=2, details=False)
    assert len(_rows(source)) == 3
    assert all("/744" not in str(entry[0].path) for entry in server.log)


def test_empty_company_and_404(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(PATH).respond_with_json({"offset": 0, "limit": 100, "totalFound": 0, "content": []})
    assert _rows(SmartRecruitersSource([BOARD], base_url=base_url, client=client)) == []
    server.expect_request("/v1/companies/Nobody/postings").respond_with_data("", status=404)
    with pytest.raises(SourceResponseError, match="smartrecruiters company 'Nobody' not found"):
        _rows(SmartRecruitersSource(["Nobody"], base_url=base_url, client=client))


def test_truncated_page(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(PATH).respond_with_data('{"offset": 0, "content": [{"id": "1", "na',
                                                  content_type="application/json")
    with pytest.raises(SourceResponseError, match=rf"truncated JSON at {base_url}{PATH}\?offset=0"):
        _rows(SmartRecruitersSource([BOARD], base_url=base_url, client=client))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
_keys = st.sampled_from(["id", "name", "location", "releasedDate", "jobAd", "postingUrl", "typeOfEmployment",
                         "company"]) | st.text(max_size=6)
_ad = st.fixed_dictionaries({"sections": st.dictionaries(st.sampled_from(
    ["jobDescription", "qualifications", "companyDescription"]), st.dictionaries(st.sampled_from(
        ["title", "text"]), _json))})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(job=st.dictionaries(_keys, _json | _ad, max_size=8),
       board=st.dictionaries(st.sampled_from(["token", "company"]), _json, max_size=2))
def test_normaliser_never_raises_but_row_error(job: dict[str, Any], board: dict[str, Any]) -> None:
    try:
        row = normalise_smartrecruiters(job, board)
    except RowError:
        return
    assert set(row) <= set(POSTING_FIELDS)


def test_ingest_and_reingest(pipeline: Any, server: HTTPServer, base_url: str, client: HttpClient,
                             tmp_path: Path, replay: Any) -> None:
    _serve(server, replay)
    con = connect(tmp_path / "t.duckdb")
    source = SmartRecruitersSource([BOARD], base_url=base_url, client=client, page_size=2)
    assert pipeline.ingest(con, source).counts.new == 3
    assert pipeline.ingest(con, source).counts.new == 0
    assert con.execute("SELECT count(*) FROM postings WHERE source = 'smartrecruiters'").fetchall() == [(3,)]
