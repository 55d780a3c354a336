"""The one small interface every source implements, and the raw record it yields.

A source fetches raw records (kept untouched in `raw_records`, so everything can be re-processed without
re-fetching) and normalises each into a row of its target table (`fields.TARGET_FIELDS`). Normalising one
record may raise `RowError`; that record goes to `rejects` and the run goes on. A source never writes to
the store: `jobshift.pipeline` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as fetched: its id within the source, where it came from, and the payload."""

    source_key: str
    location: str
    payload: Mapping[str, Any]
    # Anything the source learnt while fetching that normalise needs (e.g. the file's month).
    context: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Source(Protocol):
    """What the pipeline needs from a source."""

    @property
    def name(self) -> str:
        """Value of the `source` column; also the key in `ingest_runs`."""
        ...

    @property
    def target(self) -> str:
        """Table the rows go to: postings, layoff_events, news_items, or a reference table."""
        ...

    @property
    def synthetic(self) -> bool:
        """True only for the bundled generated sample."""
        ...

    @property
    def origin(self) -> str:
        """Where the data comes from (file path or base URL), for run logs."""
        ...

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        """Yield raw records; `since` is the cursor the previous successful run left (or None)."""
        ...

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        """Turn one raw record into a row for `target`; raise RowError for a bad record."""
        ...

    def cursor(self) -> str | None:
        """Cursor to store after a successful run (None when the source is not incremental)."""
        ...
