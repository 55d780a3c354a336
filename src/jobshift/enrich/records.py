"""Enriching one normalised row: the single place that combines the enrichment functions.

`enrich_posting` adds skills (with spans), the LLM / AI-skill flags, role family and seniority, pay in
annual USD and the company id; `enrich_layoff` adds the reason (with its evidence), the headcount and percent
the text states (in `headcount_extracted` / `percent_extracted`, with `headcount_evidence` — never over
the source's own `headcount` / `percent`, so a tracker's totals stay its own), and the company id.
Pure: rows in, rows out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jobshift.enrich.companies import company_id, display_name, normalise_company
from jobshift.enrich.layoffs import REASONS, attribute_layoff, extract_headcount
from jobshift.enrich.pay import annualise, parse_salary_text
from jobshift.enrich.roles import classify_role
from jobshift.enrich.skills import load_taxonomy, tag_skills

# Bump when an enrichment rule changes in a way that should rewrite stored rows.
ENRICH_VERSION = "2026.11.1"


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def enrich_posting(row: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    """Return the row with enrichment columns set, its skill rows, and its company row (or None)."""
    text = row.get("description") or ""
    tags = tag_skills(text, row.get("title"))
    row["mentions_llm"] = tags.mentions_llm
    row["ai_skill_required"] = tags.ai_skill_required
    role = classify_role(row.get("title"), text, [hit.skill_id for hit in tags.skills])
    if not row.get("role_family"):
        row["role_family"] = role.role_family
    if not row.get("seniority"):
        row["seniority"] = role.seniority
    on = _day(row.get("posted_at"))
    if row.get("salary_min") is not None or row.get("salary_max") is not None:
        pay = annualise(
            row.get("salary_min"),
            row.get("salary_max"),
            row.get("salary_currency") or "USD",
            row.get("salary_period") or "year",
            on=on,
        )
    else:
        pay = parse_salary_text(row.get("salary_text"), on=on, default_currency=row.get("salary_currency"))
        if pay.min_amount is not None:
            row["salary_min"], row["salary_max"] = pay.min_amount, pay.max_amount
            row["salary_currency"], row["salary_period"] = pay.currency, pay.period
    row["salary_min_usd"], row["salary_max_usd"] = pay.min_usd, pay.max_usd
    row["salary_reject_reason"] = pay.reject_reason
    skills = [
        {
            "skill_id": h.skill_id,
            "name": h.name,
            "category": h.category,
            "span_start": h.start,
            "span_end": h.end,
            "evidence": h.text,
        }
        for h in tags.skills
    ]
    return row, skills, _company(row)


def enrich_layoff(row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Return the layoff row with reason, evidence, the figures its text states, and company id."""
    text = " ".join(str(row[k]) for k in ("description", "notice_type") if row.get(k))
    tag = attribute_layoff(text or None, company=row.get("company"), url=row.get("url"))
    if row.get("reason") not in REASONS:
        row["reason"] = tag.reason
        row["reason_evidence"] = tag.reason_evidence
    if text:
        headcount, percent, evidence = extract_headcount(text)
        row["headcount_extracted"], row["percent_extracted"], row["headcount_evidence"] = headcount, percent, evidence
    if not row.get("company") and tag.company:
        row["company"] = tag.company
    return row, _company(row)


def _company(row: dict[str, Any]) -> dict[str, Any] | None:
    name = row.get("company")
    cid = company_id(name)
    row["company_id"] = cid
    if cid is None:
        return None
    return {
        "company_id": cid,
        "name": display_name(name) or name,
        "normalised_name": normalise_company(name) or cid,
        "industry": row.get("industry"),
        "stage": row.get("stage"),
    }


def taxonomy_rows() -> list[dict[str, Any]]:
    """The skill taxonomy as rows of the `skills` table."""
    rows = []
    for skill in load_taxonomy().skills:
        onet = skill.onet.commodity_code if skill.onet is not None else None
        rows.append({"skill_id": skill.id, "name": skill.name, "category": skill.category, "onet_id": onet})
    return rows
