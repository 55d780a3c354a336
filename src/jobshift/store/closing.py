"""Closing postings that left their board: `closed_at` is set, nothing is deleted; a listed one reopens."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import duckdb


def close_missing(con: duckdb.DuckDBPyConnection, source_name: str, board_token: str, live_ids: Iterable[str],
                  now: datetime) -> int:
    """Close `board_token`'s postings (source_id `<token>:…`) not in `live_ids`; reopen listed ones.

    Returns the number closed. Runs in the caller's transaction, if any.
    """
    prefix = f"{board_token}:"
    live = sorted(set(live_ids))  # bound as a list parameter: no registered view to trip over open results
    found = con.execute(
        "UPDATE postings SET closed_at = ? WHERE source = ? AND starts_with(source_id, ?) "
        "AND closed_at IS NULL AND NOT list_contains(?::VARCHAR[], source_id)",
        [now, source_name, prefix, live],
    ).fetchall()
    con.execute(
        "UPDATE postings SET closed_at = NULL WHERE source = ? AND starts_with(source_id, ?) "
        "AND closed_at IS NOT NULL AND list_contains(?::VARCHAR[], source_id)",
        [source_name, prefix, live],
    ).fetchall()
    return int(found[0][0]) if found else 0


def close_boards(con: duckdb.DuckDBPyConnection, source_name: str, live_ids: Mapping[str, Iterable[str]],
                 now: datetime) -> int:
    """`close_missing` for every board fetched completely (token → ids listed); total closed."""
    return sum(close_missing(con, source_name, token, ids, now) for token, ids in live_ids.items())
