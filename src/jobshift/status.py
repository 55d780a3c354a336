"""What is in the database: rows per table and source, the last run of each source, rejects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from jobshift.store.db import first_row


@dataclass(frozen=True)
class SourceStatus:
    """One source's rows and its latest run."""

    source: str
    table: str
    rows: int
    synthetic: bool
    last_run_status: str | None
    last_run_at: Any
    last_ok_at: Any
    rejects: int


def source_status(con: duckdb.DuckDBPyConnection) -> list[SourceStatus]:
    """Per source: rows stored, whether synthetic, latest run status and time, last success, rejects."""
    rows = con.execute(
        """
        WITH stored AS (
            SELECT source, 'postings' AS tbl, count(*) AS n, bool_or(synthetic) AS syn FROM postings GROUP BY 1
            UNION ALL SELECT source, 'layoff_events', count(*), bool_or(synthetic) FROM layoff_events GROUP BY 1
            UNION ALL SELECT source, 'news_items', count(*), bool_or(synthetic) FROM news_items GROUP BY 1
        ), runs AS (
            SELECT source, arg_max(status, started_at) AS status, max(started_at) AS last_at,
                   max(finished_at) FILTER (WHERE status = 'ok') AS ok_at
            FROM ingest_runs GROUP BY 1
        ), rej AS (SELECT source, count(*) AS n FROM rejects GROUP BY 1)
        SELECT coalesce(s.source, r.source), coalesce(s.tbl, '-'), coalesce(s.n, 0), coalesce(s.syn, false),
               r.status, r.last_at, r.ok_at, coalesce(j.n, 0)
        FROM stored s FULL JOIN runs r ON r.source = s.source LEFT JOIN rej j ON j.source = coalesce(s.source, r.source)
        ORDER BY 1
        """
    ).fetchall()
    return [SourceStatus(*row) for row in rows]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of each table of the data model."""
    names = ("postings", "layoff_events", "companies", "skills", "posting_skills", "news_items",
             "ingest_runs", "rejects", "raw_records", "occupations", "occupation_titles",
             "occupation_technology", "occupation_exposure")
    counts: dict[str, int] = {}
    for name in names:
        row = first_row(con, f"SELECT count(*) FROM {name}")
        counts[name] = int(row[0]) if row else 0
    return counts


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    row = first_row(con, "SELECT max(version) FROM schema_migrations")
    return int(row[0]) if row and row[0] is not None else 0
