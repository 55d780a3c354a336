"""Turning metric values into text a reader can check: figures by unit, intervals, n, period and sources.

Shared by the HTML and Markdown templates, the chart subtitles and `headline_lines` (what the CLI prints).
"""

from __future__ import annotations

import math
from typing import Any, Final

from jobshift.metrics import MetricResult

SYNTHETIC_BANNER: Final[str] = "SYNTHETIC SAMPLE — not real data"
NO_DATA: Final[str] = "no data"
NOT_MAPPED: Final[str] = "not mapped yet: no record has an AI exposure band"
MIN_EVENTS_QUARTER: Final[int] = 20  # a quarter with fewer layoff events has an interval too wide to chart
EXPOSURE_METRICS: Final[frozenset[str]] = frozenset({
    "openings_by_exposure_band_monthly", "entry_level_share_by_exposure_band_monthly",
    "roles_cut_vs_created_by_exposure_band",
})
DASH: Final[str] = "–"

_PERCENT_COLUMNS: Final[tuple[str, ...]] = ("share", "growth", "premium", "ci_low", "ci_high")
_MONEY_SUFFIX: Final[str] = "_usd"


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def pct(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """0.1234 -> '12.3%' ('+12.3%' when signed)."""
    if value is None or not _finite(value):
        return DASH
    text = f"{value * 100:{'+' if signed else ''}.{digits}f}%"
    return text.replace("-", "−")


def money(value: float | None) -> str:
    """123456.7 -> '$123,457'."""
    return DASH if value is None or not _finite(value) else f"${value:,.0f}"


def count(value: float | int | None) -> str:
    """1234 -> '1,234'; non-integers get one decimal."""
    if value is None or not _finite(value):
        return DASH
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def figure(unit: str, value: float | None) -> str:
    """A metric's value in its unit."""
    if value is None:
        return NO_DATA
    if unit == "share":
        return pct(value)
    if unit == "ratio":
        return pct(value, signed=True)
    if unit.startswith("USD"):
        return money(value)
    return count(value)


def interval(result: MetricResult) -> str:
    """'95% CI 10.1%–14.8%', or '' when the metric has no interval."""
    if result.ci_low is None or result.ci_high is None:
        return ""
    return f"95% CI {figure(result.unit, result.ci_low)} to {figure(result.unit, result.ci_high)}"


def sources_text(result: MetricResult) -> str:
    """'board_a (1,000 rows), sample (234 rows)'."""
    if not result.sources:
        return NO_DATA
    return ", ".join(f"{s['source']} ({count(s['rows'])} rows)" for s in result.sources)


def period_text(period: str) -> str:
    """'2024-01..2024-06' -> '2024-01 to 2024-06'."""
    if not period:
        return NO_DATA
    first, _, last = period.partition("..")
    return first if first == last else f"{first} to {last}"


def provenance(result: MetricResult) -> str:
    """'Source: x (12 rows) · 2024-01 to 2024-06 · n = 12' — what every figure carries."""
    if not result.has_data:
        return "No rows match these filters (n = 0)."
    return f"Source: {sources_text(result)} · {period_text(result.period)} · n = {count(result.n)}"


def not_mapped(result: MetricResult) -> bool:
    """True for an exposure metric over data the occupation mapping has not reached (no record has a band)."""
    if result.id not in EXPOSURE_METRICS or not result.has_data:
        return False
    extra = result.extra
    if result.id == "roles_cut_vs_created_by_exposure_band":
        return not extra.get("postings_with_band") and extra.get("events_without_text") == result.n
    return not result.table or int(extra.get("unmapped") or 0) >= result.n


def _exposure_notes(result: MetricResult) -> str:
    """What the exposure figures could not place, and their whole-period shares."""
    extra = result.extra
    if not_mapped(result):
        return f"{NOT_MAPPED} ({count(result.n)} records in the period)"
    if result.id == "openings_by_exposure_band_monthly":
        return (
            f"whole period: high exposure {pct(extra.get('high_share'))}, low {pct(extra.get('low_share'))} of "
            f"{count(extra.get('mapped'))} postings with a band; {count(extra.get('unmapped'))} of "
            f"{count(result.n)} not mapped ({count(extra.get('no_occupation'))} without an occupation, "
            f"{count(extra.get('no_score'))} without an exposure score)"
        )
    if result.id == "entry_level_share_by_exposure_band_monthly":
        return (
            f"entry level (intern or junior), whole period: high exposure {pct(extra.get('high_entry_share'))} "
            f"of {count(extra.get('high_entry_n'))}, low {pct(extra.get('low_entry_share'))} of "
            f"{count(extra.get('low_entry_n'))} postings of known seniority; {count(extra.get('unmapped'))} of "
            f"{count(result.n)} postings not mapped, {count(extra.get('unknown_seniority'))} mapped without a seniority"
        )
    return (
        f"layoff events that name a role with an exposure band, of {count(result.n)}; "
        f"{count(extra.get('events_naming_no_role'))} name no role, "
        f"{count(extra.get('events_naming_unscored_roles'))} only roles without a band, "
        f"{count(extra.get('events_without_text'))} have no text or are not mapped; "
        f"{count(extra.get('postings_without_band'))} postings without a band"
    )


def notes(result: MetricResult) -> str:
    """Extra figures some metrics carry beside their value."""
    extra = result.extra
    if not result.has_data:
        return ""
    if result.id in EXPOSURE_METRICS:
        return _exposure_notes(result)
    if result.id == "ai_attribution_levels_quarterly":
        quarters = result.table or []
        thin = sum(1 for q in quarters if int(q.get("events") or 0) < MIN_EVENTS_QUARTER)
        return (
            f"{count(sum(int(q.get('events') or 0) for q in quarters))} dated real-world layoff events (from "
            f"{count(result.n)} source rows) over {count(len(quarters))} quarters, {count(thin)} of them with "
            f"fewer than {MIN_EVENTS_QUARTER} events (too few to read a share from); "
            f"{count(extra.get('undated_events'))} undated events left out"
        )
    if result.id == "ai_attributed_share":
        row = next((r for r in result.table or [] if r.get("reason_group") == "ai_explicit"), {})
        event = f"{pct(row.get('event_share'))} of events"
        if row.get("ci_low") is not None:
            event += f" (95% CI {pct(row.get('ci_low'))} to {pct(row.get('ci_high'))})"
        return (
            f"{event}; AI or automation {pct(extra.get('headcount_share_ai_or_automation'))} of headcount; "
            f"reason unknown for {pct(extra.get('headcount_share_unknown'))}; no interval on headcount shares"
        )
    if result.id == "cuts_concentration":
        hhi = extra.get("hhi")
        hhi_text = count(round(hhi)) if isinstance(hhi, int | float) and _finite(hhi) else DASH
        return f"Herfindahl index {hhi_text} over {count(extra.get('companies'))} companies"
    if result.id == "cutting_while_hiring":
        return f"of {count(result.n)} companies with layoff events"
    if result.id == "roles_cut_vs_created":
        return (
            f"layoff events that name the roles cut, of {count(result.n)}; "
            f"{count(extra.get('events_naming_no_role'))} name none, {count(extra.get('events_without_text'))} "
            "have no text to read"
        )
    if result.id == "share_python_cloud_llm":
        return (
            f"{count(extra.get('k'))} of {count(result.n)} postings; Python named in {count(extra.get('python'))}, "
            f"with a cloud skill in {count(extra.get('python_cloud'))}"
        )
    if result.id == "ai_pay_premium":
        return f"{count(extra.get('cells_used'))} seniority × country cells compared"
    return ""


def result_figure(result: MetricResult) -> str:
    """A result's headline figure in its unit; 'no data' without rows, 'not mapped yet' for an exposure figure
    over data the occupation mapping has not reached."""
    if not result.has_data:
        return NO_DATA
    if not_mapped(result):
        return "not mapped yet"
    return figure(result.unit, result.value)


def headline(result: MetricResult) -> str:
    """'Postings that mention LLMs: 12.3% (95% CI …; …)' without provenance."""
    parts = [p for p in (interval(result), notes(result)) if p]
    if not_mapped(result):
        parts = [f"{count(result.n)} records in the period"]
    value = result_figure(result)
    return f"{result.label}: {value}" + (f" ({'; '.join(parts)})" if parts else "")


def cell(column: str, value: Any) -> str:
    """A table cell, formatted by its column name."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if _finite(value):
        if column.endswith(_PERCENT_COLUMNS) or column.startswith("share"):
            return pct(float(value), signed=column.startswith(("growth", "premium")))
        if column.endswith(_MONEY_SUFFIX):
            return money(float(value))
        return count(value)
    return str(value)


_TITLES: Final[dict[str, str]] = {
    "n": "n",
    "ci": "95% CI",
    "growth_ci": "growth 95% CI",
    "prev_n": "previous n",
}
HIDDEN_COLUMNS: Final[frozenset[str]] = frozenset({"company_id", "first_ai_posting", "last_ai_posting"})


def column_title(column: str) -> str:
    """'ai_median_usd' -> 'AI median (USD)'; interval columns get '95% CI'."""
    if column in _TITLES:
        return _TITLES[column]
    if column.endswith("_ci"):  # a named interval column (x_ci_low/x_ci_high shown as one)
        return column_title(column.removesuffix("_ci")) + " 95% CI"
    words = column.removesuffix("_usd").split("_")
    text = " ".join({"ai": "AI", "swe": "SWE"}.get(w, w) for w in words)
    return text + (" (USD)" if column.endswith("_usd") else "")


def display_rows(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]], list[bool]]:
    """Header, formatted cells and which columns are numeric (to right-align them).

    Each x_ci_low/x_ci_high pair becomes one 'a to b' column formatted like the column before it; columns in
    HIDDEN_COLUMNS stay in report.json but are not shown.
    """
    if not rows:
        return [], [], []
    columns: list[str] = []
    for key in rows[0]:
        if key.endswith("ci_high") or key in HIDDEN_COLUMNS:
            continue
        columns.append(key.removesuffix("_low") if key.endswith("ci_low") else key)
    body: list[list[str]] = []
    for row in rows:
        cells = []
        for i, col in enumerate(columns):
            if col.endswith("ci"):
                low, high = row.get(col + "_low"), row.get(col + "_high")
                ref = columns[i - 1] if i else "share"  # an interval bounds the column before it
                cells.append(DASH if low is None else f"{cell(ref, low)} to {cell(ref, high)}")
            else:
                cells.append(cell(col, row.get(col)))
        body.append(cells)
    numeric = [col.endswith("ci") or any(_finite(r.get(col)) for r in rows) for col in columns]
    return [column_title(c) for c in columns], body, numeric
