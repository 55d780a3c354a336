"""The columns each target table accepts from a source, with their types.

One place names what a normalised row may hold: sources and mappings produce dicts with these keys,
the store turns them into Arrow batches with these types, and the mapping loader rejects a mapping
that names a field not listed here. Bookkeeping columns (first_seen, last_seen, content_hash, raw_id,
run_id) are set by the store, not by sources.
"""

from __future__ import annotations

from typing import Final, Literal

FieldType = Literal["str", "int", "float", "bool", "date", "timestamp"]

Target = Literal["postings", "layoff_events", "news_items"]

POSTING_FIELDS: Final[dict[str, FieldType]] = {
    "source_id": "str",
    "company": "str",
    "title": "str",
    "description": "str",
    "location": "str",
    "country": "str",
    "remote": "bool",
    "posted_at": "timestamp",
    "closed_at": "timestamp",
    "salary_text": "str",
    "salary_min": "float",
    "salary_max": "float",
    "salary_currency": "str",
    "salary_period": "str",
    "url": "str",
    "employment_type": "str",
    "seniority": "str",
    "role_family": "str",
}

# Columns filled by enrichment (enrich.postings), never by a source or mapping.
POSTING_ENRICHED_FIELDS: Final[dict[str, FieldType]] = {
    "company_id": "str",
    "salary_min_usd": "float",
    "salary_max_usd": "float",
    "salary_reject_reason": "str",
    "mentions_llm": "bool",
    "ai_skill_required": "bool",
    "ai_required_evidence": "str",
    "ai_role": "str",  # builds_ai | uses_ai | boilerplate | none (enrich.skills / records)
    "ai_role_evidence": "str",
    "role_evidence": "str",
    "pay_evidence": "str",
    "text_hash": "str",
    "enrich_version": "str",
}

LAYOFF_FIELDS: Final[dict[str, FieldType]] = {
    "source_id": "str",
    "company": "str",
    "announced_on": "date",
    "effective_on": "date",
    "headcount": "int",
    "percent": "float",
    "location": "str",
    "state": "str",
    "country": "str",
    "reason": "str",
    "reason_evidence": "str",
    "notice_type": "str",
    "industry": "str",
    "stage": "str",
    "funds_raised_usd": "float",
    "description": "str",
    "url": "str",
}

LAYOFF_ENRICHED_FIELDS: Final[dict[str, FieldType]] = {
    "company_id": "str",
    "headcount_extracted": "int",
    "percent_extracted": "float",
    "headcount_evidence": "str",
    "ai_attribution": "str",  # stated | reported | adjacent | denied | none (enrich.ai_attribution)
    "ai_attribution_evidence": "str",
    "ai_attribution_speaker": "str",
    "ai_attribution_confidence": "float",
    "roles_named": "str",  # role families the text names, comma-separated (enrich.layoff_roles); "" = none
    "roles_evidence": "str",
}

NEWS_FIELDS: Final[dict[str, FieldType]] = {
    "source_id": "str",
    "url": "str",
    "title": "str",
    "published_at": "timestamp",
    "summary": "str",
    "text": "str",
}

TARGET_FIELDS: Final[dict[str, dict[str, FieldType]]] = {
    "postings": POSTING_FIELDS,
    "layoff_events": LAYOFF_FIELDS,
    "news_items": NEWS_FIELDS,
}

ENRICHED_FIELDS: Final[dict[str, dict[str, FieldType]]] = {
    "postings": POSTING_ENRICHED_FIELDS,
    "layoff_events": LAYOFF_ENRICHED_FIELDS,
    "news_items": {},
}

# Primary-key column of each target table; its value is "<source>:<source_id>".
TARGET_KEYS: Final[dict[str, str]] = {
    "postings": "posting_id",
    "layoff_events": "event_id",
    "news_items": "item_id",
}

# Reference tables: the columns a mapping may fill, their types and the key a re-import replaces on.
REFERENCE_TABLES: Final[dict[str, tuple[dict[str, FieldType], tuple[str, ...]]]] = {
    "occupations": ({"soc_code": "str", "title": "str", "description": "str"}, ("soc_code",)),
    "occupation_titles": (
        {"soc_code": "str", "title": "str", "short_title": "str", "title_source": "str"},
        ("soc_code", "title"),
    ),
    "occupation_technology": (
        {
            "soc_code": "str",
            "example": "str",
            "commodity_code": "str",
            "commodity_title": "str",
            "hot_technology": "bool",
            "in_demand": "bool",
        },
        ("soc_code", "example"),
    ),
    "occupation_exposure": (
        {
            "soc_code": "str",
            "title": "str",
            "dv_rating_alpha": "float",
            "dv_rating_beta": "float",
            "dv_rating_gamma": "float",
            "human_rating_alpha": "float",
            "human_rating_beta": "float",
            "human_rating_gamma": "float",
        },
        ("soc_code",),
    ),
}

# The role families enrichment assigns (enrich.roles) and metrics group by; the first three build AI.
AI_ROLE_FAMILIES: Final[tuple[str, ...]] = ("ai_engineer", "ml_infra_engineer", "applied_research_scientist")
ROLE_FAMILIES: Final[tuple[str, ...]] = (
    *AI_ROLE_FAMILIES,
    "ai_adjacent",
    "software_engineer",
    "data_scientist_analyst",
    "other_tech",
    "customer_support",
    "sales_marketing",
    "content_writing",
    "data_entry_ops",
    "qa_testing",
    "recruiting_hr",
    "management",
    "other",
)
SENIORITIES: Final[tuple[str, ...]] = (
    "intern", "junior", "mid", "senior", "staff", "principal", "manager", "director", "exec",
)
LAYOFF_REASONS: Final[tuple[str, ...]] = (
    "ai_explicit",
    "automation",
    "restructuring",
    "economic",
    "closure",
    "unknown",
)
