"""The DuckDB store: one embedded file holding raw records, normalised rows, enrichments and run logs.

`connect` opens (and migrates) a database; `writer` upserts batches idempotently; `query` serves
read-only SQL and exports. Nothing here knows about sources or the CLI.
"""

from jobshift.store.db import connect, open_read_only

__all__ = ["connect", "open_read_only"]
