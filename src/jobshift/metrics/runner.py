"""Running metrics: filtered views, the metric's SQL, its compute step, and provenance (n, sources, period).

    run_metric(con, "share_mentions_llm", Filters(start="2024-01", end="2024-06"))
    run_all(con, Filters(country="US"))

Provenance comes from the metric's `basis` rows, not from the SQL result: `sources` lists for each source
the rows that fed the metric and their first and last date, `period` spans those dates, and `synthetic`
is true when any of those rows is synthetic.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb

from jobshift.errors import StoreError
from jobshift.metrics.catalog import get_metric, list_metrics
from jobshift.metrics.compute import COMPUTE
from jobshift.metrics.model import Filters, MetricDef, MetricResult
from jobshift.metrics.views import filtered_views


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly value: dates as ISO text, decimals as floats, inf/NaN as None, lists element-wise."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description or []]
    return [{n: plain(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def basis_sources(con: duckdb.DuckDBPyConnection, metric: MetricDef) -> tuple[list[dict[str, Any]], bool]:
    """Per-source row counts and date range of the rows that feed `metric`, and whether any is synthetic."""
    merged: dict[str, dict[str, Any]] = {}
    synthetic = False
    for basis in metric.basis:
        sql = (
            "SELECT source, count(*) AS rows, min(obs_date) AS first, max(obs_date) AS last, "
            f"coalesce(bool_or(synthetic), FALSE) AS synthetic FROM {basis} GROUP BY source ORDER BY source"
        )
        for row in _rows(con, sql):
            synthetic = synthetic or bool(row.pop("synthetic"))
            entry = merged.setdefault(row["source"], {"source": row["source"], "rows": 0, "first": None, "last": None})
            entry["rows"] += int(row["rows"])
            for key, pick in (("first", min), ("last", max)):
                dates = [d for d in (entry[key], row[key]) if d is not None]
                entry[key] = pick(dates)[:10] if dates else None
    return sorted(merged.values(), key=lambda s: (-s["rows"], s["source"])), synthetic


def _period(sources: list[dict[str, Any]]) -> str:
    firsts = [s["first"] for s in sources if s["first"]]
    lasts = [s["last"] for s in sources if s["last"]]
    if not firsts or not lasts:
        return ""
    return f"{min(firsts)[:7]}..{max(lasts)[:7]}"


def _run(con: duckdb.DuckDBPyConnection, metric: MetricDef, filters: Filters) -> MetricResult:
    """One metric; the filtered views must exist."""
    try:
        sources, synthetic = basis_sources(con, metric)
        rows = _rows(con, metric.sql)
    except duckdb.Error as exc:
        raise StoreError(f"metric {metric.id}: query failed: {exc}") from exc
    computed = COMPUTE[metric.compute](rows)
    basis_n = sum(int(s["rows"]) for s in sources)
    if not sources and computed.table is not None:
        computed.table = []  # rows of zeros over no data say nothing
    return MetricResult(
        id=metric.id,
        label=metric.label,
        value=computed.value,
        ci_low=computed.ci_low,
        ci_high=computed.ci_high,
        n=basis_n if computed.n is None else computed.n,
        unit=metric.unit,
        period=_period(sources),
        filters=filters.as_dict(),
        sources=sources,
        table=computed.table,
        method=metric.definition,
        caveats=metric.caveats,
        synthetic=synthetic,
        extra={k: plain(v) for k, v in computed.extra.items()},
    )


def run_metric(con: duckdb.DuckDBPyConnection, metric_id: str, filters: Filters | None = None) -> MetricResult:
    """Run one metric by id over the (filtered) database."""
    metric = get_metric(metric_id)
    active = filters or Filters()
    with filtered_views(con, active):
        return _run(con, metric, active)


def run_all(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> list[MetricResult]:
    """Every metric in catalogue order, sharing one set of filtered views."""
    active = filters or Filters()
    with filtered_views(con, active):
        return [_run(con, metric, active) for metric in list_metrics()]
