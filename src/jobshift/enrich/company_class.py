"""Company class - ai_native | startup | incumbent - from the evidence gathered about a company.

Pure: the caller (`jobshift.company_classes`) collects a `CompanyEvidence` per company from the store; this
module weighs it with the rules and the editable list in `jobshift/data/company_classes.yaml` (order and
meaning documented there) and returns the class with the evidence that decided it, e.g.
`("incumbent", "layoffs tracker stage 'Post-IPO' (2026-01-28)")`, or `(None, None)` when nothing decides.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import yaml

from jobshift.enrich.companies import normalise_company

__all__ = ["CLASSES", "CompanyEvidence", "classify_company", "load_class_rules"]

CLASSES: Final = ("ai_native", "startup", "incumbent")


@dataclass(frozen=True, slots=True)
class CompanyEvidence:
    """What jobshift knows about one company (any field may be missing)."""

    name: str
    board_class: str | None = None  # company_class of the company's curated ATS board
    stage: str | None = None  # latest funding stage from a layoffs tracker
    stage_on: str | None = None  # the date of that tracker record
    industry: str | None = None  # the tracker's industry
    employees: int | None = None  # implied by a layoff's headcount and percent
    employees_evidence: str | None = None  # "laid off 1,200 (10%)"
    postings: int = 0  # postings stored for the company
    ai_postings: int = 0  # of which in an AI role family


@dataclass(frozen=True, slots=True)
class ClassRules:
    listed: dict[str, str]  # normalised name -> class
    incumbent_stages: frozenset[str]
    startup_stages: frozenset[str]
    incumbent_min_employees: int
    ai_industries: frozenset[str]
    ai_name: re.Pattern[str]
    ai_postings_share: float
    min_postings: int


@functools.lru_cache(maxsize=1)
def load_class_rules() -> ClassRules:
    """The packaged rules and list (validated)."""
    text = importlib.resources.files("jobshift").joinpath("data/company_classes.yaml").read_text(encoding="utf-8")
    return parse_class_rules(yaml.safe_load(text))


def parse_class_rules(raw: Mapping[str, Any]) -> ClassRules:
    """Rules from a parsed YAML document; ValueError naming the bad entry otherwise."""
    listed: dict[str, str] = {}
    for i, item in enumerate(raw.get("companies") or []):
        klass = item.get("class") if isinstance(item, Mapping) else None
        name = normalise_company(str(item.get("name") or "")) if isinstance(item, Mapping) else None
        if klass not in CLASSES or not name:
            raise ValueError(f"company_classes.yaml: companies[{i}] needs a name and a class in {CLASSES}")
        listed[name] = str(klass)
    return ClassRules(
        listed=listed,
        incumbent_stages=frozenset(s.lower() for s in raw["incumbent_stages"]),
        startup_stages=frozenset(s.lower() for s in raw["startup_stages"]),
        incumbent_min_employees=int(raw["incumbent_min_employees"]),
        ai_industries=frozenset(s.lower() for s in raw["ai_industries"]),
        ai_name=re.compile("|".join(f"(?:{p})" for p in raw["ai_name_patterns"]), re.IGNORECASE),
        ai_postings_share=float(raw["ai_postings_share"]),
        min_postings=int(raw["min_postings"]),
    )


def classify_company(ev: CompanyEvidence, rules: ClassRules | None = None) -> tuple[str | None, str | None]:
    """(class, evidence) for one company; (None, None) when no evidence decides (see company_classes.yaml)."""
    rules = rules or load_class_rules()
    listed = rules.listed.get(normalise_company(ev.name) or "")
    if listed:
        return listed, "list: jobshift/data/company_classes.yaml"
    if ev.board_class in CLASSES:
        return ev.board_class, "list: curated ATS board (jobshift/data/boards.yaml)"
    stage = (ev.stage or "").strip().lower()
    if rules.ai_name.search(ev.name.strip()):
        return "ai_native", f"name '{ev.name.strip()}' ends in AI"
    if (ev.industry or "").strip().lower() in rules.ai_industries and stage in rules.startup_stages:
        return "ai_native", f"layoffs tracker: industry '{ev.industry}', stage '{ev.stage}'"
    if ev.postings >= rules.min_postings and ev.ai_postings >= rules.ai_postings_share * ev.postings:
        return "ai_native", f"{ev.ai_postings} of its {ev.postings} postings are AI roles"
    when = f" ({ev.stage_on})" if ev.stage_on else ""
    if stage in rules.incumbent_stages:
        return "incumbent", f"layoffs tracker stage '{ev.stage}'{when}"
    if stage in rules.startup_stages:
        if ev.employees is not None and ev.employees >= rules.incumbent_min_employees:
            return "incumbent", f"~{ev.employees:,} employees implied by {ev.employees_evidence} (stage '{ev.stage}')"
        return "startup", f"layoffs tracker stage '{ev.stage}'{when}"
    if ev.employees is not None and ev.employees >= rules.incumbent_min_employees:
        return "incumbent", f"~{ev.employees:,} employees implied by {ev.employees_evidence}"
    return None, None
