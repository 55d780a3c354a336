"""Enrichment of postings: pure functions, no database.

* `jobshift.enrich.text`: `strip_html` (HN/ATS HTML to text).
* `jobshift.enrich.skills`: the skill taxonomy (`jobshift/data/skills.yaml`), `tag_skills` with the
  `mentions_llm` / `ai_skill_required` flags.
* `jobshift.enrich.pay`: `parse_salary_text` and `annualise` to annual USD with a dated FX table
  (`jobshift/data/fx_rates.yaml`).

This package imports nothing from jobshift.store, jobshift.sources, the CLI, API or web layers.
"""

from jobshift.enrich.pay import Pay, annualise, parse_salary_text
from jobshift.enrich.skills import (
    Skill,
    SkillHit,
    SkillTagger,
    SkillTags,
    Taxonomy,
    load_taxonomy,
    tag_skills,
)
from jobshift.enrich.text import strip_html

__all__ = [
    "Pay",
    "Skill",
    "SkillHit",
    "SkillTagger",
    "SkillTags",
    "Taxonomy",
    "annualise",
    "load_taxonomy",
    "parse_salary_text",
    "strip_html",
    "tag_skills",
]
