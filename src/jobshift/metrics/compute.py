"""Turning a metric's SQL rows into a value, an interval and a table (the `compute:` header key).

The SQL decides *what* is counted; this module only adds intervals and lifts summary columns:

    scalar      one row: value [, n, ci_low, ci_high]
    proportion  one row: k, n  -> value k/n with a Wilson 95% interval
    table       rows as they are
    growth      table with n and prev_n per row -> growth, growth_ci_low, growth_ci_high (log-ratio)
    median_ci   table with pay_values per row -> ci_low, ci_high of the median (order statistics, n >= 5)
    premium     cells with ai_values and swe_values -> AI-role pay premium (see `premium`)

In every kind, columns named `metric_value`, `metric_ci_low`, `metric_ci_high`, `metric_n` and `extra_<x>`
are taken from the first row as the metric's scalar value / interval / n / extras and removed from the
table; a `keep_row` column drops rows whose value is false; `wilson_k` and `wilson_n` add a Wilson interval
(`ci_low`, `ci_high`) to each row, and each named pair `wilson_k_<x>` / `wilson_n_<x>` one called `<x>_ci_low`,
`<x>_ci_high` (for tables with several shares per row).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from jobshift.metrics.stats import bootstrap_medians_ci, log_ratio_interval, median_ci, wilson

MIN_N_MEDIAN_CI: Final[int] = 5  # a median of fewer postings gets no interval
MIN_CELL_PREMIUM: Final[int] = 3  # postings needed on each side of a seniority × country cell

Row = dict[str, Any]


@dataclass(slots=True)
class Computed:
    """What a compute step adds to the basis (n, sources) the runner measured."""

    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None
    table: list[Row] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _lift(rows: list[Row], out: Computed) -> list[Row]:
    """Move metric_* / extra_* columns into `out`, apply keep_row and wilson_k/wilson_n."""
    if rows:
        first = rows[0]
        if "metric_value" in first:
            out.value = _num(first["metric_value"])
        if "metric_ci_low" in first:
            out.ci_low, out.ci_high = _num(first["metric_ci_low"]), _num(first["metric_ci_high"])
        if first.get("metric_n") is not None:
            out.n = int(first["metric_n"])
        for key, value in first.items():
            if key.startswith("extra_"):
                out.extra[key.removeprefix("extra_")] = value
    kept: list[Row] = []
    for row in rows:
        if "keep_row" in row and not row["keep_row"]:
            continue
        clean: Row = {}
        for key, value in row.items():
            if key.startswith(("metric_", "extra_", "wilson_n")) or key == "keep_row":
                continue
            if key == "wilson_k":  # the interval takes the place of wilson_k, beside the share it bounds
                clean["ci_low"], clean["ci_high"] = wilson(int(value or 0), int(row.get("wilson_n") or 0))
            elif key.startswith("wilson_k_"):  # a named pair: wilson_k_<x>/wilson_n_<x> -> <x>_ci_low/_ci_high
                name = key.removeprefix("wilson_k_")
                k, n = int(value or 0), int(row.get(f"wilson_n_{name}") or 0)
                clean[f"{name}_ci_low"], clean[f"{name}_ci_high"] = wilson(k, n)
            else:
                clean[key] = value
        kept.append(clean)
    return kept


def _scalar(rows: list[Row]) -> Computed:
    out = Computed()
    first = rows[0] if rows else {}
    out.value = _num(first.get("value"))
    out.ci_low, out.ci_high = _num(first.get("ci_low")), _num(first.get("ci_high"))
    if first.get("n") is not None:
        out.n = int(first["n"])
    out.extra = {k.removeprefix("extra_"): v for k, v in first.items() if k.startswith("extra_")}
    return out


def _proportion(rows: list[Row]) -> Computed:
    first = rows[0] if rows else {}
    k, n = int(first.get("k") or 0), int(first.get("n") or 0)
    low, high = wilson(k, n)
    extra = {
        "k": k,
        **{key.removeprefix("extra_"): v for key, v in first.items() if key.startswith("extra_")},
    }
    return Computed(value=k / n if n else None, ci_low=low, ci_high=high, n=n, extra=extra)


def _table(rows: list[Row]) -> Computed:
    out = Computed()
    out.table = _lift(rows, out)
    return out


def _growth(rows: list[Row]) -> Computed:
    out = _table(rows)
    for row in out.table or []:
        growth, low, high = log_ratio_interval(int(row.get("n") or 0), int(row.get("prev_n") or 0))
        row["growth"], row["growth_ci_low"], row["growth_ci_high"] = growth, low, high
    return out


def _median_ci(rows: list[Row]) -> Computed:
    out = _table(rows)
    for row in out.table or []:
        values = [float(v) for v in row.pop("pay_values", None) or []]
        low, high = median_ci(values) if len(values) >= MIN_N_MEDIAN_CI else (None, None)
        row["ci_low"], row["ci_high"] = low, high
    return out


def premium_of(cells: list[tuple[list[float], list[float]]]) -> float | None:
    """Σ n_ai·(median_ai / median_swe) / Σ n_ai − 1 over (ai_values, swe_values) cells."""
    weight = sum(len(ai) for ai, _ in cells)
    if not weight:
        return None
    total = 0.0
    for ai, swe in cells:
        base = statistics.median(swe)
        if base <= 0:
            return None
        total += len(ai) * statistics.median(ai) / base
    return total / weight - 1


def _premium(rows: list[Row]) -> Computed:
    """AI-role pay premium over software engineers, compared within seniority × country cells.

    Cells with at least MIN_CELL_PREMIUM paid postings on both sides are used; the headline weights each
    cell's ratio of medians by its number of AI postings. The interval resamples both sides of every used
    cell (stratified bootstrap, fixed seed).
    """
    out = _table(rows)
    used: list[tuple[list[float], list[float]]] = []
    for row in out.table or []:
        ai = [float(v) for v in row.pop("ai_values", None) or []]
        swe = [float(v) for v in row.pop("swe_values", None) or []]
        row["used"] = len(ai) >= MIN_CELL_PREMIUM and len(swe) >= MIN_CELL_PREMIUM
        ai_med, swe_med = row.get("ai_median_usd"), row.get("swe_median_usd")
        row["premium"] = ai_med / swe_med - 1 if row["used"] and ai_med and swe_med else None
        if row["used"]:
            used.append((ai, swe))
    out.value = premium_of(used)
    out.n = sum(len(ai) + len(swe) for ai, swe in used)
    out.extra = {"cells_used": len(used), "min_per_side": MIN_CELL_PREMIUM}
    if used:
        weights = [len(ai) for ai, _ in used]

        def _stat(medians: list[float]) -> float | None:
            pairs = list(zip(medians[0::2], medians[1::2], strict=True))
            if any(swe <= 0 for _, swe in pairs):
                return None
            return sum(w * ai / swe for w, (ai, swe) in zip(weights, pairs, strict=True)) / sum(weights) - 1

        flat = [side for cell in used for side in cell]
        out.ci_low, out.ci_high = bootstrap_medians_ci(flat, _stat)
    return out


COMPUTE: Final[dict[str, Callable[[list[Row]], Computed]]] = {
    "scalar": _scalar,
    "proportion": _proportion,
    "table": _table,
    "growth": _growth,
    "median_ci": _median_ci,
    "premium": _premium,
}
