"""Creating the filtered TEMP views (`f_postings`, `f_layoffs`) that every metric selects from.

The filter values go in as prepared parameters into a one-row TEMP TABLE `metric_filters`; the views in
`metrics/sql/_filters.sql` read it, so no user value is ever spliced into SQL text. TEMP objects live in
the connection only, so this works on a read-only database too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from jobshift.errors import StoreError
from jobshift.metrics.catalog import sql_text
from jobshift.metrics.model import Filters

_PARAMS_SQL = (
    "CREATE OR REPLACE TEMP TABLE metric_filters AS SELECT "
    "$start_date::DATE AS start_date, $end_date::DATE AS end_date, $country::VARCHAR AS country, "
    "$state::VARCHAR AS state, $company_class::VARCHAR AS company_class, $role_family::VARCHAR AS role_family"
)
_DROP = (
    "DROP VIEW IF EXISTS temp.f_postings",
    "DROP VIEW IF EXISTS temp.f_postings_all",
    "DROP VIEW IF EXISTS temp.f_layoffs",
    "DROP MACRO TABLE IF EXISTS temp.month_span",
    "DROP TABLE IF EXISTS temp.metric_filters",
)


def create_views(con: duckdb.DuckDBPyConnection, filters: Filters) -> None:
    """(Re)create metric_filters, f_postings and f_layoffs for these filters."""
    try:
        con.execute(
            _PARAMS_SQL,
            {
                "start_date": filters.start_date(),
                "end_date": filters.end_date(),
                "country": filters.country,
                "state": filters.state,
                "company_class": filters.company_class,
                "role_family": filters.role_family,
            },
        )
        con.execute(sql_text("_filters.sql"))
    except duckdb.Error as exc:
        raise StoreError(f"metrics: cannot create the filtered views: {exc}") from exc


def drop_views(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the TEMP objects again (ignoring a connection that is already closed)."""
    for statement in _DROP:
        try:
            con.execute(statement)
        except duckdb.Error:
            continue


@contextmanager
def filtered_views(con: duckdb.DuckDBPyConnection, filters: Filters) -> Iterator[None]:
    """Views in place for the block, dropped after it."""
    create_views(con, filters)
    try:
        yield
    finally:
        drop_views(con)
