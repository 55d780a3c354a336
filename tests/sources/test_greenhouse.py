"""Greenhouse board source through the replay server: parsing, pay, errors, several boards, closing, ingest."""

from __future__ import annotations

import copy
import html
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jobshift.errors import RowError, SourceResponseError, SourceUnreachable
from jobshift.fields import POSTING_FIELDS
from jobshift.sources.ats_board import Board
from jobshift.sources.base import Source
from jobshift.sources.greenhouse import GreenhouseSource, normalise_greenhouse
from jobshift.sources.http import HttpClient
from jobshift.store.closing import close_boards, close_missing
from jobshift.store.db import connect

BOARD = Board("greenhouse", "acmerobotics", "Acme Robotics", "startup")
JOBS = "/v1/boards/acmerobotics/jobs"


def _rows(source: GreenhouseSource) -> list[dict[str, Any]]:
    return [source.normalise(raw) for raw in source.fetch(None)]


def test_is_a_source(client: HttpClient) -> None:
    source = GreenhouseSource([BOARD], client=client)
    assert isinstance(source, Source)
    assert (source.name, source.target, source.synthetic) == ("greenhouse", "postings", False)
    assert source.origin.startswith("https://boards-api.greenhouse.io")


def test_parses_board(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    server.expect_request(JOBS, query_string={"content": "true"}).respond_with_json(replay("greenhouse_jobs.json"))
    source = GreenhouseSource([BOARD], base_url=base_url, client=client)
    rows = {r["source_id"]: r for r in _rows(source)}
    assert set(rows) == {"acmerobotics:4012345", "acmerobotics:4012399", "acmerobotics:4012400"}
    ml = rows["acmerobotics:4012345"]
    assert ml["company"] == "Acme Robotics" and ml["title"] == "Senior Machine Learning Engineer, LLM Platform"
    assert ml["location"] == "San Francisco, CA" and ml["country"] == "US" and ml["remote"] is None
    assert ml["posted_at"] == datetime(2025, 2, 28, 14, 0)
    assert ml["employment_type"] == "full_time"
    assert ml["url"] == "https://boards.greenhouse.io/acmerobotics/jobs/4012345"
    assert "Fine-tune LLMs with PyTorch & Ray" in ml["description"] and "<" not in ml["description"]
    assert "We're hiring!" in ml["description"]
    assert ml["salary_text"] == "$180,000 - $240,000 USD"
    french = rows["acmerobotics:4012399"]
    assert french["title"] == "Ingénieure logicielle — Équipe données 🤖"
    assert "Rejoignez l’équipe données — Zürich ou Paris. Café & crème brûlée." in french["description"]
    assert "数据工程师 <script> not a tag" in french["description"]  # an escaped tag is text, kept
    assert french["country"] == "FR"
    remote = rows["acmerobotics:4012400"]
    assert remote["remote"] is True and remote["country"] == "US" and remote["employment_type"] == "contract"
    assert remote["posted_at"] == datetime(2025, 3, 12, 16, 0)  # no first_published: updated_at
    assert remote["salary_text"] is None
    assert all(set(r) <= set(POSTING_FIELDS) for r in rows.values())
    assert source.live_ids() == {"acmerobotics": set(rows)}


def test_pay_ranges_from_job_detail(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    server.expect_request(JOBS).respond_with_json(replay("greenhouse_jobs.json"))
    server.expect_request(f"{JOBS}/4012345", query_string={"pay_transparency": "true"}).respond_with_json(
        replay("greenhouse_job_4012345_pay.json"))
    server.expect_request(f"{JOBS}/4012399").respond_with_json({"id": 4012399})
    server.expect_request(f"{JOBS}/4012400").respond_with_data("gone", status=404)  # keeps the list entry
    source = GreenhouseSource([BOARD], base_url=base_url, client=client, pay_ranges=True)
    rows = {r["source_id"]: r for r in _rows(source)}
    ml = rows["acmerobotics:4012345"]
    assert (ml["salary_min"], ml["salary_max"], ml["salary_currency"], ml["salary_period"]) == (
        180000.0, 240000.0, "USD", "year")
    assert "salary_text" not in ml
    assert len(rows) == 3


def test_empty_board(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(JOBS).respond_with_json({"jobs": [], "meta": {"total": 0}})
    source = GreenhouseSource([BOARD], base_url=base_url, client=client)
    assert _rows(source) == []
    assert source.live_ids() == {"acmerobotics": set()}


def test_unknown_board_404(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request("/v1/boards/xyz/jobs").respond_with_json({"status": 404, "error": "Not found"},
                                                                   status=404)
    source = GreenhouseSource(["xyz"], base_url=base_url, client=client)
    with pytest.raises(SourceResponseError) as caught:
        _rows(source)
    assert str(caught.value) == f"greenhouse board 'xyz' not found (404) at {base_url}/v1/boards/xyz/jobs?content=true"


def test_one_bad_board_among_several_is_a_problem_not_a_failure(server: HTTPServer, base_url: str,
                                                                 client: HttpClient, replay: Any) -> None:
    server.expect_request("/v1/boards/xyz/jobs").respond_with_data("", status=404)
    server.expect_request("/v1/boards/broken/jobs").respond_with_data('{"jobs": [', content_type="application/json")
    server.expect_request(JOBS).respond_with_json(replay("greenhouse_jobs.json"))
    source = GreenhouseSource(["xyz", "broken", BOARD], base_url=base_url, client=client)
    assert len(_rows(source)) == 3
    assert len(source.problems) == 2
    assert "not found (404)" in source.problems[0] and "truncated JSON" in source.problems[1]
    assert set(source.live_ids()) == {"acmerobotics"}


def test_every_board_failing_fails(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request("/v1/boards/a/jobs").respond_with_data("", status=404)
    server.expect_request("/v1/boards/b/jobs").respond_with_json({"unexpected": True})
    with pytest.raises(SourceResponseError, match="every board failed; first: greenhouse board 'a' not found"):
        _rows(GreenhouseSource(["a", "b"], base_url=base_url, client=client))


def test_unreachable_stops_at_once(unused_port: int, client: HttpClient) -> None:
    source = GreenhouseSource(["a", "b", "c"], base_url=f"http://127.0.0.1:{unused_port}", client=client)
    with pytest.raises(SourceUnreachable, match="greenhouse board 'a': cannot reach"):
        _rows(source)


def test_retries_429_and_500_then_parses(server: HTTPServer, base_url: str, client: HttpClient,
                                         replay: Any) -> None:
    server.expect_oneshot_request(JOBS).respond_with_data("", status=429, headers={"Retry-After": "0"})
    server.expect_oneshot_request(JOBS).respond_with_data("", status=500)
    server.expect_request(JOBS).respond_with_json(replay("greenhouse_jobs.json"))
    assert len(_rows(GreenhouseSource([BOARD], base_url=base_url, client=client))) == 3
    assert client.stats.retries == 2


def test_huge_description(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    data = replay("greenhouse_jobs.json")
    data["jobs"][0]["content"] = html.escape("<p>" + "Build reliable systems &amp; models. " * 60_000 + "</p>")
    server.expect_request(JOBS).respond_with_json(data)
    row = _rows(GreenhouseSource([BOARD], base_url=base_url, client=client))[0]
    assert len(row["description"]) > 1_900_000
    assert row["description"].startswith("Build reliable systems & models.")


def test_job_without_title_is_a_row_error(client: HttpClient) -> None:
    with pytest.raises(RowError, match="no title"):
        normalise_greenhouse({"id": 1, "title": "  "}, {"token": "t"})
    with pytest.raises(RowError, match="no usable 'id'"):
        normalise_greenhouse({"title": "Engineer"}, {"token": "t"})


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
_keys = st.sampled_from(["id", "title", "content", "location", "metadata", "offices", "departments",
                         "first_published", "updated_at", "absolute_url", "pay_input_ranges"]) | st.text(max_size=6)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(job=st.dictionaries(_keys, _json, max_size=10), board=st.dictionaries(st.sampled_from(
    ["token", "company", "ats"]), _json, max_size=3))
def test_normaliser_never_raises_but_row_error(job: dict[str, Any], board: dict[str, Any]) -> None:
    try:
        row = normalise_greenhouse(job, board)
    except RowError:
        return
    assert set(row) <= set(POSTING_FIELDS) and row["source_id"] and row["title"]


# --- closing and the pipeline ---

def _insert(con: Any, source_id: str) -> None:
    con.execute("INSERT INTO postings (posting_id, source, source_id, first_seen, last_seen, content_hash, run_id) "
                "VALUES (?, 'greenhouse', ?, now(), now(), 'h', 'r')", [f"greenhouse:{source_id}", source_id])


def test_close_missing_closes_and_reopens(tmp_path: Path) -> None:
    con = connect(tmp_path / "c.duckdb")
    for sid in ("acme:1", "acme:2", "acme:3", "acme_x:9", "other:1"):
        _insert(con, sid)
    now = datetime(2025, 3, 20, 12, 0)
    assert close_missing(con, "greenhouse", "acme", {"acme:1", "acme:3"}, now) == 1
    closed = dict(con.execute("SELECT source_id, closed_at FROM postings").fetchall())
    assert closed == {"acme:1": None, "acme:2": now, "acme:3": None, "acme_x:9": None, "other:1": None}
    assert close_missing(con, "greenhouse", "acme", {"acme:1", "acme:2", "acme:3"}, now) == 0
    assert con.execute("SELECT count(*) FROM postings WHERE closed_at IS NOT NULL").fetchall() == [(0,)]
    con.execute("SELECT source_id FROM postings ORDER BY 1 LIMIT 1").fetchone()  # an unfinished result is fine
    assert close_missing(con, "greenhouse", "acme", set(), now) == 3  # an empty board closes all its postings


def test_ingest_reingest_and_close(pipeline: Any, server: HTTPServer, base_url: str, client: HttpClient,
                                   tmp_path: Path, replay: Any) -> None:
    data = replay("greenhouse_jobs.json")
    server.expect_oneshot_request(JOBS).respond_with_json(data)
    server.expect_oneshot_request(JOBS).respond_with_json(data)
    shrunk = copy.deepcopy(data)
    shrunk["jobs"] = shrunk["jobs"][:2]
    server.expect_oneshot_request(JOBS).respond_with_json(shrunk)
    con = connect(tmp_path / "t.duckdb")
    source = GreenhouseSource([BOARD], base_url=base_url, client=client)
    first = pipeline.ingest(con, source)
    assert first.status == "ok" and first.counts.new == 3 and first.counts.rejected == 0
    stored = con.execute("SELECT source_id, company, title, country, salary_text FROM postings "
                         "WHERE source = 'greenhouse' ORDER BY source_id").fetchall()
    assert [r[0] for r in stored] == ["acmerobotics:4012345", "acmerobotics:4012399", "acmerobotics:4012400"]
    assert stored[0][1:] == ("Acme Robotics", "Senior Machine Learning Engineer, LLM Platform", "US",
                             "$180,000 - $240,000 USD")
    second = pipeline.ingest(con, source)
    assert second.counts.new == 0 and second.counts.unchanged == 3
    assert con.execute("SELECT count(*) FROM postings").fetchall() == [(3,)]
    assert con.execute("SELECT count(*) FROM raw_records WHERE source = 'greenhouse'").fetchall() == [(3,)]
    third = pipeline.ingest(con, source)  # the pipeline closes what left the board, in the same transaction
    assert third.closed == 1
    assert close_boards(con, source.name, source.live_ids(), datetime(2025, 4, 1)) == 0
    closed = con.execute("SELECT source_id FROM postings WHERE closed_at IS NOT NULL").fetchall()
    assert closed == [("acmerobotics:4012400",)]


_scalar = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60) | st.binary(max_size=8)


@settings(max_examples=400, deadline=None)
@given(value=_scalar | st.lists(_scalar, max_size=2) | st.dictionaries(st.text(max_size=4), _scalar, max_size=2))
def test_field_helpers_never_raise(value: Any) -> None:
    from jobshift.sources import ats_board as closing

    for helper in (closing.text, closing.html_to_plain, closing.timestamp, closing.amount,
                   closing.workplace_remote, closing.employment_type):
        helper(value)
    if isinstance(value, str):
        found = closing.country_of(value)
        assert found is None or (len(found) == 2 and found.isupper())
        closing.remote_of(value)
        closing.pay_text_in(value)
