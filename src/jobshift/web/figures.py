"""Metric results and charts for the web app, cached per data version.

Metrics are run by `jobshift.metrics.run_metric` / `run_all` (never re-defined here); charts are the
report's own Vega-Lite specs (`jobshift.report.charts`) rendered to inline SVG, plus two small specs for a
company's and a skill's months. Everything is cached under the data version, so the cache empties itself
when an ingest run finishes.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from jobshift.errors import ConfigError, StoreError
from jobshift.metrics import Filters, MetricResult, get_metric, list_metrics, run_all, run_metric
from jobshift.report.charts import CHARTS, chart_spec, render_svg
from jobshift.report.format import SYNTHETIC_BANNER
from jobshift.web import queries
from jobshift.web.cache import VersionedCache
from jobshift.web.data import AnalyticsDB

T = TypeVar("T")
log = logging.getLogger("jobshift.web")
WINDOW_MONTHS = 24


def filters_key(filters: Filters) -> tuple[tuple[str, str], ...]:
    """A hashable key of the active filters."""
    return tuple(sorted(filters.as_dict().items()))


def metric_json(result: MetricResult) -> dict[str, Any]:
    """A metric as the API returns it: report.json's entry plus its table, method, caveats, synthetic."""
    body = result.to_json()
    body.update({"table": result.table, "method": result.method, "caveats": result.caveats,
                 "synthetic": result.synthetic})
    return body


class Figures:
    """Cached metric results, their JSON bytes and chart SVGs over one analytics database."""

    def __init__(self, db: AnalyticsDB, cache: VersionedCache | None = None) -> None:
        self.db = db
        self.cache = cache or VersionedCache(size=1024)

    def version(self) -> str:
        """The current data version."""
        return self.db.state().version

    def all(self, filters: Filters) -> dict[str, MetricResult]:
        """Every metric for these filters (one shared run), by id."""
        version = self.version()
        key = ("all", filters_key(filters))

        def compute() -> dict[str, MetricResult]:
            with self.db.cursor() as cur:
                try:
                    results = {r.id: r for r in run_all(cur, filters)}
                except StoreError as exc:
                    # One broken metric must not take every page down: run them one by one, keep the rest.
                    log.error("running every metric failed (%s); running them one by one", exc)
                    results = {}
                    for metric in list_metrics():
                        try:
                            results[metric.id] = run_metric(cur, metric.id, filters)
                        except StoreError as one:
                            log.error("metric %s failed: %s", metric.id, one)
            for result in results.values():
                self.cache.put(version, ("metric", result.id, filters_key(filters)), result)
            return results

        found: dict[str, MetricResult] = self.cache.get_or_compute(version, key, compute)
        return found

    def metric(self, metric_id: str, filters: Filters) -> MetricResult:
        """One metric (KeyError-free: the id must exist, see `known`)."""
        version = self.version()
        key = ("metric", metric_id, filters_key(filters))

        def compute() -> MetricResult:
            with self.db.cursor() as cur:
                return run_metric(cur, metric_id, filters)

        found: MetricResult = self.cache.get_or_compute(version, key, compute)
        return found

    def metric_bytes(self, metric_id: str, filters: Filters) -> bytes:
        """The metric's JSON document, serialised once per version and filters."""
        version = self.version()
        key = ("metric-json", metric_id, filters_key(filters))
        found: bytes = self.cache.get_or_compute(
            version, key,
            lambda: json.dumps(metric_json(self.metric(metric_id, filters)), ensure_ascii=False,
                               allow_nan=False).encode())
        return found

    @staticmethod
    def known(metric_id: str) -> bool:
        """True when a metric of that id exists."""
        try:
            get_metric(metric_id)
        except ConfigError:
            return False
        return True

    def chart(self, metric_id: str, filters: Filters) -> str | None:
        """The report's chart for a metric as inline SVG (None when the metric has no chart)."""
        chart_id = get_metric(metric_id).chart
        if chart_id not in CHARTS:
            return None
        version = self.version()
        key = ("chart", metric_id, filters_key(filters))

        def compute() -> str:
            result = self.metric(metric_id, filters)
            return render_svg(chart_spec(str(chart_id), result, result.synthetic), scope=f"c-{chart_id}")

        found: str = self.cache.get_or_compute(version, key, compute)
        return found

    def cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Any read-only result (a list page, a profile) cached under the data version."""
        return self.cache.get_or_compute(self.version(), ("cached", *key), compute)

    def custom_chart(self, key: tuple[Any, ...], spec: dict[str, Any], scope: str) -> str:
        """Inline SVG of an ad-hoc Vega-Lite spec (company or skill months), cached under `key`."""
        found: str = self.cache.get_or_compute(self.version(), ("custom", *key),
                                               lambda: render_svg(spec, scope=scope))
        return found

    def latest_month(self) -> str | None:
        """The latest month with data (cached per version)."""
        found: str | None = self.cache.get_or_compute(self.version(), ("latest-month",),
                                                      lambda: queries.latest_month(self.db) or "")
        return found or None

    def default_window(self, filters: Filters, all_data: bool = False) -> Filters:
        """The pages' default period: the last WINDOW_MONTHS months with data, unless a period (or all
        data) was asked for. Decades of months make unreadable charts and megabyte pages."""
        latest = None if all_data or filters.start or filters.end else self.latest_month()
        if latest is None:
            return filters
        index = int(latest[:4]) * 12 + int(latest[5:7]) - 1 - (WINDOW_MONTHS - 1)
        return dataclasses.replace(filters, start=f"{index // 12:04d}-{index % 12 + 1:02d}", end=latest)

    def warm(self) -> None:
        """Run every metric and draw every chart for the pages' default period and for all data (the API's
        default), at start-up in the background."""
        first = ["gross_vs_net_monthly", "ai_attributed_share_monthly"]  # the overview's charts first
        for filters in (self.default_window(Filters()), Filters()):
            self.all(filters)
            rest = [m.id for m in list_metrics() if m.id not in first]
            for metric_id in first + rest:
                try:
                    self.metric_bytes(metric_id, filters)
                    self.chart(metric_id, filters)
                except StoreError as exc:
                    log.error("warm-up: metric %s failed: %s", metric_id, exc)


def fill_months(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows keyed by 'YYYY-MM' with the missing months between the first and the last added (empty), so a
    chart's time axis is even."""
    if not rows:
        return []
    by_month = {r["month"]: r for r in rows}
    first, last = min(by_month), max(by_month)
    index, end = int(first[:4]) * 12 + int(first[5:7]) - 1, int(last[:4]) * 12 + int(last[5:7]) - 1
    out = []
    while index <= end:
        month = f"{index // 12:04d}-{index % 12 + 1:02d}"
        out.append(by_month.get(month, {"month": month}))
        index += 1
    return out


def months_chart(rows: list[dict[str, Any]], series: list[tuple[str, str, str]], title: str, subtitle: list[str],
                 synthetic: bool) -> dict[str, Any]:
    """A monthly bar chart, one row of panels per series: (column, label, colour); missing months are 0."""
    values = [{"month": r["month"], "measure": label, "value": r.get(column) or 0}
              for r in fill_months(rows) for column, label, _ in series]
    if synthetic:
        subtitle = [SYNTHETIC_BANNER, *subtitle]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "subtitle": subtitle, "anchor": "start", "fontSize": 15, "subtitleFontSize": 11},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": None, "axis": {"labelAngle": -45}},
            "y": {"field": "value", "type": "quantitative", "title": None},
            "color": {"field": "measure", "type": "nominal", "legend": None,
                      "scale": {"domain": [s[1] for s in series], "range": [s[2] for s in series]}},
            "row": {"field": "measure", "type": "nominal", "title": None, "sort": [s[1] for s in series],
                    "header": {"labelOrient": "top", "labelAnchor": "start", "labelFontWeight": "bold"}},
            "tooltip": [{"field": "month"}, {"field": "measure"}, {"field": "value", "type": "quantitative"}],
        },
        "width": 560,
        "height": 110,
        "resolve": {"scale": {"y": "independent"}},
        "background": "white",
        "config": {"font": "Liberation Sans, Helvetica, Arial, sans-serif", "view": {"stroke": None}},
    }
