"""The one HTTP client every live source uses: polite, patient, cached, and clear about failures.

`HttpClient.get(url, what=...)` wraps httpx with:

* timeouts (`HttpConfig.timeout`, per request) and an identifying User-Agent
  (`jobshift/<version> (+https://github.com/jobshift/jobshift)`);
* retries with exponential backoff and jitter (stamina) on 408/429/5xx and connection errors, honouring
  `Retry-After` (seconds or HTTP date) up to `max_retry_after`; the total time spent retrying one request is
  capped by `retry_budget`, so tests can use fractions of a second;
* a per-host token-bucket rate limit (`rate` requests/s, `burst` tokens; `rate <= 0` disables it);
* conditional requests: `HttpCache` keeps ETag / Last-Modified and the body per URL, in memory and, when
  given a directory, as `<sha1(url)>.json` + `<sha1(url)>.body` files there (no DuckDB: the cache outlives
  databases).
  A 304 answer returns the cached body with `from_cache=True`; `client.stats` counts what the cache saved;
* errors with intent: no answer at all (refused, DNS, timeout) → `SourceUnreachable` after the retries;
  404 → `SourceResponseError("<what> not found (404) at <url>")`; other unusable answers and malformed or
  truncated JSON → `SourceResponseError` naming the URL.

The body of every answer is returned (`Fetched.content`); sources put the parsed payload in `RawRecord`s, and
the pipeline keeps those in `raw_records`.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import stamina

from jobshift import __version__
from jobshift.errors import ConfigError, SourceResponseError, SourceUnreachable

USER_AGENT = f"jobshift/{__version__} (+https://github.com/jobshift/jobshift)"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class HttpConfig:
    """How patient and how polite to be. Every field can be set from the `http` table of the config."""

    timeout: float = 20.0  # seconds per request (connect, read, write, pool)
    attempts: int = 5  # tries per request, the first included
    retry_budget: float = 60.0  # total seconds one request may spend retrying
    wait_initial: float = 0.5  # first backoff, doubling up to wait_max
    wait_max: float = 15.0
    wait_jitter: float = 1.0  # random extra wait, up to this many seconds
    max_retry_after: float = 120.0  # a longer Retry-After is not honoured: the request fails
    rate: float = 2.0  # requests per second per host (<= 0: no limit)
    burst: int = 4  # requests allowed at once before the rate applies
    user_agent: str = USER_AGENT
    cache_dir: Path | None = None  # where the HTTP cache lives (None: memory only)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> HttpConfig:
        """Build from a config table; unknown keys or bad values raise ConfigError."""
        known = {f.name: f for f in fields(cls)}
        unknown = set(values) - set(known)
        if unknown:
            raise ConfigError(f"http: unknown settings {sorted(unknown)}; known: {sorted(known)}")
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            try:
                if key == "cache_dir":
                    kwargs[key] = Path(value).expanduser() if value else None
                elif key == "user_agent":
                    kwargs[key] = str(value)
                elif key in ("attempts", "burst"):
                    kwargs[key] = int(value)
                else:
                    kwargs[key] = float(value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"http.{key}: bad value {value!r}") from exc
        if kwargs.get("attempts", 1) < 1:
            raise ConfigError("http.attempts must be at least 1")
        return cls(**kwargs)


def default_cache_dir() -> Path:
    """$JOBSHIFT_CACHE_DIR, else $XDG_CACHE_HOME/jobshift/http, else ~/.cache/jobshift/http."""
    if env := os.environ.get("JOBSHIFT_CACHE_DIR"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jobshift" / "http"


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """Validators and body of an earlier 200 answer."""

    etag: str | None
    last_modified: str | None
    body: bytes


class HttpCache:
    """ETag / Last-Modified validators and bodies by URL: in files under `directory` when given (bodies are
    then read back from disk, not held in memory), else in memory for the life of the cache."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._memory: dict[str, CachedResponse] = {}
        self._lock = threading.Lock()

    def _paths(self, url: str) -> tuple[Path, Path]:
        assert self.directory is not None
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.directory / f"{key}.json", self.directory / f"{key}.body"

    def lookup(self, url: str) -> CachedResponse | None:
        with self._lock:
            if url in self._memory:
                return self._memory[url]
        if self.directory is None:
            return None
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return CachedResponse(meta.get("etag"), meta.get("last_modified"), body_path.read_bytes())
        except (OSError, ValueError, AttributeError):
            return None

    def store(self, url: str, etag: str | None, last_modified: str | None, body: bytes) -> None:
        if self.directory is not None and self._write(url, etag, last_modified, body):
            return
        with self._lock:  # no folder, or it cannot be written: keep it in memory
            self._memory[url] = CachedResponse(etag, last_modified, body)

    def _write(self, url: str, etag: str | None, last_modified: str | None, body: bytes) -> bool:
        meta_path, body_path = self._paths(url)
        meta = {"url": url, "etag": etag, "last_modified": last_modified,
                "stored_at": datetime.now(UTC).isoformat(timespec="seconds")}
        try:
            assert self.directory is not None
            self.directory.mkdir(parents=True, exist_ok=True)
            for path, data in ((body_path, body), (meta_path, json.dumps(meta).encode("utf-8"))):
                partial = path.with_suffix(path.suffix + ".part")
                partial.write_bytes(data)
                partial.replace(path)
        except OSError:
            return False
        return True


class RateLimiter:
    """A token bucket per host: `burst` requests at once, then `rate` per second."""

    def __init__(self, rate: float, burst: int = 1, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, host: str) -> float:
        """Take one token for `host`, sleeping until one is free; return the seconds waited."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            tokens, stamp = self._buckets.get(host, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - stamp) * self.rate)
            if tokens >= 1:
                wait = 0.0
                self._buckets[host] = (tokens - 1, now)
            else:  # the token is taken when it will exist; later callers queue behind it
                wait = (1 - tokens) / self.rate
                self._buckets[host] = (0.0, now + wait)
        if wait:
            self._sleep(wait)
        return wait


@dataclass(frozen=True, slots=True)
class Fetched:
    """One usable answer: final URL, status (200, or 304 answered from the cache), body and headers."""

    url: str
    status: int
    content: bytes
    headers: Mapping[str, str]
    from_cache: bool = False

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


@dataclass
class HttpStats:
    """What a client did: requests sent, retries, bytes received, answers served from the cache."""

    requests: int = 0
    retries: int = 0
    bytes_received: int = 0
    not_modified: int = 0
    bytes_saved: int = 0


class _RetryableStatus(Exception):
    def __init__(self, response: httpx.Response, retry_after: float | None) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.retry_after = retry_after


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def parse_json(fetched: Fetched, what: str) -> Any:
    """The JSON body of an answer, or SourceResponseError (truncated or malformed) naming the URL."""
    text = fetched.text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        kind = "truncated" if exc.pos >= len(text.rstrip()) or _unclosed(text) else "malformed"
        raise SourceResponseError(
            f"{what}: {kind} JSON at {fetched.url} ({exc.msg} at char {exc.pos} of {len(text)})"
        ) from exc


def _unclosed(text: str) -> bool:
    """True when the text ends inside a string or with brackets still open (and none mismatched)."""
    stack: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            stack.append(char)
        elif char in "]}" and (not stack or stack.pop() != ("[" if char == "]" else "{")):
            return False
    return in_string or bool(stack)


def _is_dns_failure(exc: BaseException) -> bool:
    """True when the error chain holds a failed name lookup (no network, or no such host)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        text = str(seen).lower()
        if "name or service not known" in text or "temporary failure in name resolution" in text \
                or "nodename nor servname" in text or "no address associated" in text:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _describe(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {timeout:g}s ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({exc})"
    return f"{type(exc).__name__}: {exc}"


class HttpClient:
    """A shared httpx client with retries, rate limit, cache and clear errors. Close it (or use `with`)."""

    def __init__(self, config: HttpConfig | None = None, *, cache: HttpCache | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.config = config or HttpConfig()
        self.cache = cache if cache is not None else HttpCache(self.config.cache_dir)
        self._dead_hosts: dict[str, str] = {}  # host -> why it could not be reached in this run
        self.limiter = RateLimiter(self.config.rate, self.config.burst)
        self.stats = HttpStats()
        self._client = httpx.Client(
            timeout=self.config.timeout, follow_redirects=True, transport=transport,
            headers={"User-Agent": self.config.user_agent},
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get_json(self, url: str, *, what: str, params: Mapping[str, str | int] | None = None) -> Any:
        """GET and parse JSON (see `get` and `parse_json`)."""
        return parse_json(self.get(url, what=what, params=params, accept="application/json"), what)

    def get(self, url: str, *, what: str, params: Mapping[str, str | int] | None = None,
            accept: str | None = None, conditional: bool = True) -> Fetched:
        """GET `url`, retrying as configured; `what` names the thing fetched in error messages."""
        request_url = str(httpx.URL(url, params=dict(params) if params else None))
        cached = self.cache.lookup(request_url) if conditional else None
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        if cached and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        response = self._send(request_url, headers, what)
        status = response.status_code
        if status == 304 and cached is not None:
            self.stats.not_modified += 1
            self.stats.bytes_saved += len(cached.body)
            return Fetched(request_url, 304, cached.body, dict(response.headers), from_cache=True)
        if status == 404:
            raise SourceResponseError(f"{what} not found (404) at {request_url}")
        if status != 200:
            snippet = " ".join(response.text[:160].split())
            detail = f": {snippet}" if snippet else ""
            raise SourceResponseError(f"{what}: HTTP {status} at {request_url}{detail}")
        body = response.content
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if conditional and (etag or modified):
            self.cache.store(request_url, etag, modified, body)
        return Fetched(str(response.url), status, body, dict(response.headers))

    def _send(self, url: str, headers: dict[str, str], what: str) -> httpx.Response:
        config = self.config
        host = urlsplit(url).netloc
        if host in self._dead_hosts:
            raise SourceUnreachable(f"{what}: not tried: {host} was unreachable earlier in this run "
                                    f"({self._dead_hosts[host]})")
        attempts = 0
        try:
            for attempt in stamina.retry_context(
                on=self._should_retry, attempts=config.attempts, timeout=config.retry_budget,
                wait_initial=config.wait_initial, wait_max=config.wait_max, wait_jitter=config.wait_jitter,
            ):
                with attempt:
                    attempts += 1
                    if attempts > 1:
                        self.stats.retries += 1
                    self.limiter.acquire(host)
                    self.stats.requests += 1
                    response = self._client.get(url, headers=headers)
                    self.stats.bytes_received += len(response.content)
                    if response.status_code in RETRY_STATUSES:
                        after = parse_retry_after(response.headers.get("Retry-After"))
                        raise _RetryableStatus(response, after)
                    return response
        except _RetryableStatus as exc:
            status = exc.response.status_code
            if exc.retry_after is not None and exc.retry_after > config.max_retry_after:
                raise SourceResponseError(
                    f"{what}: HTTP {status} at {url}; the server asks to retry after {exc.retry_after:g}s, "
                    f"more than max_retry_after={config.max_retry_after:g}s"
                ) from exc
            raise SourceResponseError(f"{what}: HTTP {status} at {url} after {attempts} attempt(s)") from exc
        except httpx.TransportError as exc:
            reason = _describe(exc, config.timeout)
            if isinstance(exc, httpx.ConnectError):
                self._dead_hosts[host] = reason
            raise SourceUnreachable(f"{what}: cannot reach {url} after {attempts} attempt(s): {reason}") from exc
        raise AssertionError("unreachable: retry_context always runs at least once")  # pragma: no cover

    def _should_retry(self, exc: Exception) -> bool | float:
        if isinstance(exc, _RetryableStatus):
            if exc.retry_after is None:
                return True
            if exc.retry_after > self.config.max_retry_after:
                return False
            return exc.retry_after
        # A name that does not resolve will not resolve in the next few seconds either: fail at once.
        return isinstance(exc, httpx.TransportError) and not _is_dns_failure(exc)
