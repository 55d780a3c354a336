"""Building the report: run every metric, draw the charts, write index.html, report.md and report.json.

    report = build_report(con, Path("out"), filters=Filters(start="2024-01"))
    for line in headline_lines(report):
        print(line)

index.html is self-contained (inline CSS, charts as inline SVG; it works offline). report.json is a
contract: {"generated_at", "synthetic", "metrics": [...], "tables": {id: rows}}. When any row that fed the
report is synthetic, every output says so: the HTML banner, the Markdown first line, the chart titles and
the first of the headline lines.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import duckdb
import jinja2

from jobshift.errors import ConfigError
from jobshift.metrics import Filters, MetricDef, MetricResult, list_metrics, run_all
from jobshift.report import format as fmt
from jobshift.report.charts import CHARTS, chart_spec, render_png, render_svg

FORMATS: Final[tuple[str, ...]] = ("html", "md", "json")
SECTIONS: Final[dict[str, str]] = {
    "postings": "Job postings",
    "pay": "Pay",
    "layoffs": "Layoffs",
    "shift": "The shift: cuts and AI hiring",
    "other": "Other metrics",
}
MAX_TABLE_ROWS: Final[int] = 40
OPEN_TABLES: Final[frozenset[str]] = frozenset({"skill_combinations", "roles_cut_vs_created", "cutting_while_hiring",
                                               "roles_cut_vs_created_by_exposure_band"})


@dataclass(slots=True)
class Report:
    """What build_report produced: the results and the files written."""

    title: str
    generated_at: str
    synthetic: bool
    filters: dict[str, str]
    metrics: list[MetricResult]
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)  # "html" | "md" | "json" -> path
    charts: dict[str, Path] = field(default_factory=dict)  # chart id -> svg path

    def metric(self, metric_id: str) -> MetricResult:
        """The result of one metric by id."""
        return next(m for m in self.metrics if m.id == metric_id)

    def to_json(self) -> dict[str, Any]:
        """The report.json document."""
        return {
            "generated_at": self.generated_at,
            "synthetic": self.synthetic,
            "title": self.title,
            "filters": self.filters,
            "metrics": [m.to_json() for m in self.metrics],
            "tables": {m.id: m.table for m in self.metrics if m.table is not None},
        }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("jobshift.report", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["figure"] = fmt.result_figure
    env.filters["md_cell"] = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    return env


def _shown_rows(result: MetricResult) -> tuple[list[dict[str, Any]], str]:
    """The rows the page shows and a note on what was left out (all rows stay in report.json)."""
    rows = result.table or []
    if result.id == "role_family_counts_monthly" and rows:
        latest = max(r["month"] for r in rows)
        shown = [r for r in rows if r["month"] == latest and (r["n"] or r["prev_n"])]
        return shown, f"Latest month ({latest}) only; every month is in report.json."
    periods = next((key for key in ("month", "quarter") if rows and key in rows[0]), None)
    if len(rows) > MAX_TABLE_ROWS and periods:
        return rows[-MAX_TABLE_ROWS:], f"Latest {MAX_TABLE_ROWS} of {len(rows)} {periods}s; all are in report.json."
    if len(rows) > MAX_TABLE_ROWS:
        return rows[:MAX_TABLE_ROWS], f"First {MAX_TABLE_ROWS} of {len(rows)} rows; all are in report.json."
    return rows, ""


def _block(result: MetricResult, metric: MetricDef, chart_svg: str | None) -> dict[str, Any]:
    unmapped = fmt.not_mapped(result)  # an exposure figure before the occupation mapping: say so, no chart
    shown, rows_note = _shown_rows(result)
    header, body, numeric = fmt.display_rows(shown)
    if unmapped:
        chart_svg, body = None, []
    return {
        "r": result,
        "m": metric,
        "scalar": metric.scalar,
        "headline": fmt.headline(result),
        "interval": fmt.interval(result),
        "notes": fmt.notes(result),
        "provenance": fmt.provenance(result),
        "chart_svg": chart_svg,
        "chart_id": metric.chart,
        "header": header,
        "rows": body,
        "numeric": numeric,
        "rows_note": rows_note,
        "open": result.id in OPEN_TABLES or (chart_svg is None and len(body) <= 12),
        "not_mapped": unmapped,
    }


def _write_charts(
    results: dict[str, MetricResult], defs: list[MetricDef], synthetic: bool, out_dir: Path
) -> dict[str, tuple[Path, str]]:
    folder = out_dir / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, str]] = {}
    for metric in defs:
        if metric.chart not in CHARTS:
            continue
        spec = chart_spec(metric.chart, results[metric.id], synthetic)
        svg = render_svg(spec, scope=metric.chart)
        (folder / f"{metric.chart}.svg").write_text(svg, encoding="utf-8")
        (folder / f"{metric.chart}.png").write_bytes(render_png(spec))
        written[metric.chart] = (folder / f"{metric.chart}.svg", svg)
    return written


def build_report(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    filters: Filters | None = None,
    formats: Sequence[str] = FORMATS,
    title: str = "jobshift report",
) -> Report:
    """Run every metric and write the chosen files, plus charts/<id>.svg and .png, into out_dir (created if needed)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ConfigError(f"report: unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    active = filters or Filters()
    results = run_all(con, active)
    defs = list_metrics()
    by_id = {r.id: r for r in results}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = Report(
        title=title,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        synthetic=any(r.synthetic for r in results),
        filters=active.as_dict(),
        metrics=results,
        out_dir=out_dir,
    )
    charts = _write_charts(by_id, defs, report.synthetic, out_dir)
    report.charts = {cid: path for cid, (path, _) in charts.items()}
    blocks = [_block(by_id[m.id], m, charts[m.chart][1] if m.chart in charts else None) for m in defs]
    context = {
        "report": report,
        "banner": fmt.SYNTHETIC_BANNER if report.synthetic else None,
        "headlines": [b for b in blocks if b["scalar"]],
        "sections": [
            (name, [b for b in blocks if b["m"].section == key])
            for key, name in SECTIONS.items()
            if any(b["m"].section == key for b in blocks)
        ],
        "blocks": blocks,
        "filters_text": _filters_text(report.filters),
        "sources": _all_sources(results),
    }
    env = _environment()
    if "html" in formats:
        report.files["html"] = out_dir / "index.html"
        report.files["html"].write_text(env.get_template("report.html.j2").render(context), encoding="utf-8")
    if "md" in formats:
        report.files["md"] = out_dir / "report.md"
        report.files["md"].write_text(env.get_template("report.md.j2").render(context), encoding="utf-8")
    if "json" in formats:
        report.files["json"] = out_dir / "report.json"
        text = json.dumps(report.to_json(), indent=2, ensure_ascii=False, allow_nan=False)
        report.files["json"].write_text(text + "\n", encoding="utf-8")
    return report


def _filters_text(filters: dict[str, str]) -> str:
    if not filters:
        return "none (all data)"
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in filters.items())


def _all_sources(results: list[MetricResult]) -> list[dict[str, Any]]:
    """Every source that fed any metric, with its widest date range and its largest row count."""
    merged: dict[str, dict[str, Any]] = {}
    for result in results:
        for s in result.sources:
            entry = merged.setdefault(s["source"], {"source": s["source"], "rows": 0, "first": None, "last": None})
            entry["rows"] = max(entry["rows"], s["rows"])
            firsts = [d for d in (entry["first"], s["first"]) if d]
            lasts = [d for d in (entry["last"], s["last"]) if d]
            entry["first"] = min(firsts) if firsts else None
            entry["last"] = max(lasts) if lasts else None
    return sorted(merged.values(), key=lambda s: str(s["source"]))


def headline_lines(report: Report) -> list[str]:
    """Short plain-text lines for the terminal: each headline figure with interval, n, period, source."""
    lines: list[str] = []
    if report.synthetic:
        lines.append(f"*** {fmt.SYNTHETIC_BANNER} ***")
    defs = {m.id: m for m in list_metrics()}
    tag = "(synthetic) " if report.synthetic else ""  # not [..]: rich would read brackets as markup
    for result in report.metrics:
        metric = defs.get(result.id)
        if metric is None or not metric.scalar:
            continue
        if not result.has_data:
            lines.append(f"{tag}{result.label}: {fmt.NO_DATA}")
            continue
        lines.append(
            f"{tag}{fmt.headline(result)} · n={fmt.count(result.n)} · "
            f"{fmt.period_text(result.period)} · source: {fmt.sources_text(result)}"
        )
    return lines
