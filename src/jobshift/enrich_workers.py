"""Enrichment spread over worker processes: the CPU-bound step of an ingest, on every core.

`pipeline.ingest(..., workers=N)` normalises each raw record in the main process (cheap, and where the
source object lives), then hands the rows of a chunk to `EnrichWorkers.enrich`, which runs the very same pure
functions (`enrich_posting`, `enrich_layoff`) in N processes and returns the results in input order.  With
N = 1 (the default) no process is started and the rows are enriched inline, so small imports pay nothing.

Workers are started with the "spawn" method: the parent holds a DuckDB connection and its threads, which a
forked child must not inherit.  Each worker builds the taxonomy automaton and the other enrichment tables once
(module-level caches), then serves chunks until the ingest ends.  Results are identical to the inline path
(tested); a row that fails enrichment comes back as a RowError for the rejects table, as inline.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from multiprocessing.pool import Pool
from types import TracebackType
from typing import Any

from jobshift.enrich.records import enrich_layoff, enrich_posting
from jobshift.errors import RowError

__all__ = ["EnrichWorkers", "Outcome"]

# One row's outcome: (row, skills, company) for a posting, (row, company) for a layoff, or the RowError.
Outcome = tuple[Any, ...] | RowError


def _enrich_one(task: tuple[str, str | None, dict[str, Any]]) -> Outcome:
    target, source_name, row = task
    try:
        if target == "postings":
            return enrich_posting(row)
        return enrich_layoff(row, source=source_name)
    except RowError as exc:  # pickled back to the parent, which files it under rejects
        return exc


class EnrichWorkers:
    """A pool of enrichment processes for one ingest (a context manager); inline when workers == 1."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool: Pool | None = None

    def __enter__(self) -> EnrichWorkers:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(terminate=exc is not None)

    def close(self, *, terminate: bool = False) -> None:
        """Stop the worker processes (waiting for them, so their CPU time is counted as the parent's children)."""
        if self._pool is not None:
            if terminate:
                self._pool.terminate()
            else:
                self._pool.close()
            self._pool.join()
            self._pool = None

    def enrich(self, target: str, source_name: str | None, rows: Sequence[dict[str, Any]]) -> list[Outcome]:
        """Enrich `rows` (postings or layoff_events) in input order; each outcome is a result or a RowError."""
        tasks = [(target, source_name, row) for row in rows]
        if self.workers == 1 or len(tasks) < 2 * self.workers:
            return [_enrich_one(task) for task in tasks]
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(self.workers)
        chunksize = max(1, len(tasks) // (self.workers * 4))
        return list(self._pool.imap(_enrich_one, tasks, chunksize=chunksize))
