"""The server-rendered pages: Overview, Skills, Roles & pay, Exposure, Layoffs, Companies, Postings and News.

Each page shows figures from the metrics (with source, period and n under each) and charts as inline SVG
(the report's Vega-Lite specs, rendered server-side: no JavaScript needed to see them). Lists filter and
page with plain links and forms; htmx swaps only the results when it is there. Discussion and account
routes are in `jobshift.web.forms`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from jobshift.metrics import Filters
from jobshift.report.format import not_mapped
from jobshift.web import queries
from jobshift.web.figures import months_chart
from jobshift.web.newscard import build_card
from jobshift.web.state import AppState, app_state, make_filters

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]
Flt = Annotated[Filters, Depends(make_filters)]
Text = Annotated[str | None, Query(max_length=200)]
PageNo = Annotated[int, Query(ge=1, le=100_000)]
AllData = Annotated[bool, Query(alias="all", description="All data instead of the default recent period.")]
REASONS = ("ai_explicit", "automation", "restructuring", "economic", "closure", "unknown")


def render(request: Request, st: AppState, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page with what every page needs: user, data state (synthetic banner), the request's filters."""
    data = st.db.state()
    base = {"user": st.auth.user_for(request), "synthetic": data.synthetic, "data": data,
            "params": dict(request.query_params), "path": request.url.path}
    return st.templates.TemplateResponse(request, template, {**base, **context}, status_code=status)


def _partial(request: Request) -> bool:
    return bool(request.headers.get("hx-request")) and not request.headers.get("hx-boosted")


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, st: State, filters: Flt, all_data: AllData = False) -> Response:
    """The shift at a glance: headline figures, monthly cuts vs AI openings, AI-attributed share."""
    asked = filters
    filters = st.figures.default_window(filters, all_data)
    results = st.figures.all(filters)
    headline_ids = ("postings_distinct", "share_ai_skill_required", "share_mentions_llm", "ai_attributed_share",
                    "cuts_concentration", "cutting_while_hiring", "ai_pay_premium")
    return render(request, st, "overview.html.j2", {
        "title": "Overview",
        "headlines": [results[i] for i in headline_ids if i in results],
        "charts": [(results[i], st.figures.chart(i, filters)) for i in ("gross_vs_net_monthly",
                                                                          "ai_attributed_share_monthly")
                   if i in results],
        "filters": filters, "window": filters if filters != asked else None,
    })


@router.get("/skills", response_class=HTMLResponse)
def skills(request: Request, st: State, filters: Flt) -> Response:
    """Top skills, their shares with intervals, and the chart."""
    result = st.figures.metric("top_skills", filters)
    return render(request, st, "skills.html.j2", {"title": "Skills", "result": result,
                                                  "chart": st.figures.chart("top_skills", filters),
                                                  "filters": filters})


@router.get("/skills/{skill_id:path}", response_class=HTMLResponse)
def skill(request: Request, st: State, filters: Flt, skill_id: str) -> Response:
    """One skill: postings naming it per month and its share, the role families asking for it."""
    found = queries.skill_trend(st.db, skill_id, filters)
    if found is None:
        return render(request, st, "error.html.j2", {"status": 404, "message": "No such skill."}, 404)
    for row in found["months"]:
        row["share"] = row["with_skill"] / row["postings"] if row["postings"] else None
    data = st.db.state()
    total = sum(int(r["with_skill"]) for r in found["months"])
    subtitle = [f"Source: {_sources(found['sources'])} · {_span(found['months'])} · n = {total:,} postings"]
    spec = months_chart(found["months"], [("with_skill", f"Postings naming {found['name']}", "#2f6db4"),
                                          ("postings", "All postings", "#8a96a3")],
                        f"{found['name']}: postings per month", subtitle, data.synthetic)
    chart = st.figures.custom_chart(("skill", skill_id, tuple(sorted(filters.as_dict().items()))), spec,
                                    scope="skill")
    return render(request, st, "skill.html.j2", {"title": found["name"], "skill": found, "chart": chart,
                                                 "total": total, "provenance": subtitle[0], "filters": filters})


@router.get("/roles", response_class=HTMLResponse)
def roles(request: Request, st: State, filters: Flt) -> Response:
    """Postings by role family (latest month), median pay by role and seniority, the AI pay premium."""
    pay = st.figures.metric("median_pay_by_role", filters)
    counts = st.figures.metric("role_family_counts_monthly", filters)
    rows = counts.table or []
    latest = max((r["month"] for r in rows), default=None)
    latest_rows = sorted((r for r in rows if r["month"] == latest and (r.get("n") or r.get("prev_n"))),
                         key=lambda r: -(r.get("n") or 0))
    return render(request, st, "roles.html.j2", {
        "title": "Roles & pay", "pay": pay, "premium": st.figures.metric("ai_pay_premium", filters),
        "builders_premium": st.figures.metric("ai_builders_pay_premium", filters),
        "ai_roles": st.figures.metric("ai_role_shares", filters),
        "counts": counts, "latest": latest, "latest_rows": latest_rows,
        "chart": st.figures.chart("median_pay_by_role", filters), "filters": filters,
    })


EXPOSURE_METRICS = ("openings_by_exposure_band_monthly", "entry_level_share_by_exposure_band_monthly",
                    "roles_cut_vs_created_by_exposure_band")


@router.get("/exposure", response_class=HTMLResponse)
def exposure(request: Request, st: State, filters: Flt, all_data: AllData = False) -> Response:
    """Openings by AI exposure band, the entry-level share by band, roles cut vs created by band; says "not
    mapped yet" while no posting has an occupation exposure band."""
    asked = filters
    filters = st.figures.default_window(filters, all_data)
    results = {i: st.figures.metric(i, filters) for i in EXPOSURE_METRICS}
    charts = {i: None if not_mapped(r) else st.figures.chart(i, filters) for i, r in results.items()}
    return render(request, st, "exposure.html.j2", {
        "title": "Exposure", "openings": results[EXPOSURE_METRICS[0]], "entry": results[EXPOSURE_METRICS[1]],
        "cut": results[EXPOSURE_METRICS[2]], "charts": charts, "filters": filters,
        "window": filters if filters != asked else None,
    })


@router.get("/layoffs", response_class=HTMLResponse)
def layoffs(request: Request, st: State, filters: Flt, q: Text = None, company: Text = None,
            reason: Annotated[str | None, Query(max_length=40)] = None, page: PageNo = 1,
            all_data: AllData = False) -> Response:
    """Attribution breakdown, concentration, and every event with its reason, evidence and source."""
    asked = filters
    filters = st.figures.default_window(filters, all_data)
    found = st.figures.cached(("layoffs", _fk(filters), q, company, reason, page), lambda: queries.search_layoffs(
        st.db, filters, q=q, company=company, reason=reason or None, page=page))
    context = {"title": "Layoffs", "events": found, "q": q or "", "company": company or "", "reason": reason or "",
               "reasons": REASONS, "filters": filters, "window": filters if filters != asked else None}
    if _partial(request):
        return render(request, st, "_layoff_rows.html.j2", context)
    context.update({
        "share": st.figures.metric("ai_attributed_share", filters),
        "share_chart": st.figures.chart("ai_attributed_share_monthly", filters),
        "share_monthly": st.figures.metric("ai_attributed_share_monthly", filters),
        "concentration": st.figures.metric("cuts_concentration", filters),
        "concentration_chart": st.figures.chart("cuts_concentration", filters),
        "by_class": st.figures.metric("cuts_by_company_class", filters),
        "levels": st.figures.metric("ai_attribution_levels", filters),
        "levels_quarterly": st.figures.metric("ai_attribution_levels_quarterly", filters),
        "levels_chart": st.figures.chart("ai_attribution_levels_quarterly", filters),
    })
    return render(request, st, "layoffs.html.j2", context)


@router.get("/layoffs/{event_id:path}", response_class=HTMLResponse)
def layoff(request: Request, st: State, event_id: str) -> Response:
    """One layoff event: its text, reason, AI attribution level, the roles it names and their exposure."""
    found = queries.layoff(st.db, event_id)
    if found is None:
        return render(request, st, "error.html.j2", {"status": 404, "message": "No such layoff event."}, 404)
    return render(request, st, "layoff.html.j2", {"title": f"{found['company'] or 'Layoff'} layoff", "e": found})


@router.get("/companies", response_class=HTMLResponse)
def companies(request: Request, st: State, filters: Flt, q: Text = None, page: PageNo = 1) -> Response:
    """Company search and the cutting-while-hiring list."""
    found = st.figures.cached(("companies", _fk(filters), q, page),
                              lambda: queries.search_companies(st.db, filters, q=q, page=page))
    context = {"title": "Companies", "found": found, "q": q or "", "filters": filters}
    if _partial(request):
        return render(request, st, "_company_rows.html.j2", context)
    context["cwh"] = st.figures.metric("cutting_while_hiring", filters)
    return render(request, st, "companies.html.j2", context)


@router.get("/companies/{company_id}", response_class=HTMLResponse)
def company(request: Request, st: State, filters: Flt, company_id: str) -> Response:
    """A company: cuts, openings and net per month, with sources."""
    found = st.figures.cached(("company", _fk(filters), company_id),
                              lambda: queries.company_profile(st.db, company_id, filters))
    if found is None:
        return render(request, st, "error.html.j2", {"status": 404, "message": "No such company."}, 404)
    data = st.db.state()
    provenance = f"Source: {_sources(found['sources'])} · {_span(found['months'])}"
    spec = months_chart(found["months"], [("cuts_headcount", "Stated layoff headcount", "#b4462f"),
                                          ("ai_postings", "AI postings", "#2f6db4"),
                                          ("postings", "All postings", "#8a96a3")],
                        f"{found['name']}: cuts and openings per month", [provenance], data.synthetic)
    chart = st.figures.custom_chart(("company", company_id, tuple(sorted(filters.as_dict().items()))), spec,
                                    scope="company") if found["months"] else None
    return render(request, st, "company.html.j2", {"title": found["name"], "company": found, "chart": chart,
                                                   "provenance": provenance, "filters": filters})


@router.get("/postings", response_class=HTMLResponse)
def postings(request: Request, st: State, filters: Flt, q: Text = None, skill: Text = None, company: Text = None,
             ai: bool = False, page: PageNo = 1) -> Response:
    """Full-text search over postings with filters; results swap in place with htmx."""
    found = st.figures.cached(("postings", _fk(filters), q, skill, company, ai, page), lambda: queries.search_postings(
        st.db, filters, q=q, skill=skill, company=company, ai_only=ai, page=page))
    context = {"title": "Postings", "found": found, "q": q or "", "skill": skill or "", "company": company or "",
               "ai": ai, "filters": filters, "choices": _choices(st)}
    if _partial(request):
        return render(request, st, "_posting_rows.html.j2", context)
    return render(request, st, "postings.html.j2", context)


@router.get("/postings/{posting_id:path}", response_class=HTMLResponse)
def posting(request: Request, st: State, posting_id: str) -> Response:
    """One posting: what it says, its enrichment and the skills found (with the text they rest on)."""
    found = queries.posting(st.db, posting_id)
    if found is None:
        return render(request, st, "error.html.j2", {"status": 404, "message": "No such posting."}, 404)
    return render(request, st, "posting.html.j2", {"title": found["title"] or "Posting", "p": found})


@router.get("/news", response_class=HTMLResponse)
def news(request: Request, st: State, q: Text = None) -> Response:
    """Stories from the news sources and from users, with comment counts and the submit form."""
    return render(request, st, "news.html.j2", {"title": "News", "stories": st.discussion.stories(q=q),
                                                "q": q or ""})


@router.get("/news/{story_id:path}", response_class=HTMLResponse)
def story(request: Request, st: State, story_id: str) -> Response:
    """A story, its context card and its discussion."""
    found = st.discussion.story(story_id)
    if found is None:
        return render(request, st, "error.html.j2", {"status": 404, "message": "No such story."}, 404)
    user = st.auth.user_for(request)
    return render(request, st, "story.html.j2", {
        "title": found.title, "story": found, "card": build_card(found, st.figures, st.db),
        "comments": st.discussion.thread(story_id, user)})


def _fk(filters: Filters) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(filters.as_dict().items()))


def _choices(st: AppState) -> dict[str, list[str]]:
    found: dict[str, list[str]] = st.figures.cache.get_or_compute(st.figures.version(), ("choices",),
                                                                  lambda: queries.distinct_values(st.db))
    return found


def _sources(sources: list[dict[str, Any]]) -> str:
    return ", ".join(f"{s['source']} ({int(s['rows']):,} rows)" for s in sources) or "no data"


def _span(months: list[dict[str, Any]]) -> str:
    if not months:
        return "no dated rows"
    first, last = months[0]["month"], months[-1]["month"]
    return first if first == last else f"{first} to {last}"
