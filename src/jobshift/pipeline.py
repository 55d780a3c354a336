"""The run pipeline: for one source, fetch → keep raw → normalise → enrich → upsert, in one transaction.

`ingest` logs the run in `ingest_runs` (committed before the work starts, so a killed run is visible as
interrupted), then writes everything the source yields inside a single transaction: a crash or Ctrl-C
leaves the database as it was before that source. Bad records go to `rejects` and the run goes on.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any, Final, Protocol

import duckdb

from jobshift.company_classes import classify_companies, touched_companies
from jobshift.dedup import DedupSummary, dedup_postings
from jobshift.enrich.records import taxonomy_rows
from jobshift.enrich_workers import EnrichWorkers
from jobshift.errors import JobshiftError, RowError, SourceUnreachable, StoreError
from jobshift.fields import TARGET_FIELDS
from jobshift.occupation_mapping import map_occupations
from jobshift.sources.base import RawRecord, Source
from jobshift.store.closing import close_boards
from jobshift.store.db import first_row
from jobshift.store.writer import BatchWriter, Counts, PreparedRow, RawRow, RejectRow, payload_json, sha1

BATCH_SIZE = 2000


class Progress(Protocol):
    """What the pipeline tells an interface about progress (the CLI draws a Rich bar)."""

    def start(self, source: str, total: int | None) -> None: ...
    def advance(self, records: int) -> None: ...
    def finish(self) -> None: ...


class NoProgress:
    """A Progress that shows nothing (library use, tests)."""

    def start(self, source: str, total: int | None) -> None:
        return None

    def advance(self, records: int) -> None:
        return None

    def finish(self) -> None:
        return None


@dataclass
class IngestResult:
    """The outcome of ingesting one source."""

    source: str
    run_id: str
    status: str
    counts: Counts = field(default_factory=Counts)
    seconds: float = 0.0
    message: str | None = None
    synthetic_removed: int = 0
    closed: int = 0  # postings that left their board in this run (closed_at set)
    problems: list[str] = field(default_factory=list)  # parts of the source skipped (a board 404, a feed down)
    dedup: DedupSummary | None = None  # postings sources: duplicate grouping after this run's merge
    classed: int = 0  # companies whose class (or its evidence) changed after this run


def new_run_id() -> str:
    """A run id that sorts by time."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def mark_stale_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Runs still 'running' when we hold the write lock died mid-way: mark them interrupted."""
    result = first_row(con,
        "UPDATE ingest_runs SET status = 'interrupted', message = coalesce(message, "
        "'process ended before the run finished; nothing from it was kept') WHERE status = 'running'"
    )
    return int(result[0]) if result else 0


def last_cursor(con: duckdb.DuckDBPyConnection, source: str) -> str | None:
    row = first_row(con,
        "SELECT cursor FROM ingest_runs WHERE source = ? AND status = 'ok' AND cursor IS NOT NULL "
        "ORDER BY finished_at DESC LIMIT 1", [source]
    )
    return str(row[0]) if row else None


_INTERRUPTED: Final = "interrupted by the user; nothing from this run was kept"  # the run log's message for a Ctrl-C


class InterruptLatch:
    """Remembers a Ctrl-C (SIGINT) for the length of an ingest, so that it cannot be lost.

    DuckDB's Python client turns a SIGINT that lands while a statement runs into an interrupt of that statement,
    and when the statement finishes anyway the KeyboardInterrupt is gone: an import could run to its COMMIT through
    every Ctrl-C. The latch's handler records the signal before raising KeyboardInterrupt as Python's does;
    `check()` (between chunks and before COMMIT) raises it again if it was swallowed. Outside the main thread
    (where signal handlers cannot be set), and where SIGINT is ignored (a job started with nohup or in the
    background of a shell), it does nothing.
    """

    def __init__(self) -> None:
        self.hit = False
        self._previous: Any = None
        self._active = False

    def _handle(self, signum: int, frame: Any) -> None:
        self.hit = True
        raise KeyboardInterrupt

    def __enter__(self) -> InterruptLatch:
        if threading.current_thread() is threading.main_thread() and (
                signal.getsignal(signal.SIGINT) is not signal.SIG_IGN):
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._active = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._active:
            signal.signal(signal.SIGINT, self._previous)
            self._active = False

    def check(self) -> None:
        """Raise KeyboardInterrupt if a Ctrl-C arrived (even one a DuckDB statement swallowed)."""
        if self.hit:
            raise KeyboardInterrupt


def ingest(con: duckdb.DuckDBPyConnection, source: Source, *, run_id: str | None = None,
           progress: Progress | None = None, batch_size: int = BATCH_SIZE, total: int | None = None,
           workers: int = 1) -> IngestResult:
    """Ingest everything `source` yields; raise JobshiftError on a failure (after logging it).

    `workers` > 1 enriches each chunk in that many processes (`jobshift.enrich_workers`); same results."""
    run_id = run_id or new_run_id()
    progress = progress or NoProgress()
    now = utcnow()
    started = time.perf_counter()
    result = IngestResult(source=source.name, run_id=run_id, status="running")
    con.execute(
        "INSERT INTO ingest_runs (run_id, source, started_at, status, origin) VALUES (?, ?, ?, 'running', ?) "
        "ON CONFLICT DO UPDATE SET started_at = excluded.started_at, status = 'running'",
        [run_id, source.name, now, source.origin],
    )
    writer = BatchWriter(con, source=source.name, target=source.target, run_id=run_id, now=now,
                         synthetic=source.synthetic)
    progress.start(source.name, total)
    pool = EnrichWorkers(workers)
    with InterruptLatch() as latch:  # a Ctrl-C is remembered until the transaction is over
        con.execute("BEGIN TRANSACTION")
        try:
            if not source.synthetic and source.target in TARGET_FIELDS:
                result.synthetic_removed = remove_synthetic(con)
            if source.target == "postings":
                writer.write_skill_taxonomy(taxonomy_rows())
            for chunk in _chunks(source.fetch(last_cursor(con, source.name)), batch_size):
                result.counts.add(_write_chunk(writer, source, chunk, pool))
                progress.advance(len(chunk))
                latch.check()
            pool.close()
            result.counts.add(writer.finish())
            live_ids = getattr(source, "live_ids", None)
            if callable(live_ids):
                result.closed = close_boards(con, source.name, live_ids(), now)
            # Only inserts (no row updated, none removed): dedup and company classes touch just what is new.
            only_new = result.counts.updated == 0 and result.synthetic_removed == 0
            if source.target == "postings":
                result.dedup = dedup_postings(con, incremental=only_new)
            if source.target in ("postings", "layoff_events"):
                touched = touched_companies(con, source.target, run_id, result.dedup) if only_new else None
                result.classed = classify_companies(con, touched)
            if source.target in ("postings", "layoff_events", "occupation_titles", "occupation_exposure"):
                map_occupations(con, result.run_id)  # O*NET occupation + exposure (jobshift.occupation_mapping)
            result.problems = list(getattr(source, "problems", []) or [])
            # The run's log row is completed inside the same transaction: the data and the record of it (counts,
            # the cursor the next run resumes from) are committed together or not at all.
            _finish(con, result, "ok", started, None, source.cursor())
            latch.check()
            con.execute("COMMIT")
        except KeyboardInterrupt:
            _rollback(con)
            _finish(con, result, "interrupted", started, _INTERRUPTED)
            raise
        except JobshiftError as exc:
            _rollback(con)
            _finish(con, result, "unreachable" if isinstance(exc, SourceUnreachable) else "failed", started, str(exc))
            raise
        except duckdb.Error as exc:
            _rollback(con)
            if latch.hit:  # the Ctrl-C interrupted a statement (duckdb.InterruptException): an interruption
                _finish(con, result, "interrupted", started, _INTERRUPTED)
                raise KeyboardInterrupt from exc
            _finish(con, result, "failed", started, f"database error: {exc}")
            raise StoreError(f"{source.name}: database error while writing: {exc}") from exc
        finally:
            pool.close(terminate=True)
            progress.finish()
    return result


def record_skipped(con: duckdb.DuckDBPyConnection, run_id: str, source: Source, message: str) -> None:
    """Log a source that was not tried in this run (status unreachable, with the reason)."""
    now = utcnow()
    con.execute(
        "INSERT INTO ingest_runs (run_id, source, started_at, finished_at, status, message, origin, seconds) "
        "VALUES (?, ?, ?, ?, 'unreachable', ?, ?, 0) ON CONFLICT DO NOTHING",
        [run_id, source.name, now, now, message, source.origin],
    )


def _write_chunk(writer: BatchWriter, source: Source, chunk: list[RawRecord], pool: EnrichWorkers) -> Counts:
    raws: list[RawRow] = []
    prepared: list[PreparedRow] = []
    rejects: list[RejectRow] = []
    normalised: list[tuple[RawRecord, str, str, dict[str, Any]]] = []
    for raw in chunk:
        payload = payload_json(raw.payload)
        content = sha1(payload)
        raw_id = sha1(f"{source.name}\x1f{raw.source_key}\x1f{content}")
        raws.append(RawRow(raw_id, raw.source_key, content, raw.location, payload))
        try:
            normalised.append((raw, raw_id, payload, normalise_checked(source, raw)))
        except RowError as exc:
            rejects.append(RejectRow(raw.location, exc.field, exc.reason, payload[:20_000]))
    if source.target in ("postings", "layoff_events"):
        outcomes = pool.enrich(source.target, source.name, [row for *_, row in normalised])
    else:
        outcomes = [(row,) for *_, row in normalised]
    for (raw, raw_id, payload, _), outcome in zip(normalised, outcomes, strict=True):
        if isinstance(outcome, RowError):
            rejects.append(RejectRow(raw.location, outcome.field, outcome.reason, payload[:20_000]))
        else:
            prepared.append(_prepared(source.target, raw_id, outcome))
    writer.write_raw(raws)
    writer.write_rejects(rejects)
    counts = writer.write_rows(prepared)
    counts.fetched = len(chunk)
    counts.rejected = len(rejects)
    return counts


def _prepared(target: str, raw_id: str, outcome: tuple[Any, ...]) -> PreparedRow:
    """A PreparedRow from one enrichment outcome: (row, skills, company) for postings, (row, company) for
    layoff events, (row,) for the other targets."""
    if target == "postings":
        row, skills, company = outcome
        return PreparedRow(row=row, raw_id=raw_id, skills=skills, company=company)
    if target == "layoff_events":
        row, company = outcome
        return PreparedRow(row=row, raw_id=raw_id, company=company)
    return PreparedRow(row=outcome[0], raw_id=raw_id)


def normalise_checked(source: Source, raw: RawRecord) -> dict[str, Any]:
    """One raw record normalised by its source and checked against the target's fields (RowError if bad)."""
    row = source.normalise(raw)
    target = source.target
    if target in TARGET_FIELDS:
        allowed = TARGET_FIELDS[target]
        unknown = set(row) - set(allowed)
        if unknown:
            raise RowError(f"source produced unknown fields {sorted(unknown)}")
        if not row.get("source_id"):
            raise RowError("record has no id", field="source_id")
        row["source_id"] = str(row["source_id"])
    return row


def remove_synthetic(con: duckdb.DuckDBPyConnection) -> int:
    """Delete the bundled sample's rows, so real data is never mixed with it. Returns rows removed."""
    removed = 0
    for table in ("postings", "layoff_events", "news_items"):
        found = first_row(con, f"SELECT count(*) FROM {table} WHERE synthetic")
        count = int(found[0]) if found else 0
        if count:
            if table == "postings":
                con.execute("DELETE FROM posting_skills WHERE posting_id IN "
                            "(SELECT posting_id FROM postings WHERE synthetic)")
            con.execute(f"DELETE FROM {table} WHERE synthetic")
            removed += count
    if removed:
        con.execute("DELETE FROM companies c WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.company_id = "
                    "c.company_id) AND NOT EXISTS (SELECT 1 FROM layoff_events e WHERE e.company_id = c.company_id)")
    return removed


def has_real_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database holds any non-synthetic posting or layoff event."""
    row = first_row(con,
        "SELECT (SELECT count(*) FROM postings WHERE NOT synthetic) + "
        "(SELECT count(*) FROM layoff_events WHERE NOT synthetic)"
    )
    return bool(row and row[0])


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def _finish(con: duckdb.DuckDBPyConnection, result: IngestResult, status: str, started: float,
            message: str | None, cursor: str | None = None) -> None:
    result.status = status
    result.seconds = time.perf_counter() - started
    result.message = message
    counts = result.counts if status == "ok" else Counts()
    values: list[Any] = [utcnow(), status, counts.fetched, counts.new, counts.updated, counts.unchanged,
                         counts.rejected, counts.duplicates, result.seconds, message, cursor, result.run_id,
                         result.source]
    con.execute(
        "UPDATE ingest_runs SET finished_at = ?, status = ?, fetched = ?, new = ?, updated = ?, unchanged = ?, "
        "rejected = ?, duplicates = ?, seconds = ?, message = ?, cursor = ? WHERE run_id = ? AND source = ?",
        values,
    )
