"""Exceptions with intent: every message names what went wrong and where (file:row, URL or table).

    JobshiftError                  base; the CLI prints its message as one line and exits non-zero
    ├── ConfigError                bad jobshift.toml, env var or flag value
    ├── MappingError               an import mapping is unknown or invalid
    ├── InputFileError             a file cannot be read as declared (encoding, missing columns, truncated)
    ├── StoreError                 the database cannot be opened, migrated or queried
    │   └── QueryError             a user query (jobshift sql) failed or tried to write
    └── SourceError                a source failed as a whole
        ├── SourceUnreachable      network down / DNS / connection refused: retry later, fall back offline
        └── SourceResponseError    the source answered with something we cannot use

RowError is not a JobshiftError: it marks one bad record, which goes to `rejects` while the import goes on.
"""

from __future__ import annotations


class JobshiftError(Exception):
    """Base of all errors jobshift reports to a user."""


class ConfigError(JobshiftError):
    """A configuration value is missing or invalid."""


class MappingError(JobshiftError):
    """An import mapping is unknown or invalid."""


class InputFileError(JobshiftError):
    """A file cannot be read as its mapping declares; names the file (and row when known)."""


class StoreError(JobshiftError):
    """The database cannot be opened, migrated or queried."""


class QueryError(StoreError):
    """A user-supplied query failed or was not read-only."""


class SourceError(JobshiftError):
    """A source failed as a whole."""


class SourceUnreachable(SourceError):
    """The source could not be reached at all (offline, DNS, refused)."""


class SourceResponseError(SourceError):
    """The source answered, but not with something usable."""


class RowError(ValueError):
    """One record is bad: it goes to `rejects` with the field and reason, and the import goes on."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field

    def __reduce__(self) -> tuple[type[RowError], tuple[str, str | None]]:
        # Keeps `field` when the error crosses a process boundary (jobshift.enrich_workers).
        return (type(self), (self.reason, self.field))
