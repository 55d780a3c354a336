"""Fixtures for the live-source tests: a replay HTTP server on 127.0.0.1, a fast HTTP client, no internet.

`server` is a pytest-httpserver `HTTPServer` bound to 127.0.0.1 (threaded, so a slow handler does not
block the retry that follows). `replay(name)` reads a fixture from tests/sources/replay/. `fast_config`
retries in hundredths of a second. The autouse `no_internet` guard makes any DNS lookup or connection to
a non-loopback address fail, so a test that forgot to point a source at the replay server cannot reach
the real API.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from jobshift.sources.http import HttpCache, HttpClient, HttpConfig

REPLAY = Path(__file__).parent / "replay"
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "", None}


def replay_bytes(name: str) -> bytes:
    return (REPLAY / name).read_bytes()


def replay_json(name: str) -> Any:
    return json.loads((REPLAY / name).read_text(encoding="utf-8"))


@pytest.fixture
def replay() -> Any:
    """replay(name) -> the parsed JSON fixture."""
    return replay_json


@pytest.fixture
def replay_raw() -> Any:
    """replay_raw(name) -> the fixture's bytes."""
    return replay_bytes


def _is_local(host: Any) -> bool:
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse DNS lookups and connections to anything but loopback for the duration of a test."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_local(host):
            raise socket.gaierror(socket.EAI_NONAME, f"tests do not resolve {host!r} (no internet in tests)")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise ConnectionRefusedError(f"tests do not connect to {address!r} (no internet in tests)")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture(scope="session")
def _replay_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def server(_replay_server: HTTPServer) -> HTTPServer:
    _replay_server.clear()
    return _replay_server


@pytest.fixture
def base_url(server: HTTPServer) -> str:
    return server.url_for("").rstrip("/")


@pytest.fixture
def fast_config() -> HttpConfig:
    return HttpConfig(timeout=2.0, attempts=3, retry_budget=5.0, wait_initial=0.01, wait_max=0.05,
                      wait_jitter=0.01, max_retry_after=3.0, rate=0)


@pytest.fixture
def client(fast_config: HttpConfig) -> Iterator[HttpClient]:
    with HttpClient(fast_config, cache=HttpCache(None)) as http:
        yield http


@pytest.fixture
def unused_port() -> int:
    """A local port with nothing listening (for 'connection refused')."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def pipeline() -> Any:
    """jobshift.pipeline, or skip when the enrichment modules it imports are not there yet."""
    try:
        import jobshift.pipeline as pipeline
    except ImportError as exc:  # pragma: no cover - depends on other work in progress
        pytest.skip(f"jobshift.pipeline cannot be imported yet: {exc}")
    return pipeline
