"""Lever board source through the replay server: pagination, pay, errors, ingest."""

from __future__ import annotations

from datetime import datetime
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
from jobshift.sources.lever import LeverSource, normalise_lever
from jobshift.store.db import connect

BOARD = Board("lever", "globex", "Globex", "startup")
PATH = "/v0/postings/globex"


def _pages(server: HTTPServer, replay: Any) -> None:
    server.expect_request(PATH, query_string={"mode": "json", "skip": "0", "limit": "2"}).respond_with_json(
        replay("lever_page1.json"))
    server.expect_request(PATH, query_string={"mode": "json", "skip": "2", "limit": "2"}).respond_with_json(
        replay("lever_page2.json"))


def _rows(source: LeverSource) -> list[dict[str, Any]]:
    return [source.normalise(raw) for raw in source.fetch(None)]


def test_paginates_and_parses(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    _pages(server, replay)
    source = LeverSource([BOARD], base_url=base_url, client=client, page_size=2)
    rows = {r["source_id"].split(":")[1][-4:]: r for r in _rows(source)}
    assert list(rows) == ["aaaa", "bbbb", "cccc"]
    staff = rows["aaaa"]
    assert staff["source_id"] == "globex:5c1e3f4a-0001-4b2c-9d7e-aaaaaaaaaaaa"
    assert staff["title"] == "Staff ML Infrastructure Engineer" and staff["company"] == "Globex"
    assert (staff["salary_min"], staff["salary_max"], staff["salary_currency"], staff["salary_period"]) == (
        210000.0, 260000.0, "USD", "year")
    assert staff["remote"] is False and staff["country"] == "US" and staff["location"] == "New York, NY"
    assert staff["posted_at"] == datetime(2024, 3, 1, 13, 33, 20)
    assert "Requirements\n5+ years Python\nKubernetes & Terraform" in staff["description"]
    assert staff["description"].endswith("We offer great benefits.")
    assert staff["url"] == "https://jobs.lever.co/globex/5c1e3f4a-0001-4b2c-9d7e-aaaaaaaaaaaa"
    assert staff["employment_type"] == "full_time"
    sales = rows["bbbb"]
    assert (sales["salary_min"], sales["salary_currency"], sales["salary_period"]) == (40.0, "GBP", "hour")
    assert sales["country"] == "GB" and sales["employment_type"] == "part_time"
    intern = rows["cccc"]
    assert intern["remote"] is True and intern["employment_type"] == "internship"
    assert intern["salary_text"] == "$50 - $60 per hour" and intern["country"] is None
    assert all(set(r) <= set(POSTING_FIELDS) for r in rows.values())
    assert len(source.live_ids()["globex"]) == 3


def test_full_last_page_then_empty_page(server: HTTPServer, base_url: str, client: HttpClient,
                                        replay: Any) -> None:
    server.expect_request(PATH, query_string={"mode": "json", "skip": "0", "limit": "2"}).respond_with_json(
        replay("lever_page1.json"))
    server.expect_request(PATH, query_string={"mode": "json", "skip": "2", "limit": "2"}).respond_with_json([])
    assert len(_rows(LeverSource([BOARD], base_url=base_url, client=client, page_size=2))) == 2


def test_server_ignoring_skip_does_not_loop(server: HTTPServer, base_url: str, client: HttpClient,
                                            replay: Any) -> None:
    server.expect_request(PATH).respond_with_json(replay("lever_page1.json"))
    assert len(_rows(LeverSource([BOARD], base_url=base_url, client=client, page_size=2))) == 2


def test_empty_board(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(PATH).respond_with_json([])
    source = LeverSource([BOARD], base_url=base_url, client=client)
    assert _rows(source) == [] and source.live_ids() == {"globex": set()}


def test_unknown_site_404(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request("/v0/postings/nope").respond_with_json({"ok": False, "error": "Document not found"},
                                                                 status=404)
    with pytest.raises(SourceResponseError, match=r"lever board 'nope' not found \(404\) at .*/v0/postings/nope\?"):
        _rows(LeverSource(["nope"], base_url=base_url, client=client))


def test_object_instead_of_array(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(PATH).respond_with_json({"ok": False})
    with pytest.raises(SourceResponseError, match="expected a JSON array"):
        _rows(LeverSource([BOARD], base_url=base_url, client=client))


def test_500_on_second_page_then_success(server: HTTPServer, base_url: str, client: HttpClient,
                                         replay: Any) -> None:
    server.expect_request(PATH, query_string={"mode": "json", "skip": "0", "limit": "2"}).respond_with_json(
        replay("lever_page1.json"))
    server.expect_oneshot_request(PATH, query_string={"mode": "json", "skip": "2", "limit": "2"}
                                  ).respond_with_data("oops", status=500)
    server.expect_request(PATH, query_string={"mode": "json", "skip": "2", "limit": "2"}).respond_with_json(
        replay("lever_page2.json"))
    assert len(_rows(LeverSource([BOARD], base_url=base_url, client=client, page_size=2))) == 3


def test_malformed_second_page_fails_board_without_live_ids(server: HTTPServer, base_url: str,
                                                             client: HttpClient, replay: Any) -> None:
    server.expect_request(PATH, query_string={"mode": "json", "skip": "0", "limit": "2"}).respond_with_json(
        replay("lever_page1.json"))
    server.expect_request(PATH, query_string={"mode": "json", "skip": "2", "limit": "2"}).respond_with_data(
        "[{\"id\": \"x\",", content_type="application/json")
    source = LeverSource([BOARD, "other"], base_url=base_url, client=client, page_size=2)
    server.expect_request("/v0/postings/other").respond_with_json([])
    rows = _rows(source)
    assert len(rows) == 2  # the first page was yielded
    assert "globex" not in source.live_ids()  # an incomplete board closes nothing
    assert "truncated JSON" in source.problems[0]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
_keys = st.sampled_from(["id", "text", "categories", "country", "workplaceType", "createdAt", "description",
                         "descriptionPlain", "lists", "additionalPlain", "hostedUrl", "salaryRange",
                         "salaryDescriptionPlain"]) | st.text(max_size=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(job=st.dictionaries(_keys, _json, max_size=10), board=st.dictionaries(st.sampled_from(
    ["token", "company"]), _json, max_size=2))
def test_normaliser_never_raises_but_row_error(job: dict[str, Any], board: dict[str, Any]) -> None:
    try:
        row = normalise_lever(job, board)
    except RowError:
        return
    assert set(row) <= set(POSTING_FIELDS) and row["source_id"] and row["title"]


def test_ingest_and_reingest(pipeline: Any, server: HTTPServer, base_url: str, client: HttpClient,
                             tmp_path: Path, replay: Any) -> None:
    _pages(server, replay)
    con = connect(tmp_path / "t.duckdb")
    source = LeverSource([BOARD], base_url=base_url, client=client, page_size=2)
    assert pipeline.ingest(con, source).counts.new == 3
    again = pipeline.ingest(con, source)
    assert again.counts.new == 0 and again.counts.unchanged == 3
    rows = con.execute("SELECT source_id, salary_min, salary_period FROM postings ORDER BY source_id").fetchall()
    assert len(rows) == 3 and rows[0][1:] == (210000.0, "year")
