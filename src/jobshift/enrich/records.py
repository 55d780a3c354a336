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

from jobshift.enrich.ai_attribution import attribute_ai
from jobshift.enrich.companies import company_id, display_name, normalise_company
from jobshift.enrich.layoff_roles import roles_columns
from jobshift.enrich.layoffs import REASONS, attribute_layoff, extract_headcount
from jobshift.enrich.near_dup import normalise_text, text_hash
from jobshift.enrich.pay import Pay, annualise, parse_salary_text
from jobshift.enrich.places import currency_of_location
from jobshift.enrich.roles import classify_role
from jobshift.enrich.skills import load_taxonomy, tag_skills
from jobshift.fields import AI_ROLE_FAMILIES

# Bump when an enrichment rule changes in a way that should rewrite stored rows.
ENRICH_VERSION = "2026.11.3"
_EVIDENCE_CHARS = 200


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
    row["ai_required_evidence"] = tags.ai_required_evidence
    role = classify_role(row.get("title"), text, [hit.skill_id for hit in tags.skills])
    # An AI role family makes the posting builds_ai when the source gave it or the title alone says so; a
    # family inferred from AI words in the text leaves the decision to what the text asks (ai_role.py).
    # A text that asks the hire to use AI tools (uses_ai) keeps that reading: an "AI Product Engineer" whose
    # posting only asks for Claude in the daily workflow does not build AI.
    family = row.get("role_family") or role.role_family
    if family in AI_ROLE_FAMILIES and tags.ai_role != "uses_ai" and (
        row.get("role_family") or classify_role(row.get("title")).role_family in AI_ROLE_FAMILIES
    ):
        row["ai_role"] = "builds_ai"
        row["ai_role_evidence"] = f"role family {family}"
    else:
        row["ai_role"], row["ai_role_evidence"] = tags.ai_role, tags.ai_role_evidence
    given = [f"{field} from the source" for field in ("role_family", "seniority") if row.get(field)]
    row["role_evidence"] = "; ".join([*given, role.evidence])
    if not row.get("role_family"):
        row["role_family"] = role.role_family
    if not row.get("seniority"):
        row["seniority"] = role.seniority
    on = _day(row.get("posted_at"))
    if row.get("salary_min") is not None or row.get("salary_max") is not None:
        pay = _structured_pay(row, text, on)
    else:
        # A figure written without a currency takes the source's currency field, else the one currency the
        # posting's country (or location) implies: "160k - 200k" in Denver is USD, "60-70k" in London GBP.
        currency = row.get("salary_currency") or None
        place = currency_of_location(row.get("country"), row.get("location"))
        pay = parse_salary_text(row.get("salary_text"), on=on, default_currency=currency, place_currency=place)
        if pay.min_amount is not None or pay.max_amount is not None:
            row["salary_min"], row["salary_max"] = pay.min_amount, pay.max_amount
            row["salary_currency"], row["salary_period"] = pay.currency, pay.period
        if pay.min_usd is None and pay.max_usd is None and text:
            # No usable pay in the salary field (or no field): the first pay statement in the description,
            # kept when it converts (a rejected field keeps its reason otherwise).  It sets only the annual
            # USD columns: salary_min/max/currency/period stay what the source's own fields said.
            stated = parse_salary_text(text, on=on, default_currency=currency, place_currency=place)
            converts = stated.min_usd is not None or stated.max_usd is not None
            if converts or pay.reject_reason is None:
                pay = stated
    row["salary_min_usd"], row["salary_max_usd"] = pay.min_usd, pay.max_usd
    row["salary_reject_reason"] = pay.reject_reason
    row["pay_evidence"] = _pay_evidence(row, pay)
    row["text_hash"] = text_hash(normalise_text(row.get("title"), text))
    row["enrich_version"] = ENRICH_VERSION
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


def _pay_evidence(row: dict[str, Any], pay: Pay) -> str | None:
    """Where the annual pay (or its rejection) came from: the source's fields, or the text read."""
    if pay.min_usd is None and pay.max_usd is None and pay.reject_reason is None:
        return None
    if pay.text:
        return pay.text[:_EVIDENCE_CHARS]
    fields = [f"{k}={row[k]}" for k in ("salary_min", "salary_max", "salary_currency", "salary_period") if row.get(k)]
    return ("fields: " + ", ".join(fields))[:_EVIDENCE_CHARS] if fields else None


def _structured_pay(row: dict[str, Any], text: str, on: date | None) -> Pay:
    """Structured pay fields in annual USD.  A source's fixed period/currency can be wrong (a monthly
    figure filed as yearly), so the first pay statement in the description wins on period and currency
    when it states the same amounts; failing that, a "yearly" figure worth under $10k a year is read as
    monthly."""
    low, high = row.get("salary_min"), row.get("salary_max")
    currency = row.get("salary_currency") or None
    period = row.get("salary_period") or None
    stated = parse_salary_text(text, on=on, default_currency=currency) if text else None
    if stated is not None and stated.period and _same_amounts((low, high), (stated.min_amount, stated.max_amount)):
        period = stated.period
        currency = currency or stated.currency
    pay = annualise(low, high, currency or "USD", period or "year", on=on)
    if (period or "year") == "year" and pay.reject_reason is None and (pay.max_usd or pay.min_usd or 0) < 10_000:
        monthly = annualise(low, high, currency or "USD", "month", on=on)
        if monthly.reject_reason is None:
            return monthly
    return pay


def _same_amounts(given: tuple[Any, Any], stated: tuple[float | None, float | None]) -> bool:
    """Whether the text states the structured figures (to the unit; either end may be missing)."""
    pairs = [(g, s) for g, s in zip(given, stated, strict=True) if g is not None and s is not None]
    return bool(pairs) and all(abs(float(g) - s) < 1.0 for g, s in pairs)


def enrich_layoff(
    row: dict[str, Any], *, source: str | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Return the layoff row with reason, evidence, AI attribution level, the figures its text states, and
    company id.  `source` (the source's name) tells a WARN filing from a news or tracker text."""
    text = " ".join(str(row[k]) for k in ("description", "notice_type") if row.get(k))
    tag = attribute_layoff(text or None, company=row.get("company"), url=row.get("url"))
    ai = attribute_ai(text or None, tag, source=source, url=row.get("url"), layoff_known=True)
    row["ai_attribution"], row["ai_attribution_evidence"] = ai.level, ai.evidence
    row["ai_attribution_speaker"], row["ai_attribution_confidence"] = ai.speaker, ai.confidence
    if row.get("reason") not in REASONS:
        row["reason"] = tag.reason
        row["reason_evidence"] = tag.reason_evidence
    if text:
        headcount, percent, evidence = extract_headcount(text)
        row["headcount_extracted"], row["percent_extracted"], row["headcount_evidence"] = headcount, percent, evidence
    row["roles_named"], row["roles_evidence"] = roles_columns(row.get("description"))
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
        rows.append({"skill_id": skill.id, "name": skill.name, "category": skill.category, "onet_id": onet,
                     "ai_kind": skill.ai_kind})
    return rows
