"""The report's charts: Altair (Vega-Lite) specs from metric tables, rendered offline with vl-convert.

Each chart carries its own provenance in the subtitle (source, period, n) and, for synthetic data, the
synthetic banner, so a PNG lifted out of the report still says what it shows. A metric without data gets
a small "no data" chart instead of an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

import altair as alt
import vl_convert as vlc

from jobshift.metrics import MetricResult
from jobshift.report.format import NO_DATA, SYNTHETIC_BANNER, provenance

WIDTH: Final[int] = 620
INK: Final[str] = "#1f2933"
ACCENT: Final[str] = "#b4462f"
BLUE: Final[str] = "#2f6db4"
GREY: Final[str] = "#8a96a3"
_CONFIG: Final[dict[str, Any]] = {
    "font": "Liberation Sans, Helvetica, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelColor": INK, "titleColor": INK, "gridColor": "#e6e9ed", "domainColor": GREY},
    "title": {
        "anchor": "start",
        "color": INK,
        "fontSize": 15,
        "subtitleColor": "#52606d",
        "subtitleFontSize": 11,
    },
    "legend": {"orient": "top", "labelColor": INK, "titleColor": INK},
}


def _title(text: str, result: MetricResult, synthetic: bool) -> alt.TitleParams:
    subtitle = [provenance(result)]
    if synthetic:
        subtitle.insert(0, SYNTHETIC_BANNER)
    return alt.TitleParams(text=text, subtitle=subtitle)


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _cuts_vs_ai(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    rows = []
    for row in result.table or []:
        rows.append({"month": row["month"], "measure": "Layoff headcount announced", "value": row["cuts_headcount"]})
        rows.append({"month": row["month"], "measure": "AI postings", "value": row["ai_openings"]})
    colour = alt.Color(
        "measure:N",
        scale=alt.Scale(domain=["Layoff headcount announced", "AI postings"], range=[ACCENT, BLUE]),
    )
    chart: alt.TopLevelMixin = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("value:Q", title=None),
            color=colour.legend(None),
            tooltip=["month:O", "measure:N", "value:Q"],
        )
        .properties(width=WIDTH, height=150)
        .facet(
            row=alt.Row(
                "measure:N",
                title=None,
                sort=["AI postings", "Layoff headcount announced"],
                header=alt.Header(labelOrient="top", labelAnchor="start", labelFontWeight="bold", labelFontSize=12),
            )
        )
        .resolve_scale(y="independent")
        .properties(title=title)
    )
    return chart


def _incumbents_vs_startups(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    cut, ai = "Incumbents: layoff headcount announced", "Startups and AI-natives: AI postings"
    rows = []
    for row in result.table or []:
        rows.append({"month": row["month"], "measure": cut, "value": row["incumbent_cuts_headcount"],
                     "events": row["incumbent_cut_events"]})
        rows.append({"month": row["month"], "measure": ai, "value": row["startup_ai_openings"],
                     "events": None})
    chart: alt.TopLevelMixin = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("measure:N", scale=alt.Scale(domain=[cut, ai], range=[ACCENT, BLUE])).legend(None),
            tooltip=["month:O", "measure:N", "value:Q", alt.Tooltip("events:Q", title="layoff events")],
        )
        .properties(width=WIDTH, height=150)
        .facet(
            row=alt.Row(
                "measure:N",
                title=None,
                sort=[ai, cut],
                header=alt.Header(labelOrient="top", labelAnchor="start", labelFontWeight="bold", labelFontSize=12),
            )
        )
        .resolve_scale(y="independent")
        .properties(title=title)
    )
    return chart


def _ai_share(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    rows = [r for r in result.table or [] if r.get("events")]
    base = alt.Chart(_data(rows)).encode(x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-45)))
    band = base.mark_area(opacity=0.18, color=BLUE).encode(
        y=alt.Y("ci_low:Q", title="share", axis=alt.Axis(format="%")), y2="ci_high:Q"
    )
    events = base.mark_line(point=True, color=BLUE).encode(
        y="event_share:Q", tooltip=["month:O", alt.Tooltip("event_share:Q", format=".1%"), "events:Q"]
    )
    heads = base.mark_line(point=True, color=ACCENT, strokeDash=[4, 3]).encode(
        y="headcount_share:Q",
        tooltip=["month:O", alt.Tooltip("headcount_share:Q", format=".1%"), "headcount:Q"],
    )
    note = alt.TitleParams(
        text=title.text,
        subtitle=[
            *title.subtitle,
            "Blue: share of events (band: 95% CI) · red dashed: share of stated headcount",
        ],
    )
    return alt.layer(band, events, heads).properties(width=WIDTH, height=240, title=note)


def _top_skills(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    rows = (result.table or [])[:15]
    y = alt.Y("skill:N", sort="-x", title=None)
    bars = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of postings", axis=alt.Axis(format="%")),
            y=y,
            color=alt.Color("category:N", title="category"),
            tooltip=["skill:N", "category:N", "n:Q", alt.Tooltip("share:Q", format=".1%")],
        )
    )
    err = alt.Chart(_data(rows)).mark_rule(color=INK).encode(x="ci_low:Q", x2="ci_high:Q", y=y)
    return alt.layer(bars, err).properties(width=WIDTH - 120, height=alt.Step(20), title=title)


def _pay(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    rows = [r for r in result.table or [] if r.get("median_usd") is not None]
    y = alt.Y("role_family:N", title=None, sort="-x")
    colour = alt.Color("seniority:N", title="seniority")
    points = (
        alt.Chart(_data(rows))
        .mark_point(filled=True, size=60)
        .encode(
            x=alt.X("median_usd:Q", title="median advertised pay (USD/year)", axis=alt.Axis(format="$,.0f")),
            y=y,
            yOffset="seniority:N",
            color=colour,
            tooltip=["role_family:N", "seniority:N", "n:Q", alt.Tooltip("median_usd:Q", format="$,.0f")],
        )
    )
    err = (
        alt.Chart(_data(rows))
        .mark_rule()
        .encode(x="ci_low:Q", x2="ci_high:Q", y=y, yOffset="seniority:N", color=colour)
    )
    return alt.layer(points, err).properties(width=WIDTH - 140, height=alt.Step(9), title=title)


def _concentration(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    rows = result.table or []
    chart: alt.TopLevelMixin = (
        alt.Chart(_data(rows))
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X("share:Q", title="share of stated layoff headcount", axis=alt.Axis(format="%")),
            y=alt.Y("company:N", sort="-x", title=None),
            tooltip=["company:N", "headcount:Q", "events:Q", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(width=WIDTH - 120, height=alt.Step(20), title=title)
    )
    return chart


def _no_data(title: alt.TitleParams) -> alt.TopLevelMixin:
    chart: alt.TopLevelMixin = (
        alt.Chart(_data([{"text": NO_DATA}]))
        .mark_text(fontSize=16, color=GREY)
        .encode(text="text:N")
        .properties(width=WIDTH, height=80, title=title)
    )
    return chart


CHARTS: Final[dict[str, tuple[str, Callable[[MetricResult, alt.TitleParams], alt.TopLevelMixin]]]] = {
    "cuts_vs_ai_openings": ("Layoffs announced vs AI postings, by month", _cuts_vs_ai),
    "ai_share_monthly": ("Layoffs attributed explicitly to AI, by month", _ai_share),
    "top_skills": ("Most requested skills (share of postings, 95% CI)", _top_skills),
    "pay_by_role": ("Median advertised pay by role family and seniority (95% CI)", _pay),
    "concentration": ("Largest cuts: share of stated layoff headcount by company", _concentration),
    "incumbents_vs_startups": ("Incumbents' layoffs vs startups' and AI-natives' AI postings, by month",
                               _incumbents_vs_startups),
}


def chart_spec(chart_id: str, result: MetricResult, synthetic: bool) -> dict[str, Any]:
    """The Vega-Lite spec (a dict) of one chart, or of a "no data" placeholder."""
    text, build = CHARTS[chart_id]
    title = _title(text, result, synthetic)
    chart = build(result, title) if result.has_data and result.table else _no_data(title)
    spec: dict[str, Any] = chart.to_dict()
    spec["config"] = {**spec.get("config", {}), **_CONFIG}
    spec["background"] = "white"
    return spec


def render_svg(spec: dict[str, Any], scope: str) -> str:
    """SVG text, with element ids prefixed by `scope` so several can sit inline in one page."""
    svg: str = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for ident in sorted(ids, key=len, reverse=True):
        new = f"{scope}-{ident}"
        svg = svg.replace(f'id="{ident}"', f'id="{new}"').replace(f"url(#{ident})", f"url(#{new})")
        svg = svg.replace(f'href="#{ident}"', f'href="#{new}"')
    return svg


def render_png(spec: dict[str, Any]) -> bytes:
    """PNG bytes at twice the nominal size (sharp on high-density screens and in print)."""
    png: bytes = vlc.vegalite_to_png(spec, scale=2, allowed_base_urls=[])
    return png
