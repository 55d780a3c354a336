"""The shared HTTP client: retries, Retry-After, errors naming the URL, conditional requests, rate limit."""

from __future__ import annotations

import email.utils
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jobshift.errors import ConfigError, SourceResponseError, SourceUnreachable
from jobshift.sources.http import (
    USER_AGENT,
    Fetched,
    HttpCache,
    HttpClient,
    HttpConfig,
    RateLimiter,
    parse_json,
    parse_retry_after,
)


def test_user_agent_and_json(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request("/data", headers={"User-Agent": USER_AGENT}).respond_with_json({"ok": True})
    assert client.get_json(f"{base_url}/data", what="thing") == {"ok": True}
    assert USER_AGENT.startswith("jobshift/") and "(+https://github.com/jobshift/jobshift)" in USER_AGENT


def test_retries_500s_then_succeeds(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_oneshot_request("/flaky").respond_with_data("boom", status=500)
    server.expect_oneshot_request("/flaky").respond_with_data("bad gateway", status=502)
    server.expect_request("/flaky").respond_with_json([1, 2])
    assert client.get_json(f"{base_url}/flaky", what="flaky thing") == [1, 2]
    assert client.stats.retries == 2 and client.stats.requests == 3


def test_gives_up_after_attempts_with_status_and_url(server: HTTPServer, base_url: str,
                                                      client: HttpClient) -> None:
    server.expect_request("/down").respond_with_data("unavailable", status=503)
    with pytest.raises(SourceResponseError, match=r"down thing: HTTP 503 at http://127\.0\.0\.1:\d+/down after 3"):
        client.get(f"{base_url}/down", what="down thing")


def test_429_honours_retry_after(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_oneshot_request("/limited").respond_with_data("slow down", status=429,
                                                                headers={"Retry-After": "1"})
    server.expect_request("/limited").respond_with_json({"page": 1})
    started = time.perf_counter()
    assert client.get_json(f"{base_url}/limited", what="limited") == {"page": 1}
    assert time.perf_counter() - started >= 0.95  # waited the second it was asked to, not the 10 ms backoff


def test_429_with_too_long_retry_after_fails_fast(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request("/limited").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    started = time.perf_counter()
    with pytest.raises(SourceResponseError, match="retry after 3600s, more than max_retry_after=3s"):
        client.get(f"{base_url}/limited", what="limited")
    assert time.perf_counter() - started < 60  # did not wait the hour (a loose bound: CI machines are loaded)
    assert client.stats.requests == 1


def test_404_names_the_thing_and_url(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request("/v1/boards/xyz/jobs").respond_with_data("not found", status=404)
    with pytest.raises(SourceResponseError) as caught:
        client.get(f"{base_url}/v1/boards/xyz/jobs", what="greenhouse board 'xyz'", params={"content": "true"})
    assert str(caught.value) == (
        f"greenhouse board 'xyz' not found (404) at {base_url}/v1/boards/xyz/jobs?content=true")
    assert client.stats.requests == 1  # a 404 is not retried


def test_other_4xx_is_a_response_error(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    server.expect_request("/secret").respond_with_data("<h1>Forbidden</h1>", status=403)
    with pytest.raises(SourceResponseError, match=r"HTTP 403 at .*/secret: <h1>Forbidden</h1>"):
        client.get(f"{base_url}/secret", what="secret")


def test_connection_refused_is_unreachable(unused_port: int, client: HttpClient) -> None:
    with pytest.raises(SourceUnreachable, match=r"cannot reach http://127\.0\.0\.1:\d+/x after 3 attempt"):
        client.get(f"http://127.0.0.1:{unused_port}/x", what="nothing")


def test_dns_failure_is_unreachable(client: HttpClient) -> None:
    with pytest.raises(SourceUnreachable, match=r"boards\.invalid"):
        client.get("https://boards.invalid/v1/boards/x/jobs", what="greenhouse board 'x'")


def test_timeout_then_success(server: HTTPServer, base_url: str) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response('{"late": true}', content_type="application/json")

    server.expect_oneshot_request("/slow").respond_with_handler(slow)
    server.expect_request("/slow").respond_with_json({"late": False})
    config = HttpConfig(timeout=0.3, attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0, rate=0)
    with HttpClient(config) as http:
        assert http.get_json(f"{base_url}/slow", what="slow") == {"late": False}


def test_timeout_every_time_is_unreachable(server: HTTPServer, base_url: str) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response("{}", content_type="application/json")

    server.expect_request("/stuck").respond_with_handler(slow)
    config = HttpConfig(timeout=0.2, attempts=2, wait_initial=0.01, wait_max=0.02, wait_jitter=0, rate=0)
    with HttpClient(config) as http, pytest.raises(SourceUnreachable, match=r"no answer within 0\.2s"):
        http.get(f"{base_url}/stuck", what="stuck")


@pytest.mark.parametrize(("body", "kind"), [('{"jobs": [{"id": 1, "title": "Eng', "truncated"),
                                             ('{"jobs": [}', "malformed"), ("<html>oops</html>", "malformed")])
def test_bad_json_names_url(server: HTTPServer, base_url: str, client: HttpClient, body: str, kind: str) -> None:
    server.expect_request("/bad").respond_with_data(body, content_type="application/json")
    with pytest.raises(SourceResponseError, match=rf"board 'b': {kind} JSON at {base_url}/bad \("):
        client.get_json(f"{base_url}/bad", what="board 'b'")


def test_conditional_request_served_from_cache(server: HTTPServer, base_url: str, fast_config: HttpConfig,
                                               tmp_path: Path) -> None:
    body = b'{"jobs": []}' + b" " * 5000
    server.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    server.expect_request("/feed").respond_with_data(body, headers={"ETag": '"v1"'},
                                                     content_type="application/json")
    with HttpClient(fast_config, cache=HttpCache(tmp_path / "cache")) as http:
        first = http.get(f"{base_url}/feed", what="feed")
        assert not first.from_cache and first.content == body
    with HttpClient(fast_config, cache=HttpCache(tmp_path / "cache")) as http:  # a new process: cache on disk
        second = http.get(f"{base_url}/feed", what="feed")
        assert second.from_cache and second.status == 304 and second.content == body
        assert http.stats.not_modified == 1 and http.stats.bytes_saved == len(body)
        assert http.stats.bytes_received == 0


def test_last_modified_validator(server: HTTPServer, base_url: str, client: HttpClient) -> None:
    stamp = "Wed, 05 Mar 2025 09:00:00 GMT"
    server.expect_request("/lm", headers={"If-Modified-Since": stamp}).respond_with_data("", status=304)
    server.expect_request("/lm").respond_with_data("<rss/>", headers={"Last-Modified": stamp})
    assert client.get(f"{base_url}/lm", what="lm").text == "<rss/>"
    assert client.get(f"{base_url}/lm", what="lm").from_cache


def test_unwritable_cache_dir_only_costs_bandwidth(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = HttpCache(blocker / "sub")
    cache.store("http://x/", '"e"', None, b"body")
    assert cache.lookup("http://x/") is not None  # still in memory


def test_rate_limiter_token_bucket() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = RateLimiter(rate=2.0, burst=2, clock=lambda: now[0], sleep=sleep)
    assert limiter.acquire("a") == 0 and limiter.acquire("a") == 0  # the burst
    assert limiter.acquire("a") == pytest.approx(0.5)
    assert limiter.acquire("a") == pytest.approx(1.0)  # queued behind the previous one
    assert limiter.acquire("b") == 0  # per host
    now[0] = 10.0
    assert limiter.acquire("a") == 0
    assert RateLimiter(rate=0).acquire("a") == 0


def test_rate_limit_applies_to_requests(server: HTTPServer, base_url: str) -> None:
    server.expect_request("/r").respond_with_json({})
    config = HttpConfig(rate=20.0, burst=1, attempts=1)
    with HttpClient(config) as http:
        started = time.perf_counter()
        for _ in range(5):
            http.get(f"{base_url}/r", what="r")
        assert time.perf_counter() - started >= 0.18  # 4 waits of 50 ms


def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after(date, now=1_000_000) == pytest.approx(30)
    assert parse_retry_after(email.utils.formatdate(10, usegmt=True), now=1_000_000) == 0


def test_parse_json_direct() -> None:
    fetched = Fetched("http://h/x", 200, b"[1, 2", {})
    with pytest.raises(SourceResponseError, match="truncated JSON at http://h/x"):
        parse_json(fetched, "x")


def test_config_from_mapping() -> None:
    config = HttpConfig.from_mapping({"timeout": "5", "attempts": 2, "cache_dir": "", "rate": 1})
    assert config.timeout == 5.0 and config.attempts == 2 and config.cache_dir is None
    with pytest.raises(ConfigError, match="unknown settings"):
        HttpConfig.from_mapping({"tmeout": 1})
    with pytest.raises(ConfigError, match=r"http\.timeout"):
        HttpConfig.from_mapping({"timeout": "soon"})
    with pytest.raises(ConfigError, match="attempts"):
        HttpConfig.from_mapping({"attempts": 0})


def test_dns_failure_is_not_retried_and_the_host_is_remembered() -> None:
    import httpx as _httpx

    from jobshift.errors import SourceUnreachable
    from jobshift.sources.http import HttpClient, HttpConfig

    calls: list[str] = []

    def refuse(request: _httpx.Request) -> _httpx.Response:
        calls.append(str(request.url))
        raise _httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    client = HttpClient(HttpConfig(attempts=5, wait_initial=0.01, wait_max=0.01, wait_jitter=0, rate=0),
                        transport=_httpx.MockTransport(refuse))
    with pytest.raises(SourceUnreachable, match="after 1 attempt"):
        client.get("http://nowhere.invalid/a", what="board a")
    with pytest.raises(SourceUnreachable, match="unreachable earlier in this run"):
        client.get("http://nowhere.invalid/b", what="board b")
    assert calls == ["http://nowhere.invalid/a"]
