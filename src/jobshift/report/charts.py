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
from jobshift.report.format import MIN_EVENTS_QUARTER, NO_DATA, NOT_MAPPED, SYNTHETIC_BANNER, provenance

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

LEVELS: Final[tuple[str, ...]] = ("stated", "reported", "adjacent", "denied")
BANDS: Final[tuple[str, ...]] = ("high", "medium", "low")
BAND_COLOURS: Final[list[str]] = [ACCENT, "#c98a1b", BLUE]
_FACET_HEADER: Final[dict[str, Any]] = {"labelOrient": "top", "labelAnchor": "start", "labelFontWeight": "bold",
                                        "labelFontSize": 12}


def _with_note(title: alt.TitleParams, *notes: str) -> alt.TitleParams:
    return alt.TitleParams(text=title.text, subtitle=[*title.subtitle, *notes])


def _placeholder(text: str, title: alt.TitleParams, font_size: int = 14) -> alt.TopLevelMixin:
    chart: alt.TopLevelMixin = (
        alt.Chart(_data([{"text": text}]))
        .mark_text(fontSize=font_size, color=GREY)
        .encode(text="text:N")
        .properties(width=WIDTH, height=80, title=title)
    )
    return chart


def _attribution_levels(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    """One panel per attribution level: its share of the quarter's events, with the 95% interval as a band."""
    rows = []
    thin = [row for row in result.table or [] if (row.get("events") or 0) < MIN_EVENTS_QUARTER]
    if len(thin) == len(result.table or []):
        thin = []  # every quarter is thin: draw them all, the intervals say how little they hold
    for row in result.table or []:
        if row in thin:
            continue
        for level in LEVELS:
            rows.append({"quarter": row["quarter"], "level": level, "events": row[f"{level}_events"],
                         "n": row["events"], "share": row[f"{level}_share"],
                         "ci_low": row[f"{level}_share_ci_low"], "ci_high": row[f"{level}_share_ci_high"]})
    notes = ["Line: share of the quarter's real-world layoff events at the level (band: 95% CI); each level is "
             "its own series, never added up"]
    if thin:
        notes.append(f"{len(thin)} quarter(s) with fewer than {MIN_EVENTS_QUARTER} events left out of the chart "
                     "(they are in the table)")
    x = alt.X("quarter:O", title=None, axis=alt.Axis(labelAngle=-45))
    band = alt.Chart().mark_area(opacity=0.18, color=ACCENT).encode(
        x=x, y=alt.Y("ci_low:Q", title="share of events", axis=alt.Axis(format="%")), y2="ci_high:Q")
    line = alt.Chart().mark_line(point=alt.OverlayMarkDef(color=ACCENT), color=ACCENT).encode(
        x=x, y="share:Q",
        tooltip=["quarter:O", "level:N", alt.Tooltip("share:Q", format=".1%"), "events:Q",
                 alt.Tooltip("n:Q", title="events in quarter"),
                 alt.Tooltip("ci_low:Q", format=".1%"), alt.Tooltip("ci_high:Q", format=".1%")])
    chart: alt.TopLevelMixin = (
        alt.layer(band, line, data=_data(rows))
        .properties(width=WIDTH, height=90)
        .facet(row=alt.Row("level:N", title=None, sort=list(LEVELS), header=alt.Header(**_FACET_HEADER)))
        .resolve_scale(y="independent")
        .properties(title=_with_note(title, *notes))
    )
    return chart


def _band_rows(result: MetricResult, share: str, count: str) -> list[dict[str, Any]]:
    rows = []
    for row in result.table or []:
        for band in BANDS:
            rows.append({"month": row["month"], "band": band, "share": row[f"{band}_{share}"],
                         "ci_low": row[f"{band}_{share}_ci_low"], "ci_high": row[f"{band}_{share}_ci_high"],
                         "postings": row[f"{band}_{count}"]})
    return [r for r in rows if r["share"] is not None]


def _band_colour(legend: bool = True) -> alt.Color:
    """The exposure bands' colours (unmapped in light grey); one legend, drawn opaque whatever the mark."""
    scale = alt.Scale(domain=[*BANDS, "unmapped"], range=[*BAND_COLOURS, "#d5dbe1"])
    if not legend:
        return alt.Color("band:N", scale=scale, legend=None)
    return alt.Color("band:N", scale=scale,
                     legend=alt.Legend(title="exposure band", symbolOpacity=1, symbolType="square"))


def _share_lines(rows: list[dict[str, Any]], y_title: str, height: int, legend: bool = True) -> alt.LayerChart:
    x = alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-45))
    band = alt.Chart().mark_area(opacity=0.14).encode(
        x=x, y=alt.Y("ci_low:Q", title=y_title, axis=alt.Axis(format="%")), y2="ci_high:Q",
        color=_band_colour(legend))
    line = alt.Chart().mark_line(point=True).encode(
        x=x, y="share:Q", color=_band_colour(legend),
        tooltip=["month:O", "band:N", alt.Tooltip("share:Q", format=".1%"), "postings:Q",
                 alt.Tooltip("ci_low:Q", format=".1%"), alt.Tooltip("ci_high:Q", format=".1%")])
    return alt.LayerChart(layer=[band, line], data=_data(rows), width=WIDTH, height=height)


def _exposure_openings(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    """Postings per month stacked by exposure band (unmapped in grey), and each band's share of the mapped."""
    if not result.extra.get("mapped"):
        return _placeholder(NOT_MAPPED, title)
    counts = []
    for row in result.table or []:
        for band in BANDS:
            counts.append({"month": row["month"], "band": band, "postings": row[f"{band}_postings"]})
        counts.append({"month": row["month"], "band": "unmapped", "postings": row["unmapped"]})
    bars = (
        alt.Chart(_data(counts))
        .mark_bar()
        .encode(
            x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("postings:Q", title="postings"),
            color=_band_colour(),
            order=alt.Order("band_order:Q"),
            tooltip=["month:O", "band:N", "postings:Q"],
        )
        .transform_calculate(band_order="indexof(['high', 'medium', 'low', 'unmapped'], datum.band)")
        .properties(width=WIDTH, height=150)
    )
    shares = _share_lines(_band_rows(result, "share", "postings"), "share of mapped postings", 170)
    chart: alt.TopLevelMixin = alt.vconcat(bars, shares).properties(
        title=_with_note(title, "Top: postings by band, unmapped in grey · bottom: share of the month's postings "
                                "with a band (band: 95% CI)"))
    return chart


def _entry_level(result: MetricResult, title: alt.TitleParams) -> alt.TopLevelMixin:
    """Entry-level (intern + junior) share of postings of known seniority, per exposure band and month."""
    if result.extra.get("high_entry_n") is None or not any(
        (r.get(f"{b}_known") or 0) for r in result.table or [] for b in BANDS
    ):
        return _placeholder(NOT_MAPPED, title)
    rows = _band_rows(result, "entry_share", "known")
    layered = _share_lines(rows, "entry-level share", 90, legend=False)  # the panels name the bands
    chart: alt.TopLevelMixin = (
        alt.FacetChart(data=layered.data, spec=alt.LayerChart(layer=layered.layer, width=WIDTH, height=90),
                       facet=alt.Facet("band:N", title=None, sort=list(BANDS), header=alt.Header(**_FACET_HEADER)),
                       columns=1)
        .properties(title=_with_note(title, "Entry level = intern or junior, among postings with a stated "
                                            "seniority; one panel per exposure band (band: 95% CI)"))
    )
    return chart


def _no_data(title: alt.TitleParams) -> alt.TopLevelMixin:
    return _placeholder(NO_DATA, title, font_size=16)


CHARTS: Final[dict[str, tuple[str, Callable[[MetricResult, alt.TitleParams], alt.TopLevelMixin]]]] = {
    "cuts_vs_ai_openings": ("Layoffs announced vs AI postings, by month", _cuts_vs_ai),
    "ai_share_monthly": ("Layoffs attributed explicitly to AI, by month", _ai_share),
    "top_skills": ("Most requested skills (share of postings, 95% CI)", _top_skills),
    "pay_by_role": ("Median advertised pay by role family and seniority (95% CI)", _pay),
    "concentration": ("Largest cuts: share of stated layoff headcount by company", _concentration),
    "incumbents_vs_startups": ("Incumbents' layoffs vs startups' and AI-natives' AI postings, by month",
                               _incumbents_vs_startups),
    "ai_attribution_levels": ("AI share of layoffs by attribution level, by quarter (95% CI)", _attribution_levels),
    "openings_by_exposure_band": ("Postings by AI exposure band, by month", _exposure_openings),
    "entry_level_by_exposure_band": ("Entry-level share of postings by AI exposure band, by month (95% CI)",
                                     _entry_level),
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
