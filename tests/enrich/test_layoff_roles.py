"""Role mentions in layoff texts: what counts as naming a role, the family it maps to, and its span."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.layoff_roles import find_layoff_roles, parse_rules, role_phrases, roles_columns
from jobshift.enrich.records import enrich_layoff
from jobshift.fields import LAYOFF_ENRICHED_FIELDS, ROLE_FAMILIES


def families(text: str) -> tuple[str, ...]:
    return find_layoff_roles(text).families


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a function term before a collective noun
        ("The bank eliminated 200 customer service roles.", ("customer_support",)),
        ("Acme lays off sales staff", ("sales_marketing",)),
        ("IBM cuts marketing and communications roles", ("sales_marketing",)),
        ("Additional cuts across hardware, engineering, and Google Assistant teams",
         ("software_engineer", "other_tech")),
        ("restructuring of devices, retail, and HR divisions", ("recruiting_hr",)),
        ("targeting Reality Labs and AI infrastructure teams", ("ml_infra_engineer",)),
        # a lead word after a cut
        ("Salesforce cuts ~700 more jobs, mostly in sales and marketing", ("sales_marketing",)),
        ("Microsoft cuts ~3,000 jobs in sales and customer success amid AI restructuring",
         ("customer_support", "sales_marketing")),
        ("Oracle lays off thousands in marketing", ("sales_marketing",)),
        ("cuts 5% of staff, affecting engineering, product, and marketing",
         ("software_engineer", "other_tech", "sales_marketing")),
        # person nouns, classified by the posting title rules
        ("The company will cut recruiters and engineers", ("software_engineer", "recruiting_hr")),
        ("cut 200 machine learning engineers and electrical engineers", ("ai_engineer", "other_tech")),
        ("Newsroom lays off 30 journalists", ("content_writing",)),
        ("Acme Lays Off Sales Staff", ("sales_marketing",)),  # a headline in Title Case is not a label
        ("laid off its content moderators", ("data_entry_ops",)),
        ("Call center agents were let go", ("customer_support",)),
    ],
)
def test_roles_named(text: str, expected: tuple[str, ...]) -> None:
    assert families(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Acme cuts 1,000 jobs",  # no role named
        "Dell cuts jobs after a decline in sales",  # "in sales" after a decline, not after a cut
        "WARN- Due to a reduction in sales and customers' changing business needs.",
        "Engineering Services",  # a WARN industry label
        "Customer Service Management Consulting Service",
        "Security Guards and Patrol Services",
        "Couriers",
        "Agents and Managers for Artists, Athletes, Entertainers, and Other Public Figures",
        "SAP restructures 8,000 jobs — pivoting toward AI roles",  # created, not cut
        "Acme is hiring engineers",
        "investing in AI",
        "business and operations roles",  # too vague for a family
        "currently recruiting Saddle Creek associates",  # a name is not a modifier
    ],
)
def test_names_no_role(text: str) -> None:
    assert families(text) == ()


def test_created_roles_are_skipped_but_cut_ones_kept() -> None:
    found = find_layoff_roles("Hiring engineers while cutting 50 recruiters")
    assert found.families == ("recruiting_hr",)


def test_mentions_carry_spans_and_evidence() -> None:
    text = "The bank eliminated 200 customer service roles and some recruiters."
    found = find_layoff_roles(text)
    first, second = found.mentions
    assert (first.family, first.text, first.rule) == ("customer_support", "customer service", "collective")
    assert text[first.start : first.end] == "customer service"
    assert first.context == "customer service roles"
    assert (second.family, second.text, second.rule) == ("recruiting_hr", "recruiters", "person")
    assert found.evidence() == "customer_support: 'customer service roles'; recruiting_hr: 'recruiters'"


def test_families_come_in_role_family_order_once() -> None:
    found = find_layoff_roles("cuts sales staff, recruiters, marketing teams and engineers")
    assert found.families == ("software_engineer", "sales_marketing", "recruiting_hr")
    assert len(found.mentions) == 4


def test_stored_columns_distinguish_none_named_from_no_text() -> None:
    assert roles_columns(None) == (None, None)
    assert roles_columns("  ") == (None, None)
    assert roles_columns("Acme cuts 1,000 jobs") == ("", None)
    assert roles_columns("cuts in sales and customer support") == (
        "customer_support,sales_marketing",
        "sales_marketing: 'in sales'; customer_support: 'in sales and customer support'",
    )


def test_enrich_layoff_fills_the_columns() -> None:
    assert {"roles_named", "roles_evidence"} <= set(LAYOFF_ENRICHED_FIELDS)
    row, _ = enrich_layoff({"source_id": "1", "company": "Acme", "description": "Acme cuts 40 recruiters"})
    assert (row["roles_named"], row["roles_evidence"]) == ("recruiting_hr", "recruiting_hr: 'recruiters'")
    row, _ = enrich_layoff({"source_id": "2", "company": "Acme", "notice_type": "Layoff"})
    assert (row["roles_named"], row["roles_evidence"]) == (None, None)


def test_rules_reject_unknown_families() -> None:
    from importlib import resources

    raw: dict[str, Any] = yaml.safe_load(
        resources.files("jobshift").joinpath("data/layoff_roles.yaml").read_text(encoding="utf-8")
    )
    raw["functions"]["wizards"] = ["magic"]
    with pytest.raises(ValueError, match="unknown role family"):
        parse_rules(raw)


_WORDS = st.sampled_from(
    ["cut", "cuts", "200", "customer", "service", "roles", "in", "sales", "and", "marketing", ",", "engineers",
     "recruiters", "Engineering", "Services", "hiring", "toward", "AI", "teams", "—", "mostly", "HR", "staff",
     "the", "é", "\n", "across", "product", "(", ")", "%", "~1,000", "jobs"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=40).map(" ".join)))
def test_never_crashes_and_spans_are_substrings(text: str) -> None:
    found = find_layoff_roles(text)
    assert set(found.families) <= set(ROLE_FAMILIES)
    assert set(found.families) == {m.family for m in found.mentions}
    for mention in found.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.context in text
        assert mention.text in mention.context
    named, evidence = roles_columns(text)
    if named:
        assert evidence is not None and len(evidence) <= 500


def test_role_phrases_are_the_words_to_map_to_occupations() -> None:
    phrases = role_phrases("Acme laid off 200 customer service agents and cut warehouse jobs, mostly in sales.")
    assert [p for p, _ in phrases] == ["customer service agents", "warehouse", "sales"]
    assert phrases[0][1] == "customer_support"
    assert role_phrases("Acme cut costs.") == () and role_phrases(None) == ()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_role_phrases_come_from_the_text(text: str) -> None:
    for phrase, family in role_phrases(text):
        assert family in ROLE_FAMILIES and " ".join(phrase.split()) == phrase
        assert phrase.replace(" ", "") in "".join(text.split())
