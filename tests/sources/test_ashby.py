"""Ashby board source through the replay server: compensation, remote, unlisted jobs, errors, ingest."""

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
from jobshift.sources.ashby import AshbySource, normalise_ashby
from jobshift.sources.ats_board import Board
from jobshift.sources.http import HttpClient
from jobshift.store.db import connect

BOARD = Board("ashby", "initech", "Initech AI", "ai_native")
PATH = "/posting-api/job-board/initech"


def _rows(source: AshbySource) -> list[dict[str, Any]]:
    return [source.normalise(raw) for raw in source.fetch(None)]


def test_parses_board(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    server.expect_request(PATH, query_string={"includeCompensation": "true"}).respond_with_json(
        replay("ashby_board.json"))
    source = AshbySource([BOARD], base_url=base_url, client=client)
    rows = _rows(source)
    assert [r["title"] for r in rows] == ["Research Engineer, Pretraining", "Solutions Architect"]  # unlisted out
    research, architect = rows
    assert research["source_id"] == "initech:9f0c5b8e-1111-4d3a-8b7c-0123456789ab"
    assert (research["salary_min"], research["salary_max"], research["salary_currency"],
            research["salary_period"]) == (300000.0, 450000.0, "USD", "year")
    assert research["remote"] is False and research["country"] == "US"
    assert research["posted_at"] == datetime(2025, 3, 5, 17, 22, 31, 123000)
    assert research["employment_type"] == "full_time" and research["company"] == "Initech AI"
    assert research["description"].startswith("Train frontier transformer models")
    assert architect["remote"] is True and architect["country"] == "DE"
    assert architect["salary_text"] == "€90K – €120K" and "salary_min" not in architect
    assert architect["description"] == "Help customers deploy & scale."
    assert source.live_ids() == {"initech": {r["source_id"] for r in rows}}


def test_empty_and_unknown_boards(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(PATH).respond_with_json({"apiVersion": "1", "jobs": []})
    assert _rows(AshbySource([BOARD], base_url=base_url, client=client)) == []
    server.expect_request("/posting-api/job-board/ghost").respond_with_json({"success": False}, status=404)
    with pytest.raises(SourceResponseError, match=r"ashby board 'ghost' not found \(404\) at http://127"):
        _rows(AshbySource(["ghost"], base_url=base_url, client=client))


def test_malformed_and_wrong_shape(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(PATH).respond_with_data('{"apiVersion": "1", "jobs": [}', content_type="application/json")
    with pytest.raises(SourceResponseError, match=rf"malformed JSON at {base_url}{PATH}\?includeCompensation"):
        _rows(AshbySource([BOARD], base_url=base_url, client=client))
    server.clear()
    server.expect_request(PATH).respond_with_json({"apiVersion": "1", "jobs": {"not": "a list"}})
    with pytest.raises(SourceResponseError, match="expected"):
        _rows(AshbySource([BOARD], base_url=base_url, client=client))


def test_retry_after_then_success(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    server.expect_oneshot_request(PATH).respond_with_data("", status=429, headers={"Retry-After": "0"})
    server.expect_oneshot_request(PATH).respond_with_data("", status=503)
    server.expect_request(PATH).respond_with_json(replay("ashby_board.json"))
    assert len(_rows(AshbySource([BOARD], base_url=base_url, client=client))) == 2


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
_keys = st.sampled_from(["id", "title", "location", "isRemote", "workplaceType", "address", "publishedAt",
                         "jobUrl", "descriptionHtml", "descriptionPlain", "employmentType", "compensation"]
                        ) | st.text(max_size=6)
_compensation = st.fixed_dictionaries({"summaryComponents": st.lists(st.dictionaries(st.sampled_from(
    ["compensationType", "interval", "currencyCode", "minValue", "maxValue"]), _json), max_size=3)})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(job=st.dictionaries(_keys, _json | _compensation, max_size=10),
       board=st.dictionaries(st.sampled_from(["token", "company"]), _json, max_size=2))
def test_normaliser_never_raises_but_row_error(job: dict[str, Any], board: dict[str, Any]) -> None:
    try:
        row = normalise_ashby(job, board)
    except RowError:
        return
    assert set(row) <= set(POSTING_FIELDS)


def test_ingest_and_reingest(pipeline: Any, server: HTTPServer, base_url: str, client: HttpClient,
                             tmp_path: Path, replay: Any) -> None:
    server.expect_request(PATH).respond_with_json(replay("ashby_board.json"))
    con = connect(tmp_path / "t.duckdb")
    source = AshbySource([BOARD], base_url=base_url, client=client)
    assert pipeline.ingest(con, source).counts.new == 2
    assert pipeline.ingest(con, source).counts.unchanged == 2
    stored = con.execute("SELECT title, salary_min, salary_currency FROM postings WHERE source = 'ashby' "
                         "ORDER BY title").fetchall()
    assert stored[0] == ("Research Engineer, Pretraining", 300000.0, "USD") and len(stored) == 2
