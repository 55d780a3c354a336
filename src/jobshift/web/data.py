"""Read-only access to the analytics DuckDB for the web app, and the data version caches key on.

The server holds one read-only connection and gives each request its own cursor (DuckDB connections are
not shared across threads). DuckDB lets a writer in only when no other process has the file open, so the
connection is released after `idle_seconds` without requests: a `jobshift run` started beside a quiet
server can write, and the next request reopens the file. The data version is the latest
`ingest_runs.finished_at` (plus the file's size and mtime); it changes when a run finishes, which
invalidates every cached metric.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from jobshift.errors import StoreError
from jobshift.store.db import open_read_only


class DatabaseBusy(StoreError):
    """The analytics database is locked by a writer (an ingest is running)."""


@dataclass(frozen=True, slots=True)
class DataState:
    """What the web app knows of the data: its version key and whether it is the synthetic sample."""

    version: str
    synthetic: bool
    last_finished: str | None


def _file_stamp(path: Path) -> tuple[int, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0, 0)
    wal = path.with_name(path.name + ".wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    return (st.st_mtime_ns, st.st_size, wal_size)


class AnalyticsDB:
    """One read-only DuckDB connection shared by request threads through cursors, released when idle."""

    def __init__(self, path: Path, idle_seconds: float = 5.0) -> None:
        self.path = Path(path)
        self.idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._active = 0
        self._last_used = 0.0
        self._stamp: tuple[int, int, int] | None = None
        self._state: DataState | None = None
        self._reaper: threading.Thread | None = None
        self._stop = threading.Event()

    def check(self) -> None:
        """Fail with a clear message when the database cannot be opened (used at start-up)."""
        with self.cursor() as cur:
            cur.execute("SELECT 1").fetchall()

    def _open(self) -> duckdb.DuckDBPyConnection:
        try:
            return open_read_only(self.path)
        except StoreError as exc:
            if "lock" in str(exc).lower():
                raise DatabaseBusy(f"{self.path}: busy (an ingest is writing); try again shortly") from exc
            raise

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the shared read-only connection, for one request."""
        with self._lock:
            if self._con is None:
                self._con = self._open()
                self._start_reaper()
            cur = self._con.cursor()
            self._active += 1
        try:
            yield cur
        finally:
            cur.close()
            with self._lock:
                self._active -= 1
                self._last_used = time.monotonic()

    def _start_reaper(self) -> None:
        if self._reaper is None or not self._reaper.is_alive():
            self._reaper = threading.Thread(target=self._reap, name="jobshift-db-idle", daemon=True)
            self._reaper.start()

    def _reap(self) -> None:
        while not self._stop.wait(min(1.0, self.idle_seconds)):
            with self._lock:
                idle = time.monotonic() - self._last_used
                if self._con is not None and self._active == 0 and idle >= self.idle_seconds:
                    self._con.close()
                    self._con = None
                    return

    def close(self) -> None:
        """Close the connection (server shutdown)."""
        self._stop.set()
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def state(self) -> DataState:
        """The current data version; re-read from the database only when the file changed on disk."""
        stamp = _file_stamp(self.path)
        cached = self._state
        if cached is not None and stamp == self._stamp:
            return cached
        try:
            with self.cursor() as cur:
                row = cur.execute(
                    "SELECT (SELECT max(finished_at) FROM ingest_runs), "
                    "(SELECT count(*) FROM ingest_runs), "
                    "EXISTS (SELECT 1 FROM postings WHERE synthetic) OR EXISTS (SELECT 1 FROM layoff_events "
                    "WHERE synthetic)"
                ).fetchall()[0]
        except DatabaseBusy:
            if cached is not None:
                return cached  # a writer holds the file: keep serving what we have
            raise
        finished = None if row[0] is None else str(row[0])
        state = DataState(version=f"{finished}|{row[1]}|{stamp[1]}", synthetic=bool(row[2]), last_finished=finished)
        self._stamp, self._state = stamp, state
        return state

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return its rows as dicts of plain values."""
        with self.cursor() as cur:
            result = cur.execute(sql, params or [])
            names = [d[0] for d in result.description or []]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        """The first column of the first row (None when no row)."""
        with self.cursor() as cur:
            found = cur.execute(sql, params or []).fetchall()
        return found[0][0] if found else None
