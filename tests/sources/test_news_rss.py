"""News feeds through the replay server: RSS and Atom, article extraction, cursor, failures, ingest."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jobshift.errors import ConfigError, RowError, SourceResponseError, SourceUnreachable
from jobshift.fields import NEWS_FIELDS
from jobshift.sources.http import HttpClient
from jobshift.sources.news_rss import Feed, NewsSource, default_feeds, normalise_item, parse_feeds
from jobshift.store.db import connect


def _serve(server: HTTPServer, base_url: str, replay_raw: Any) -> list[Feed]:
    rss = replay_raw("news_rss.xml").replace(b"http://127.0.0.1", base_url.encode())
    server.expect_request("/rss").respond_with_data(rss, content_type="application/rss+xml")
    server.expect_request("/atom").respond_with_data(replay_raw("news_atom.xml"), content_type="application/atom+xml")
    server.expect_request("/articles/hooli-cuts").respond_with_data(replay_raw("news_article.html"),
                                                                    content_type="text/html")
    server.expect_request("/articles/initech").respond_with_data("gone", status=404)
    return [Feed("rss", f"{base_url}/rss"), Feed("atom", f"{base_url}/atom")]


def _rows(source: NewsSource, since: str | None = None) -> list[dict[str, Any]]:
    return [source.normalise(raw) for raw in source.fetch(since)]


def test_rss_and_atom_with_articles(server: HTTPServer, base_url: str, client: HttpClient,
                                    replay_raw: Any) -> None:
    feeds = _serve(server, base_url, replay_raw)
    seen: list[str] = []

    def extractor(page: str, url: str) -> str | None:
        seen.append(url)
        return "Hooli Inc. said on Monday it would lay off 212 employees." if "Hooli" in page else None

    source = NewsSource(feeds, client=client, extractor=extractor)
    assert (source.name, source.target) == ("news", "news_items")
    rows = _rows(source)
    assert [r["title"] for r in rows] == [
        "Hooli to cut 212 jobs as it leans on AI agents - The Valley Times",
        "Initech’s automation push: 1,150 roles affected – Métro Économique",
        "Globex is hiring 300 AI engineers"]  # the entry without a link is skipped
    hooli, initech, globex = rows
    assert hooli["source_id"] == hashlib.sha1(f"{base_url}/articles/hooli-cuts".encode()).hexdigest()
    assert hooli["text"] == "Hooli Inc. said on Monday it would lay off 212 employees."
    assert hooli["summary"] == "Hooli to cut 212 jobs as it leans on AI agents The Valley Times"
    assert hooli["published_at"] == datetime(2025, 3, 4, 15, 30)
    assert initech["text"] is None and initech["summary"].startswith("Initech filed a WARN notice…")
    assert globex["summary"] == "Globex plans to hire 300 AI engineers." and globex["text"] is None
    assert globex["published_at"] == datetime(2025, 3, 6, 10, 0)
    assert seen == [f"{base_url}/articles/hooli-cuts"]  # a 404 or unreachable article keeps the summary
    assert all(set(r) <= set(NEWS_FIELDS) for r in rows)
    assert source.cursor() == "2025-03-06T10:00:00"


def test_trafilatura_extracts_the_article(server: HTTPServer, base_url: str, client: HttpClient,
                                          replay_raw: Any) -> None:
    pytest.importorskip("trafilatura")
    feeds = _serve(server, base_url, replay_raw)
    rows = _rows(NewsSource(feeds[:1], client=client))
    text = rows[0]["text"]
    assert text and "lay off 212 employees" in text and "Home" not in text and "©" not in text
    assert rows[1]["text"] is None


def test_cursor_skips_older_entries(server: HTTPServer, base_url: str, client: HttpClient,
                                    replay_raw: Any) -> None:
    feeds = _serve(server, base_url, replay_raw)
    source = NewsSource(feeds, client=client, fetch_articles=False)
    assert [r["title"][:6] for r in _rows(source, "2025-03-05T00:00:00")] == ["Initec", "Globex"]
    source = NewsSource(feeds, client=client, fetch_articles=False)
    assert _rows(source, "2025-03-07T00:00:00") == [] and source.cursor() == "2025-03-07T00:00:00"


def test_max_articles(server: HTTPServer, base_url: str, client: HttpClient, replay_raw: Any) -> None:
    feeds = _serve(server, base_url, replay_raw)
    calls: list[str] = []
    list(NewsSource(feeds, client=client, max_articles=1,
                    extractor=lambda page, url: calls.append(url) or None).fetch(None))
    assert len(calls) == 1


def test_bad_feeds_are_problems(server: HTTPServer, base_url: str, client: HttpClient, replay_raw: Any,
                                unused_port: int) -> None:
    feeds = _serve(server, base_url, replay_raw)
    server.expect_request("/html").respond_with_data("<html><body><p>Not a feed <b>at all", content_type="text/html")
    server.expect_request("/missing").respond_with_data("", status=404)
    source = NewsSource([Feed("html", f"{base_url}/html"), Feed("missing", f"{base_url}/missing"), feeds[1]],
                        client=client, fetch_articles=False)
    assert len(_rows(source)) == 1
    assert "news feed 'html': not a readable RSS/Atom feed at" in source.problems[0]
    assert f"news feed 'missing' not found (404) at {base_url}/missing" == source.problems[1]
    with pytest.raises(SourceResponseError, match="every feed failed"):
        _rows(NewsSource([Feed("html", f"{base_url}/html")], client=client))
    with pytest.raises(SourceUnreachable, match="every feed failed"):
        _rows(NewsSource([Feed("x", f"http://127.0.0.1:{unused_port}/rss")], client=client))


def test_retries_feed(server: HTTPServer, base_url: str, client: HttpClient, replay_raw: Any) -> None:
    server.expect_oneshot_request("/atom").respond_with_data("", status=503)
    server.expect_request("/atom").respond_with_data(replay_raw("news_atom.xml"))
    assert len(_rows(NewsSource([Feed("a", f"{base_url}/atom")], client=client, fetch_articles=False))) == 1


def test_feed_lists() -> None:
    feeds = default_feeds()
    assert len(feeds) >= 8 and any("news.google.com/rss/search" in f.url for f in feeds)
    assert parse_feeds(["https://x.example/rss"], "t") == [Feed("https://x.example/rss", "https://x.example/rss")]
    with pytest.raises(ConfigError, match="feed #1 has no http"):
        parse_feeds([{"name": "x"}], "t")


def test_entry_without_link_is_a_row_error() -> None:
    with pytest.raises(RowError, match="no link"):
        normalise_item({"title": "x"})


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(item=st.dictionaries(st.sampled_from(["link", "title", "summary", "published", "text", "feed"]),
                            _json, max_size=6))
def test_normaliser_never_raises_but_row_error(item: dict[str, Any]) -> None:
    try:
        row = normalise_item(item)
    except RowError:
        return
    assert set(row) <= set(NEWS_FIELDS) and len(row["source_id"]) == 40


def test_ingest_and_reingest(pipeline: Any, server: HTTPServer, base_url: str, client: HttpClient,
                             tmp_path: Path, replay_raw: Any) -> None:
    feeds = _serve(server, base_url, replay_raw)
    con = connect(tmp_path / "t.duckdb")
    first = pipeline.ingest(con, NewsSource(feeds, client=client, extractor=lambda page, url: None))
    assert first.counts.new == 3
    second = pipeline.ingest(con, NewsSource(feeds, client=client, extractor=lambda page, url: None))
    assert second.counts.fetched == 0  # the cursor skips what the first run stored
    assert con.execute("SELECT count(*) FROM news_items WHERE source = 'news'").fetchall() == [(3,)]
    assert con.execute("SELECT cursor FROM ingest_runs WHERE status = 'ok' ORDER BY finished_at DESC LIMIT 1"
                       ).fetchall() == [("2025-03-06T10:00:00",)]
