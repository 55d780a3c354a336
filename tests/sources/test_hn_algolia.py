"""HN "Who is hiring?" source through the replay server: thread listing, comments, cursor, errors, ingest."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jobshift.errors import RowError, SourceResponseError, SourceUnreachable
from jobshift.fields import POSTING_FIELDS
from jobshift.sources.hn_algolia import HNWhoIsHiringSource, normalise_hn, thread_month
from jobshift.sources.http import HttpClient
from jobshift.store.db import connect

SEARCH = "/api/v1/search_by_date"


def _serve(server: HTTPServer, replay: Any) -> None:
    server.expect_request(SEARCH, query_string={"tags": "story,author_whoishiring", "query": "who is hiring",
                                                "hitsPerPage": "12"}).respond_with_json(replay("hn_search.json"))
    server.expect_request("/api/v1/items/43243024").respond_with_json(replay("hn_item_43243024.json"))
    server.expect_request("/api/v1/items/42919502").respond_with_json(replay("hn_item_42919502.json"))


def _rows(source: HNWhoIsHiringSource, since: str | None = None) -> list[dict[str, Any]]:
    return [source.normalise(raw) for raw in source.fetch(since)]


def test_threads_and_comments(server: HTTPServer, base_url: str, client: HttpClient, replay: Any) -> None:
    _serve(server, replay)
    source = HNWhoIsHiringSource(2, base_url=base_url, client=client)
    assert [(t["id"], t["month"]) for t in source.threads()] == [(42919502, "2025-02"), (43243024, "2025-03")]
    raws = list(source.fetch(None))
    assert [r.source_key for r in raws] == ["42919600", "42919601", "43243100", "43243102"]  # deleted skipped
    assert raws[2].payload["thread"]["month"] == "2025-03" and "children" not in raws[2].payload["comment"]
    rows = {r["source_id"]: r for r in (source.normalise(r) for r in raws)}
    hooli = rows["43243100"]
    assert (hooli["company"], hooli["title"], hooli["location"], hooli["remote"]) == (
        "Hooli", "Senior Backend Engineer", "San Francisco, CA", False)
    assert hooli["salary_text"] == "$170k-$210k + equity" and hooli["country"] == "US"
    assert hooli["posted_at"] == datetime(2025, 3, 3, 16, 5)
    assert hooli["url"] == "https://news.ycombinator.com/item?id=43243100"
    assert "Go, Postgres & Kubernetes" in hooli["description"]
    piper = rows["43243102"]
    assert piper["company"] == "Pied Piper" and piper["remote"] is True
    assert "café ☕ & 日本語 OK. We're training" in piper["description"]
    assert rows["42919601"]["company"] is None  # no header line: kept, fields unknown
    assert all(set(r) <= set(POSTING_FIELDS) for r in rows.values())
    assert source.cursor() == "43243024"


def test_cursor_skips_older_threads_and_rereads_the_current(server: HTTPServer, base_url: str,
                                                            client: HttpClient, replay: Any) -> None:
    _serve(server, replay)
    source = HNWhoIsHiringSource(2, base_url=base_url, client=client)
    keys = [r.source_key for r in source.fetch("43243024")]
    assert keys == ["43243100", "43243102"]
    assert source.cursor() == "43243024"
    assert not any("/items/42919502" in str(entry[0].url) for entry in server.log)


def test_months_picks_newest_hiring_threads(server: HTTPServer, base_url: str, client: HttpClient,
                                            replay: Any) -> None:
    server.expect_request(SEARCH).respond_with_json(replay("hn_search.json"))
    threads = HNWhoIsHiringSource(5, base_url=base_url, client=client).threads()
    assert [t["title"] for t in threads] == [
        "Ask HN: Who is hiring? (January 2025)", "Ask HN: Who is hiring? (February 2025)",
        "Ask HN: Who is hiring? (March 2025)"]  # not "Who wants to be hired?" nor freelancer threads


def test_thread_fetch_retries_then_succeeds(server: HTTPServer, base_url: str, client: HttpClient,
                                            replay: Any) -> None:
    server.expect_request(SEARCH).respond_with_json(replay("hn_search.json"))
    server.expect_oneshot_request("/api/v1/items/43243024").respond_with_data("", status=502)
    server.expect_oneshot_request("/api/v1/items/43243024").respond_with_data(
        "", status=429, headers={"Retry-After": "0"})
    server.expect_request("/api/v1/items/43243024").respond_with_json(replay("hn_item_43243024.json"))
    assert len(_rows(HNWhoIsHiringSource(1, base_url=base_url, client=client))) == 2


def test_failures(server: HTTPServer, base_url: str, client: HttpClient, replay: Any, unused_port: int) -> None:
    server.expect_request(SEARCH).respond_with_data('{"hits": [', content_type="application/json")
    with pytest.raises(SourceResponseError, match=rf"truncated JSON at {base_url}{SEARCH}\?tags="):
        _rows(HNWhoIsHiringSource(1, base_url=base_url, client=client))
    server.clear()
    server.expect_request(SEARCH).respond_with_json(replay("hn_search.json"))
    server.expect_request("/api/v1/items/43243024").respond_with_json({"id": 43243024, "children": None})
    with pytest.raises(SourceResponseError, match="expected an item with children"):
        _rows(HNWhoIsHiringSource(1, base_url=base_url, client=client))
    with pytest.raises(SourceUnreachable):
        _rows(HNWhoIsHiringSource(1, base_url=f"http://127.0.0.1:{unused_port}", client=client))


def test_no_threads_keeps_cursor(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request(SEARCH).respond_with_json({"hits": []})
    source = HNWhoIsHiringSource(1, base_url=base_url, client=client)
    assert _rows(source, "42919502") == [] and source.cursor() == "42919502"


def test_thread_month() -> None:
    assert thread_month("Ask HN: Who is hiring? (December 2024)") == "2024-12"
    assert thread_month("Ask HN: Who is hiring?", 1738598412) == "2025-02"
    assert thread_month("nothing", None) is None


def test_bad_comments_are_row_errors() -> None:
    with pytest.raises(RowError, match="no text"):
        normalise_hn({"id": 1, "text": None})
    with pytest.raises(RowError, match="numeric id"):
        normalise_hn({"id": None, "text": "x"})


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(comment=st.dictionaries(st.sampled_from(["id", "text", "created_at", "created_at_i", "author"]),
                               _json | st.text(alphabet="ab |<>&;p/$0123456789kK", max_size=80), max_size=5))
def test_normaliser_never_raises_but_row_error(comment: dict[str, Any]) -> None:
    try:
        row = normalise_hn(comment)
    except RowError:
        return
    assert set(row) <= set(POSTING_FIELDS)


def test_ingest_and_reingest(pipeline: Any, server: HTTPServer, base_url: str, client: HttpClient,
                             tmp_path: Path, replay: Any) -> None:
    _serve(server, replay)
    con = connect(tmp_path / "t.duckdb")
    source = HNWhoIsHiringSource(2, base_url=base_url, client=client)
    first = pipeline.ingest(con, source)
    assert first.counts.new == 4
    assert con.execute("SELECT cursor FROM ingest_runs WHERE source = 'hn_whoishiring'").fetchall() == [("43243024",)]
    second = pipeline.ingest(con, source)  # resumes at the current thread: only it is read again
    assert second.counts.new == 0 and second.counts.fetched == 2
    assert con.execute("SELECT count(*) FROM postings WHERE source = 'hn_whoishiring'").fetchall() == [(4,)]
