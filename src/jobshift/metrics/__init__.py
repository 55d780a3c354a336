"""Metrics: each defined once as SQL in `metrics/sql/<id>.sql`, run over filtered views, with intervals.

    from jobshift.metrics import Filters, list_metrics, run_metric, run_all
    result = run_metric(con, "share_mentions_llm", Filters(start="2024-01", end="2024-12", country="US"))
    result.value, result.ci_low, result.ci_high, result.n, result.period, result.sources

See docs/metrics.md for every metric's definition, unit and caveats and how intervals are computed.
"""

from jobshift.fields import AI_ROLE_FAMILIES, ROLE_FAMILIES
from jobshift.metrics.catalog import get_metric, list_metrics
from jobshift.metrics.model import Filters, MetricDef, MetricResult
from jobshift.metrics.runner import run_all, run_metric

__all__ = [
    "AI_ROLE_FAMILIES",
    "ROLE_FAMILIES",
    "Filters",
    "MetricDef",
    "MetricResult",
    "get_metric",
    "list_metrics",
    "run_all",
    "run_metric",
]
