"""The list and profile queries behind the API and the pages (postings, layoffs, skills, companies, news).

Every query selects from the metrics layer's filtered views (`f_postings`, `f_layoffs`, created by
`jobshift.metrics.views.filtered_views`), so "period", "country" or "role family" mean exactly what they
mean in the metrics. User values go in as parameters, never spliced into SQL. Figures (shares, intervals,
medians) are not computed here: they come from `jobshift.metrics.run_metric`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Final

import duckdb

from jobshift.metrics import Filters
from jobshift.metrics.runner import plain
from jobshift.metrics.views import filtered_views
from jobshift.web.data import AnalyticsDB

MAX_PER_PAGE: Final[int] = 100
MAX_CSV_ROWS: Final[int] = 100_000
_MAX_TERMS: Final[int] = 8

POSTING_COLUMNS: Final[str] = (
    "posting_id, source, company_name AS company, company_id, title, location, country, obs_date AS date, "
    "role_family, seniority, pay_usd, salary_text, mentions_llm, ai_skill_required, ai_opening, "
    "posting_ai_role AS ai_role, occupation_code, occupation_title, exposure_band, url, synthetic"
)
POSTING_DETAIL_COLUMNS: Final[str] = (
    "description, role_evidence, ai_role_evidence, occupation_major, occupation_method, occupation_evidence, "
    "exposure_score"
)
LAYOFF_COLUMNS: Final[str] = (
    "event_id, source, company_name AS company, company_id, obs_date AS date, headcount, percent, "
    "headcount_extracted, headcount_evidence, reason, reason_evidence, ai_attribution, ai_attribution_evidence, "
    "roles_named, exposure_bands, location, state, country, notice_type, url, synthetic"
)
LAYOFF_DETAIL_COLUMNS: Final[str] = (
    "description, effective_on, industry, ai_attribution_speaker, roles_evidence, occupation_codes, "
    "occupation_evidence"
)


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a list: its rows, the total number of matches, and where it is."""

    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    def to_json(self) -> dict[str, Any]:
        """The page as the API returns it."""
        pages = max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1
        return {"total": self.total, "page": self.page, "per_page": self.per_page, "pages": pages,
                "items": self.items}


def _fetch(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description or []]
    return [{n: plain(v) for n, v in zip(names, row, strict=True)} for row in result.fetchall()]


def _paged(
    db: AnalyticsDB, filters: Filters, select: str, where: list[str], params: list[Any], order: str,
    page: int, per_page: int,
) -> Page:
    """Run `select … WHERE … ORDER BY … LIMIT/OFFSET` and a count over the filtered views."""
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    limit = max(1, per_page)
    offset = max(0, page - 1) * limit
    with db.cursor() as cur, filtered_views(cur, filters):
        total = int(cur.execute(f"SELECT count(*) FROM ({select}{clause})", params).fetchall()[0][0])
        rows = _fetch(cur, f"{select}{clause} ORDER BY {order} LIMIT {limit} OFFSET {offset}", params)
    return Page(rows, total, page, limit)


def _terms(q: str | None) -> list[str]:
    return [t for t in (q or "").split() if t][:_MAX_TERMS]


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_postings(
    db: AnalyticsDB, filters: Filters, *, q: str | None = None, skill: str | None = None,
    company: str | None = None, ai_only: bool = False, page: int = 1, per_page: int = 20,
) -> Page:
    """Postings matching every word of `q` (title, company or description) and the filters, newest first."""
    where: list[str] = []
    params: list[Any] = []
    for term in _terms(q):
        where.append("(title ILIKE ? ESCAPE '\\' OR company_name ILIKE ? ESCAPE '\\' "
                     "OR description ILIKE ? ESCAPE '\\')")
        params += [_like(term)] * 3
    if skill:
        where.append("posting_id IN (SELECT ps.posting_id FROM posting_skills ps JOIN skills s USING (skill_id) "
                     "WHERE s.skill_id = ? OR lower(s.name) = lower(?))")
        params += [skill, skill]
    if company:
        where.append("(company_id = ? OR company_name ILIKE ? ESCAPE '\\')")
        params += [company, _like(company)]
    if ai_only:
        where.append("ai_opening")
    select = f"SELECT {POSTING_COLUMNS} FROM f_postings"
    return _paged(db, filters, select, where, params, "date DESC NULLS LAST, posting_id", page, per_page)


def posting(db: AnalyticsDB, posting_id: str) -> dict[str, Any] | None:
    """One posting with its description and the skills found in it (with evidence)."""
    with db.cursor() as cur, filtered_views(cur, Filters()):
        rows = _fetch(cur, f"SELECT {POSTING_COLUMNS}, {POSTING_DETAIL_COLUMNS} FROM f_postings WHERE posting_id = ?",
                      [posting_id])
        if not rows:
            return None
        rows[0]["skills"] = _fetch(
            cur, "SELECT s.skill_id, s.name, s.category, ps.evidence FROM posting_skills ps "
            "JOIN skills s USING (skill_id) WHERE ps.posting_id = ? ORDER BY s.name", [posting_id])
    return rows[0]


def search_layoffs(
    db: AnalyticsDB, filters: Filters, *, q: str | None = None, company: str | None = None,
    reason: str | None = None, page: int = 1, per_page: int = 20,
) -> Page:
    """Layoff events (with reason and evidence) matching the filters, newest first."""
    where: list[str] = []
    params: list[Any] = []
    for term in _terms(q):
        where.append("(company_name ILIKE ? ESCAPE '\\' OR description ILIKE ? ESCAPE '\\')")
        params += [_like(term)] * 2
    if company:
        where.append("(company_id = ? OR company_name ILIKE ? ESCAPE '\\')")
        params += [company, _like(company)]
    if reason:
        where.append("coalesce(reason, 'unknown') = ?")
        params.append(reason)
    select = f"SELECT {LAYOFF_COLUMNS} FROM f_layoffs"
    return _paged(db, filters, select, where, params, "date DESC NULLS LAST, event_id", page, per_page)


def layoff(db: AnalyticsDB, event_id: str) -> dict[str, Any] | None:
    """One layoff event with its description."""
    with db.cursor() as cur, filtered_views(cur, Filters()):
        rows = _fetch(cur, f"SELECT {LAYOFF_COLUMNS}, {LAYOFF_DETAIL_COLUMNS} FROM f_layoffs WHERE event_id = ?",
                      [event_id])
    return rows[0] if rows else None


def search_companies(db: AnalyticsDB, filters: Filters, *, q: str | None = None, page: int = 1,
                     per_page: int = 20) -> Page:
    """Companies by name, with their layoff events, stated cuts, postings and AI postings in the period."""
    where: list[str] = []
    params: list[Any] = []
    for term in _terms(q):
        where.append("(name ILIKE ? ESCAPE '\\' OR company_id ILIKE ? ESCAPE '\\')")
        params += [_like(term)] * 2
    select = (
        "SELECT c.company_id, c.name, c.company_class, "
        "coalesce(l.events, 0) AS layoff_events, coalesce(l.cuts, 0) AS cuts_headcount, "
        "coalesce(p.postings, 0) AS postings, coalesce(p.ai_postings, 0) AS ai_postings "
        "FROM companies c "
        "LEFT JOIN (SELECT company_id, count(*) AS events, sum(headcount) AS cuts FROM f_layoffs "
        "GROUP BY company_id) l USING (company_id) "
        "LEFT JOIN (SELECT company_id, count(*) AS postings, count(*) FILTER (WHERE ai_opening) AS ai_postings "
        "FROM f_postings GROUP BY company_id) p USING (company_id)"
    )
    select = f"SELECT * FROM ({select})"
    return _paged(db, filters, select, where, params,
                  "layoff_events + postings DESC, name, company_id", page, per_page)


def company_profile(db: AnalyticsDB, company_id: str, filters: Filters) -> dict[str, Any] | None:
    """A company: its class, and per month its layoff events, stated cuts, postings, AI postings and net.

    net = AI postings − stated cuts (the same rough balance as the gross_vs_net_monthly metric).
    """
    with db.cursor() as cur, filtered_views(cur, filters):
        found = _fetch(cur, "SELECT company_id, name, company_class, class_evidence, industry, stage, employees "
                       "FROM companies WHERE company_id = ?", [company_id])
        if not found:
            return None
        profile = found[0]
        profile["months"] = _fetch(
            cur,
            "WITH l AS (SELECT month, count(*) AS layoff_events, sum(headcount) AS cuts_headcount FROM f_layoffs "
            "  WHERE company_id = ? AND month IS NOT NULL GROUP BY month), "
            "p AS (SELECT month, count(*) AS postings, count(*) FILTER (WHERE ai_opening) AS ai_postings "
            "  FROM f_postings WHERE company_id = ? AND month IS NOT NULL GROUP BY month) "
            "SELECT month, coalesce(layoff_events, 0) AS layoff_events, coalesce(cuts_headcount, 0) AS cuts_headcount,"
            " coalesce(postings, 0) AS postings, coalesce(ai_postings, 0) AS ai_postings, "
            " coalesce(ai_postings, 0) - coalesce(cuts_headcount, 0) AS ai_postings_minus_cuts "
            "FROM l FULL OUTER JOIN p USING (month) ORDER BY month",
            [company_id, company_id],
        )
        totals = _fetch(
            cur,
            "SELECT (SELECT count(*) FROM f_layoffs WHERE company_id = ?) AS layoff_events, "
            "(SELECT coalesce(sum(headcount), 0) FROM f_layoffs WHERE company_id = ?) AS cuts_headcount, "
            "(SELECT count(*) FROM f_postings WHERE company_id = ?) AS postings, "
            "(SELECT count(*) FROM f_postings WHERE company_id = ? AND ai_opening) AS ai_postings",
            [company_id] * 4,
        )[0]
        profile["totals"] = totals
        profile["sources"] = _fetch(
            cur,
            "SELECT source, count(*) AS rows, min(obs_date) AS first, max(obs_date) AS last FROM ("
            " SELECT source, obs_date FROM f_layoffs WHERE company_id = ? UNION ALL "
            " SELECT source, obs_date FROM f_postings WHERE company_id = ?) GROUP BY source ORDER BY rows DESC",
            [company_id, company_id],
        )
    return profile


def skill_trend(db: AnalyticsDB, skill_id: str, filters: Filters) -> dict[str, Any] | None:
    """A skill and, per month, the postings naming it and all postings (for its share)."""
    with db.cursor() as cur, filtered_views(cur, filters):
        found = _fetch(cur, "SELECT skill_id, name, category, onet_id FROM skills WHERE skill_id = ? "
                       "OR lower(name) = lower(?) ORDER BY skill_id <> ? LIMIT 1", [skill_id, skill_id, skill_id])
        if not found:
            return None
        skill = found[0]
        skill_id = skill["skill_id"]
        skill["months"] = _fetch(
            cur,
            "SELECT month, count(*) AS postings, count(*) FILTER (WHERE posting_id IN (SELECT posting_id "
            "FROM posting_skills WHERE skill_id = ?)) AS with_skill FROM f_postings WHERE month IS NOT NULL "
            "GROUP BY month ORDER BY month",
            [skill_id],
        )
        skill["roles"] = _fetch(
            cur,
            "SELECT coalesce(role_family, 'unknown') AS role_family, count(*) AS postings FROM f_postings "
            "WHERE posting_id IN (SELECT posting_id FROM posting_skills WHERE skill_id = ?) "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10",
            [skill_id],
        )
        skill["sources"] = _fetch(
            cur,
            "SELECT source, count(*) AS rows, min(obs_date) AS first, max(obs_date) AS last FROM f_postings "
            "WHERE posting_id IN (SELECT posting_id FROM posting_skills WHERE skill_id = ?) "
            "GROUP BY source ORDER BY rows DESC",
            [skill_id],
        )
    return skill


def company_ids_by_name(db: AnalyticsDB, names: list[str]) -> list[dict[str, Any]]:
    """Companies whose id or name matches one of `names` (case-insensitive), for news cards."""
    if not names:
        return []
    marks = ", ".join("?" for _ in names)
    lowered = [n.lower() for n in names]
    return db.rows(
        f"SELECT company_id, name FROM companies WHERE lower(name) IN ({marks}) OR company_id IN ({marks}) "
        "ORDER BY name LIMIT 10",
        lowered + list(names),
    )


def companies_named_in(db: AnalyticsDB, text: str, limit: int = 4) -> list[dict[str, Any]]:
    """Companies whose name appears in `text` as a whole word, written as stored (case-sensitive), longest
    names first: "Amazon and Meta cut jobs" -> amazon, meta (not "metadata")."""
    if not text.strip():
        return []
    rows = db.rows(
        "SELECT company_id, name FROM companies WHERE length(name) >= 3 AND contains(lower(?), lower(name)) "
        "ORDER BY length(name) DESC, company_id LIMIT 200",
        [text[:5000]],
    )
    found: list[dict[str, Any]] = []
    for row in rows:
        pattern = r"(?<![\w&])" + re.escape(str(row["name"])) + r"(?![\w&])"
        if re.search(pattern, text) and not any(str(row["name"]) in str(f["name"]) for f in found):
            found.append(row)
        if len(found) >= limit:
            break
    return found


def company_window(db: AnalyticsDB, company_id: str, filters: Filters) -> dict[str, Any]:
    """One company's layoff events, stated cuts and open AI postings in a period (for news cards)."""
    with db.cursor() as cur, filtered_views(cur, filters):
        return _fetch(
            cur,
            "SELECT (SELECT count(*) FROM companies WHERE company_id = $c) > 0 AS known, "
            "(SELECT count(*) FROM f_layoffs WHERE company_id = $c) AS layoff_events, "
            "(SELECT sum(headcount) FROM f_layoffs WHERE company_id = $c) AS cuts_headcount, "
            "(SELECT count(*) FROM f_postings WHERE company_id = $c AND ai_opening) AS ai_postings, "
            "(SELECT count(*) FROM f_postings WHERE company_id = $c AND ai_opening AND closed_at IS NULL) "
            "AS ai_postings_open",
            {"c": company_id},  # type: ignore[arg-type]
        )[0]


def news_items(db: AnalyticsDB, *, q: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """News items from the news sources, newest first."""
    where: list[str] = []
    params: list[Any] = []
    for term in _terms(q):
        where.append("(title ILIKE ? ESCAPE '\\' OR summary ILIKE ? ESCAPE '\\')")
        params += [_like(term)] * 2
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = db.rows(
        "SELECT item_id, source, url, title, published_at, summary, synthetic FROM news_items"
        f"{clause} ORDER BY published_at DESC NULLS LAST, item_id LIMIT {int(limit)} OFFSET {int(offset)}",
        params,
    )
    return [{k: plain(v) for k, v in r.items()} for r in rows]


def news_item(db: AnalyticsDB, item_id: str) -> dict[str, Any] | None:
    """One news item with its text."""
    rows = db.rows("SELECT item_id, source, url, title, published_at, summary, text, synthetic FROM news_items "
                   "WHERE item_id = ?", [item_id])
    return {k: plain(v) for k, v in rows[0].items()} if rows else None


def latest_month(db: AnalyticsDB) -> str | None:
    """The latest month (YYYY-MM) with a posting or a layoff event, ignoring dates after today."""
    row = db.rows(
        "SELECT (SELECT max(coalesce(announced_on, effective_on)) FROM layoff_events "
        "        WHERE coalesce(announced_on, effective_on) <= current_date) AS layoffs, "
        "(SELECT max(CAST(coalesce(posted_at, first_seen) AS DATE)) FROM postings "
        " WHERE CAST(coalesce(posted_at, first_seen) AS DATE) <= current_date) AS postings")[0]
    dates = [d for d in (row["layoffs"], row["postings"]) if d is not None]
    return max(dates).strftime("%Y-%m") if dates else None


def distinct_values(db: AnalyticsDB) -> dict[str, list[str]]:
    """Values for the filter drop-downs: countries, role families and months present."""
    return {
        "countries": [r["c"] for r in db.rows(
            "SELECT upper(trim(country)) AS c, count(*) AS n FROM postings WHERE country IS NOT NULL "
            "AND trim(country) <> '' GROUP BY 1 ORDER BY n DESC LIMIT 40")],
        "role_families": [r["r"] for r in db.rows(
            "SELECT role_family AS r FROM postings WHERE role_family IS NOT NULL GROUP BY 1 ORDER BY 1")],
    }
