"""The JSON API under /api/v1: metrics, postings, skills, roles and pay, exposure, AI attribution, layoffs,
companies, news.

Every list takes `format=csv` for a CSV download of the same rows (a paged list then gives all matches, up
to 100,000 rows). Metric documents are served from a cache keyed on the data version, so repeated calls
cost a dictionary lookup; the first call of a new version runs the metric in a worker thread.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from jobshift.metrics import Filters, list_metrics
from jobshift.report.format import not_mapped
from jobshift.web import queries
from jobshift.web.figures import metric_json
from jobshift.web.newscard import Story, build_card
from jobshift.web.state import AppState, app_state, csv_response, list_response, make_filters

router = APIRouter(prefix="/api/v1", tags=["api"])

Fmt = Annotated[Literal["json", "csv"], Query(alias="format", description="json (default) or csv.")]
PageNo = Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1.")]
PerPage = Annotated[int, Query(ge=1, le=queries.MAX_PER_PAGE, description="Rows per page (max 100).")]
Text = Annotated[str | None, Query(max_length=200, description="Words that must all appear.")]
State = Annotated[AppState, Depends(app_state)]
Flt = Annotated[Filters, Depends(make_filters)]


def _page_or_csv(fetch: Any, fmt: str, per_page: int, page: int, name: str) -> Response:
    if fmt == "csv":
        found: queries.Page = fetch(1, queries.MAX_CSV_ROWS)
        return csv_response(found.items, name)
    found = fetch(page, per_page)
    return JSONResponse(found.to_json())


@router.get("/status", summary="Data version, synthetic flag and last ingest")
async def status(st: State) -> dict[str, Any]:
    """What the server is reading: the data version metrics are cached under, and whether it is synthetic."""
    data = await run_in_threadpool(st.db.state)
    return {"version": data.version, "synthetic": data.synthetic, "last_run_finished": data.last_finished}


@router.get("/metrics", summary="Every metric with value, interval, n, period and sources")
async def metrics(st: State, filters: Flt, fmt: Fmt = "json") -> Response:
    """All metrics for the filters (same definitions as the report)."""
    results = await run_in_threadpool(st.figures.all, filters)
    docs = [metric_json(results[m.id]) for m in list_metrics() if m.id in results]
    if fmt == "csv":
        keys = ("id", "label", "value", "ci_low", "ci_high", "n", "unit", "period")
        rows = [{**{k: d[k] for k in keys}, "sources": "; ".join(f"{s['source']} ({s['rows']})" for s in d["sources"]),
                 "synthetic": d["synthetic"]} for d in docs]
        return csv_response(rows, "metrics")
    missing = [m.id for m in list_metrics() if m.id not in results]
    return JSONResponse({"filters": filters.as_dict(), "metrics": docs, "failed": missing})


@router.get("/metrics/{metric_id}", summary="One metric; format=csv gives its table")
async def metric(st: State, filters: Flt, metric_id: Annotated[str, Path(max_length=80)],
                 fmt: Fmt = "json") -> Response:
    """One metric's value, interval, n, period, sources, table, method and caveats."""
    if not st.figures.known(metric_id):
        raise HTTPException(404, f"unknown metric {metric_id!r}")
    if fmt == "csv":
        result = await run_in_threadpool(st.figures.metric, metric_id, filters)
        return csv_response(result.table or [], metric_id)
    cached = st.figures.cache.get(st.figures.version(), ("metric-json", metric_id, _key(filters)))
    body = cached if cached is not None else await run_in_threadpool(st.figures.metric_bytes, metric_id, filters)
    return Response(body, media_type="application/json")


def _key(filters: Filters) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(filters.as_dict().items()))


@router.get("/postings", summary="Search postings (full text + filters), paginated")
def postings(
    st: State, filters: Flt, q: Text = None,
    skill: Annotated[str | None, Query(max_length=100, description="Skill id or name.")] = None,
    company: Annotated[str | None, Query(max_length=200, description="Company id or part of its name.")] = None,
    ai: Annotated[bool, Query(description="Only AI openings (AI role or AI skill required).")] = False,
    page: PageNo = 1, per_page: PerPage = 20, fmt: Fmt = "json",
) -> Response:
    """Postings matching every word of q in title, company or description, newest first."""
    return _page_or_csv(lambda p, n: queries.search_postings(st.db, filters, q=q, skill=skill, company=company,
                                                             ai_only=ai, page=p, per_page=n),
                        fmt, per_page, page, "postings")


@router.get("/postings/{posting_id:path}", summary="One posting with its skills and their evidence")
def posting(st: State, posting_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """A posting by id."""
    found = queries.posting(st.db, posting_id)
    if found is None:
        raise HTTPException(404, "no such posting")
    return found


def _monthly_detail(found: dict[str, Any] | None, fmt: str, what: str, csv_name: str) -> Response:
    """One item's page of figures: 404 when absent, its `months` rows as CSV, or the whole item as JSON."""
    if found is None:
        raise HTTPException(404, f"no such {what}")
    if fmt == "csv":
        return csv_response(found["months"], csv_name)
    return JSONResponse(found)


@router.get("/skills", summary="Most requested skills (metric top_skills)")
def skills(st: State, filters: Flt, fmt: Fmt = "json") -> Response:
    """The top_skills metric's rows with provenance."""
    result = st.figures.metric("top_skills", filters)
    return list_response(result.table or [], fmt, "skills",
                         {"period": result.period, "n": result.n, "sources": result.sources,
                          "synthetic": result.synthetic})


@router.get("/skills/{skill_id:path}", summary="One skill: postings naming it per month, its role families")
def skill(st: State, filters: Flt, skill_id: Annotated[str, Path(max_length=100)], fmt: Fmt = "json") -> Response:
    """A skill's monthly postings and share."""
    return _monthly_detail(queries.skill_trend(st.db, skill_id, filters), fmt, "skill", f"skill_{skill_id}")


@router.get("/roles", summary="Roles and pay: postings by role family, median pay, AI pay premiums, AI roles")
def roles(st: State, filters: Flt, fmt: Fmt = "json") -> Response:
    """Metrics role_family_counts_monthly, median_pay_by_role, ai_pay_premium, ai_builders_pay_premium and
    ai_role_shares."""
    pay = st.figures.metric("median_pay_by_role", filters)
    if fmt == "csv":
        return csv_response(pay.table or [], "pay_by_role")
    ids = ("role_family_counts_monthly", "ai_pay_premium", "ai_builders_pay_premium", "ai_role_shares")
    return JSONResponse({"median_pay_by_role": metric_json(pay),
                         **{i: metric_json(st.figures.metric(i, filters)) for i in ids}})


@router.get("/exposure", summary="Openings, entry-level share and roles cut vs created by AI exposure band")
def exposure(st: State, filters: Flt, fmt: Fmt = "json") -> Response:
    """Metrics openings_by_exposure_band_monthly, entry_level_share_by_exposure_band_monthly and
    roles_cut_vs_created_by_exposure_band (each with n, intervals and unmapped counts in `extra`; `not_mapped`
    is true while no record has an exposure band). format=csv gives the monthly openings table."""
    openings = st.figures.metric("openings_by_exposure_band_monthly", filters)
    if fmt == "csv":
        return csv_response(openings.table or [], "openings_by_exposure_band_monthly")
    results = [openings, st.figures.metric("entry_level_share_by_exposure_band_monthly", filters),
               st.figures.metric("roles_cut_vs_created_by_exposure_band", filters)]
    return JSONResponse({r.id: {**metric_json(r), "not_mapped": not_mapped(r)} for r in results})


@router.get("/ai-attribution", summary="Layoffs by AI attribution level: overall and by quarter")
def ai_attribution(st: State, filters: Flt, fmt: Fmt = "json") -> Response:
    """Metrics ai_attribution_levels (events and headcount per level) and ai_attribution_levels_quarterly
    (each level's share of the quarter's events with a 95% Wilson interval). format=csv gives the quarters."""
    quarterly = st.figures.metric("ai_attribution_levels_quarterly", filters)
    if fmt == "csv":
        return csv_response(quarterly.table or [], "ai_attribution_levels_quarterly")
    levels = st.figures.metric("ai_attribution_levels", filters)
    return JSONResponse({"ai_attribution_levels": metric_json(levels),
                         "ai_attribution_levels_quarterly": metric_json(quarterly)})


@router.get("/layoffs", summary="Layoff events with reason and evidence, paginated")
def layoffs(
    st: State, filters: Flt, q: Text = None,
    company: Annotated[str | None, Query(max_length=200)] = None,
    reason: Annotated[str | None, Query(max_length=40, description="ai_explicit, automation, … or unknown.")] = None,
    page: PageNo = 1, per_page: PerPage = 20, fmt: Fmt = "json",
) -> Response:
    """Layoff events newest first."""
    return _page_or_csv(lambda p, n: queries.search_layoffs(st.db, filters, q=q, company=company, reason=reason,
                                                            page=p, per_page=n), fmt, per_page, page, "layoffs")


@router.get("/layoffs/{event_id:path}", summary="One layoff event")
def layoff(st: State, event_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """A layoff event by id."""
    found = queries.layoff(st.db, event_id)
    if found is None:
        raise HTTPException(404, "no such layoff event")
    return found


@router.get("/companies", summary="Search companies; cuts and postings in the period")
def companies(st: State, filters: Flt, q: Text = None, page: PageNo = 1, per_page: PerPage = 20,
              fmt: Fmt = "json") -> Response:
    """Companies by name with their layoff events and postings."""
    return _page_or_csv(lambda p, n: queries.search_companies(st.db, filters, q=q, page=p, per_page=n),
                        fmt, per_page, page, "companies")


@router.get("/companies/{company_id}", summary="A company's profile: cuts and openings over time")
def company(st: State, filters: Flt, company_id: Annotated[str, Path(max_length=200)], fmt: Fmt = "json") -> Response:
    """Per month: layoff events, stated cuts, postings, AI postings, AI postings − cuts."""
    return _monthly_detail(queries.company_profile(st.db, company_id, filters), fmt, "company",
                           f"company_{company_id}")


@router.get("/cutting-while-hiring", summary="Companies cutting jobs while hiring for AI")
def cutting_while_hiring(st: State, filters: Flt, fmt: Fmt = "json") -> Response:
    """The cutting_while_hiring metric's rows."""
    result = st.figures.metric("cutting_while_hiring", filters)
    return list_response(result.table or [], fmt, "cutting_while_hiring",
                         {"value": result.value, "n": result.n, "period": result.period, "sources": result.sources,
                          "synthetic": result.synthetic})


@router.get("/news", summary="Stories: news items and submitted stories")
def news(st: State, q: Text = None, fmt: Fmt = "json") -> Response:
    """Stories newest first, with comment counts."""
    return list_response(st.discussion.stories(q=q), fmt, "news")


@router.get("/news/card", summary="A context card for any headline (not stored)")
def card_for(
    st: State,
    headline: Annotated[str, Query(min_length=1, max_length=300)],
    url: Annotated[str | None, Query(max_length=1000)] = None,
    text: Annotated[str | None, Query(max_length=5000)] = None,
) -> dict[str, Any]:
    """Extract the figures of a headline and put them in context."""
    story = Story(story_id="adhoc", title=headline, url=url, text=text)
    return build_card(story, st.figures, st.db).to_json()


@router.get("/news/{story_id:path}", summary="A story with its context card and comments")
def story(st: State, story_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """The story, its card and its comment thread."""
    found = st.discussion.story(story_id)
    if found is None:
        raise HTTPException(404, "no such story")
    card = build_card(found, st.figures, st.db)
    return {"story": {"story_id": found.story_id, "title": found.title, "url": found.url, "text": found.text,
                      "published": found.published.isoformat() if found.published else None,
                      "source": found.source, "submitted_by": found.submitted_by},
            "card": card.to_json(),
            "comments": [c.to_json() for c in st.discussion.thread(story_id, None)]}
