"""Class every stored company (ai_native | startup | incumbent) from the evidence the store holds.

Runs at the end of each ingest, inside its transaction (`jobshift.pipeline`): gathers per company the
layoffs trackers' latest funding stage and industry, the employee count a layoff's headcount and percent
imply, how many of its (distinct) postings are AI roles, and whether the curated ATS board list classes it;
`jobshift.enrich.company_class.classify_company` weighs that; companies whose class or evidence changes are
updated.  Classes set by the synthetic sample (class_evidence 'synthetic sample') are left alone.

When an ingest only inserted rows, the pipeline passes the companies it touched (`touched_companies`:
companies of this run's rows, and of postings whose duplicate status the dedup pass changed): only their
evidence can have changed, so only they are re-classed - the same result as re-classing all of them, with
work bounded by the ingest, not the store.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from typing import Any

import duckdb
import pyarrow as pa

from jobshift.enrich.companies import normalise_company
from jobshift.enrich.company_class import CompanyEvidence, classify_company
from jobshift.fields import AI_ROLE_FAMILIES
from jobshift.sources.registry import packaged_boards

__all__ = ["classify_companies", "touched_companies"]

_SAMPLE_EVIDENCE = "synthetic sample"

_EVIDENCE_SQL = """
WITH tracker AS (
    SELECT company_id,
           arg_max(stage, coalesce(announced_on, effective_on))
               FILTER (WHERE nullif(trim(stage), '') IS NOT NULL AND lower(stage) <> 'unknown') AS stage,
           max(coalesce(announced_on, effective_on))
               FILTER (WHERE nullif(trim(stage), '') IS NOT NULL AND lower(stage) <> 'unknown') AS stage_on,
           mode(industry) FILTER (WHERE nullif(trim(industry), '') IS NOT NULL) AS industry,
           max(implied) AS employees,
           arg_max(implied_evidence, implied) AS employees_evidence
    FROM (
        SELECT *,
               CASE WHEN coalesce(headcount, headcount_extracted) > 0
                         AND coalesce(percent, percent_extracted) BETWEEN 1 AND 100
                    THEN round(coalesce(headcount, headcount_extracted) * 100.0
                               / coalesce(percent, percent_extracted))::BIGINT END AS implied,
               'a layoff of ' || coalesce(headcount, headcount_extracted) || ' (' ||
               round(coalesce(percent, percent_extracted), 1) || '%) on ' ||
               coalesce(CAST(coalesce(announced_on, effective_on) AS VARCHAR), 'an unknown date') AS implied_evidence
        FROM layoff_events
        WHERE company_id IS NOT NULL {only}
    ) l
    GROUP BY company_id
), post AS (
    SELECT company_id, count(*) AS n, count(*) FILTER (WHERE role_family IN (SELECT unnest(?))) AS ai
    FROM postings
    WHERE company_id IS NOT NULL AND duplicate_of IS NULL {only}
    GROUP BY company_id
)
SELECT c.company_id, c.name, c.company_class, c.class_evidence, t.stage, CAST(t.stage_on AS VARCHAR),
       t.industry, t.employees, t.employees_evidence, coalesce(p.n, 0), coalesce(p.ai, 0)
FROM companies c
LEFT JOIN tracker t USING (company_id)
LEFT JOIN post p USING (company_id)
WHERE c.class_evidence IS DISTINCT FROM ? {only_c}
"""


@functools.lru_cache(maxsize=1)
def _board_classes() -> dict[str, str]:
    """Normalised company name -> class, from the packaged curated board list."""
    out: dict[str, str] = {}
    for board in packaged_boards():
        name = normalise_company(board.company or board.token)
        if name and board.company_class:
            out.setdefault(name, board.company_class)
    return out


def touched_companies(con: duckdb.DuckDBPyConnection, target: str, run_id: str, dedup: Any = None) -> set[str]:
    """Companies whose evidence an insert-only ingest into `target` can have changed: those of the rows this
    run wrote, and those whose postings' duplicate columns the dedup pass changed (`DedupSummary.companies`)."""
    table = "postings" if target == "postings" else "layoff_events"
    rows = con.execute(f"SELECT DISTINCT company_id FROM {table} WHERE run_id = ? AND company_id IS NOT NULL",
                       [run_id]).fetchall()
    found = {str(r[0]) for r in rows}
    return found | set(getattr(dedup, "companies", None) or ())


def classify_companies(con: duckdb.DuckDBPyConnection, companies: Collection[str] | None = None) -> int:
    """Re-class every company (or only `companies`) from current evidence; return how many rows changed."""
    boards = _board_classes()
    if companies is None:
        sql = _EVIDENCE_SQL.format(only="", only_c="")
    elif not companies:
        return 0
    else:
        con.register("_cc_only", pa.table({"company_id": pa.array(sorted(companies), type=pa.string())}))
        sql = _EVIDENCE_SQL.format(only="AND company_id IN (SELECT company_id FROM _cc_only)",
                                   only_c="AND c.company_id IN (SELECT company_id FROM _cc_only)")
    try:
        rows = con.execute(sql, [list(AI_ROLE_FAMILIES), _SAMPLE_EVIDENCE]).fetchall()
    finally:
        if companies:
            con.unregister("_cc_only")
    changes: list[tuple[str, str | None, str | None]] = []
    for cid, name, old_class, old_evidence, stage, stage_on, industry, employees, emp_ev, n, ai in rows:
        evidence = CompanyEvidence(
            name=name,
            board_class=boards.get(normalise_company(name) or ""),
            stage=stage,
            stage_on=stage_on,
            industry=industry,
            employees=int(employees) if employees is not None else None,
            employees_evidence=emp_ev,
            postings=int(n),
            ai_postings=int(ai),
        )
        klass, why = classify_company(evidence)
        if (klass, why) != (old_class, old_evidence):
            changes.append((cid, klass, why))
    if not changes:
        return 0
    table = pa.table(
        {
            "company_id": pa.array([c[0] for c in changes], type=pa.string()),
            "company_class": pa.array([c[1] for c in changes], type=pa.string()),
            "class_evidence": pa.array([c[2] for c in changes], type=pa.string()),
        }
    )
    con.register("_company_classes", table)
    try:
        con.execute(
            "UPDATE companies SET company_class = n.company_class, class_evidence = n.class_evidence "
            "FROM _company_classes n WHERE companies.company_id = n.company_id"
        ).fetchall()
    finally:
        con.unregister("_company_classes")
    return len(changes)
