"""Layoff reasons (with negation), layoff-or-not, headcount and percent, URL slugs, headline companies."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.layoffs import (
    REASONS,
    LayoffTag,
    attribute_layoff,
    extract_headcount,
    headline_company,
    parse_rules,
    url_words,
)


def test_reasons_match_fields() -> None:
    from jobshift.fields import LAYOFF_REASONS

    assert set(REASONS) == set(LAYOFF_REASONS)


# ----------------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # ai_explicit
        ("Fernway lays off 300 support staff, replacing them with AI chatbots", "ai_explicit"),
        ("Support roles were replaced by AI, the company confirmed", "ai_explicit"),
        ("Quillbank cuts 8% of jobs due to AI", "ai_explicit"),
        ("Layoffs follow an AI-driven restructuring of the sales org", "ai_explicit"),
        ("The firm will shift resources to AI after cutting 500 roles", "ai_explicit"),
        ("Orbix trims staff as part of its AI transformation", "ai_explicit"),
        ("Lumo lays off 6% of staff as it focuses on new AI products", "ai_explicit"),
        ("Marlow cuts 1,200 jobs, pivoting toward AI products", "ai_explicit"),
        ("Company restructures 2,000 roles to focus on AI agents", "ai_explicit"),
        ("Job cuts amid AI restructuring", "ai_explicit"),
        ("Layoffs hit content moderators in an AI push", "ai_explicit"),
        ("CEO says AI will replace many back-office jobs; 400 cut", "ai_explicit"),
        # automation
        ("Warehouse jobs cut as the company expands automation", "automation"),
        ("Plant lays off 80 after installing robots on the line", "automation"),
        ("Cashiers let go as self-checkout spreads", "automation"),
        # restructuring
        ("Tech firm lays off 120 in a reorganization", "restructuring"),
        ("Cuts aim to streamline operations", "restructuring"),
        ("CEO moves to flatten management layers, cutting 5% of staff", "restructuring"),
        ("Layoffs follow the acquisition by a rival", "restructuring"),
        ("Sale of Company", "restructuring"),
        ("Job cuts as it invests heavily in AI", "restructuring"),
        ("Outsourcing of customer service", "restructuring"),
        # economic
        ("Startup cuts 40% of staff citing economic conditions", "economic"),
        ("Layoffs part of a cost-cutting plan", "economic"),
        ("Retailer sheds jobs amid macroeconomic uncertainty", "economic"),
        ("Manufacturer lays off 200 blaming tariffs", "economic"),
        ("Nonprofit cuts team after loss of funding", "economic"),
        ("Loss of contract", "economic"),
        ("COVID-19 related layoffs", "economic"),
        ("Layoffs as ad sales slow", "economic"),
        # closure
        ("Permanent closure of the Dayton plant", "closure"),
        ("Startup shuts down, all 60 staff laid off", "closure"),
        ("Store closing", "closure"),
        ("Company is ceasing operations at the site", "closure"),
        ("Closure", "closure"),
        ("CL", "closure"),
        ("Lender files for bankruptcy and cuts 300 jobs", "closure"),
        # a robotics or automation company is not an automation reason
        ("Robotics startup shuts down", "closure"),
        ("Sales automation company lays off 40", "unknown"),
        # unknown
        ("Acme lays off 150 employees", "unknown"),
        ("Downsize", "unknown"),
        ("", "unknown"),
    ],
)
def test_reason(text: str, reason: str) -> None:
    tag = attribute_layoff(text)
    assert tag.reason == reason, tag.reason_evidence
    if reason != "unknown":
        assert tag.reason_evidence is not None and tag.reason_evidence.startswith(reason)


def test_priority_closure_beats_economic_and_ai_beats_all() -> None:
    assert attribute_layoff("Temporary closure due to COVID-19").reason == "closure"
    assert attribute_layoff("Restructuring and cost cutting").reason == "economic"
    text = "Closing two offices in a restructuring as roles are replaced with AI tools"
    assert attribute_layoff(text).reason == "ai_explicit"


def test_investing_in_ai_alone_is_not_ai_explicit() -> None:
    tag = attribute_layoff("Brightmill cuts 700 jobs while investing billions in AI")
    assert tag.reason == "restructuring"
    assert tag.reason_evidence is not None and "AI" in tag.reason_evidence


def test_an_ai_company_cutting_staff_is_not_ai_explicit() -> None:
    assert attribute_layoff("Nimbus AI lays off 30 employees").reason == "unknown"
    assert attribute_layoff("Layoffs hit the AI infrastructure team").reason == "unknown"


# ----------------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("text", "negation"),
    [
        ("Tallis cut 200 jobs; the cuts were not related to AI, a spokesperson said", "not related to AI"),
        ("The layoffs were not driven by AI but by slowing demand", "not driven by AI"),
        ("Management insisted the job cuts had nothing to do with AI", "nothing to do with AI"),
        ("Company cuts 5% of workforce; NOT AI-driven", "NOT AI-driven"),
        ("Layoffs of 90 staff. AI was not a factor, executives said", "AI was not"),
        ("Firm denies that AI replaced the 40 laid-off writers", "denies that AI"),
        # contractions: the "n't" sits inside a word, so no word boundary may be required before it
        ("Orvel laid off 120 people, but the cuts aren't related to AI", "n't related to AI"),
        ("The 300 job cuts weren't driven by AI, the company said", "n't driven by AI"),
    ],
)
def test_negated_ai_is_not_ai_explicit(text: str, negation: str) -> None:
    tag = attribute_layoff(text)
    assert tag.reason != "ai_explicit"
    assert tag.reason_evidence is not None
    assert "AI negated" in tag.reason_evidence
    assert negation.lower() in tag.reason_evidence.lower()


def test_negation_keeps_the_other_reason() -> None:
    tag = attribute_layoff("The layoffs were not driven by AI but by slowing demand")
    assert tag.reason == "economic"


def test_negation_is_clause_local() -> None:
    text = "No bonus this year. Staff were replaced by AI agents"
    assert attribute_layoff(text).reason == "ai_explicit"


def test_not_only_is_not_a_negation() -> None:
    text = "The cuts are not only about cost: roles were replaced with AI"
    assert attribute_layoff(text).reason == "ai_explicit"


# ----------------------------------------------------------------------------------- layoff or not


@pytest.mark.parametrize(
    "text",
    [
        "Globex plans to hire 1,000 AI engineers next year",
        "Initech announces $40 billion investment in AI data centers",
        "Hooli opens a new AI research hub in Zurich",
        "Company says there will be no layoffs this year",
        "Layoffs rescinded after union agreement",
        "Vandelay is recruiting 200 machine learning researchers",
    ],
)
def test_not_a_layoff(text: str) -> None:
    tag = attribute_layoff(text)
    assert tag.is_layoff is False
    assert tag.headcount is None and tag.percent is None


@pytest.mark.parametrize(
    "text",
    [
        "Acme lays off 150 employees",
        "Acme to cut 2,000 jobs",
        "Third round of cuts at the studio",
        "Hundreds laid off at the plant",
        "Reduction in force",
        "Workers furloughed for two weeks",
        "Plant closure",
        "Acme cuts hiring and 300 roles",
    ],
)
def test_is_a_layoff(text: str) -> None:
    assert attribute_layoff(text).is_layoff is True


def test_cutting_while_hiring_is_a_layoff() -> None:
    tag = attribute_layoff("Zentro cuts 400 jobs while it hires AI engineers")
    assert tag.is_layoff and tag.headcount == 400


# ----------------------------------------------------------------------------------- headcount


@pytest.mark.parametrize(
    ("text", "headcount", "percent"),
    [
        ("Acme will cut about 1,100 jobs", 1100, None),
        ("It plans to lay off 10% of its workforce", None, 10.0),
        ("The group cuts 97K positions", 97000, None),
        ("Layoffs hit 11,000 employees", 11000, None),
        ("Globex is shedding roughly 4,000 roles", 4000, None),
        ("The startup let go a third of staff", None, 33.3),
        ("Lays off half its staff", None, 50.0),
        ("Nearly two-thirds of the workforce were cut", None, 66.7),
        ("Automaker to cut 1.2 million jobs worldwide", 1200000, None),
        ("The retailer will cut 200", 200, None),
        ("Company cut 2,000 jobs in 2023", 2000, None),
        ("Cuts 8,000 employees (10% of ~78,000 workforce)", 8000, 10.0),
        ("Cuts ~5% of workforce (~875 of ~17,500 employees)", 875, 5.0),
        ("Lays off ~50% of its workforce (~3,700)", 3700, 50.0),
        ("Cuts another 10% (~200 jobs)", 200, 10.0),
        ("Expands layoffs to 18,000+", 18000, None),
        ("Cut 12 percent of staff", None, 12.0),
        ("Reduced headcount by 15%", None, 15.0),
        ("Layoffs of 350 announced", 350, None),
        ("14,000 corporate and technology jobs will go", 14000, None),
    ],
)
def test_headcount(text: str, headcount: int | None, percent: float | None) -> None:
    count, share, evidence = extract_headcount(text)
    assert (count, share) == (headcount, percent)
    if count is not None or share is not None:
        assert evidence


@pytest.mark.parametrize(
    "text",
    [
        "Layoffs announced in 2023",
        "The 2024 layoffs were large",
        "It raised $2 billion last year",
        "The plan will cut $10B in costs",
        "Company named to the Top 500 list",
        "It cut 10% of its 5,000 employees",  # 5,000 is the total, not the cut
        "A company with 900 staff is expanding",
        "CEO says AI will replace 7,800 jobs in five years",
        "Cut prices by 30 percent",
        "Revenue fell 20% last quarter",
        "Cuts 3 stores",
        "Founded 12 years ago",
        "1.2 million users signed up",
    ],
)
def test_not_a_headcount(text: str) -> None:
    count, _, _ = extract_headcount(text)
    assert count is None


def test_total_is_not_the_cut_but_percent_is_kept() -> None:
    assert extract_headcount("It cut 10% of its 5,000 employees")[:2] == (None, 10.0)


def test_revenue_percent_is_not_a_workforce_percent() -> None:
    assert extract_headcount("Revenue fell 20% last quarter")[1] is None


def test_empty_text() -> None:
    assert extract_headcount("") == (None, None, None)


# ----------------------------------------------------------------------------------- URL slugs


def test_url_words() -> None:
    url = "https://news.example.com/2024/01/30/pinterest-layoffs-cuts-15-percent-ai-transformation.html?x=1"
    assert url_words(url) == "pinterest layoffs cuts 15 percent ai transformation"
    assert url_words("https://example.com/economy/acme-cuts-2percent-of-staff-123456789") == (
        "acme cuts 2 percent of staff"
    )
    assert url_words("https://example.com/tech/acme-lays-off-1-700-staff-d040ae21") == "acme lays off 1,700 staff"
    assert url_words(None) == ""
    assert url_words("not a url") == "not a url"


def test_url_slug_counts_as_text() -> None:
    tag = attribute_layoff(
        None, url="https://news.example.com/2024/01/30/pinterest-layoffs-cuts-15-percent-ai-transformation"
    )
    assert tag.is_layoff
    assert tag.reason == "ai_explicit"
    assert tag.reason_evidence is not None and "(url)" in tag.reason_evidence
    assert tag.percent == 15.0


def test_url_slug_share_without_percent_sign() -> None:
    tag = attribute_layoff(None, url="https://example.com/2023/02/09/startup-lays-off-20-of-staff/")
    assert (tag.headcount, tag.percent) == (None, 20.0)


def test_text_reason_beats_weaker_url_reason() -> None:
    tag = attribute_layoff("Staff replaced by AI assistants", url="https://example.com/acme-restructuring-plan")
    assert tag.reason == "ai_explicit"
    assert tag.reason_evidence is not None and "(url)" not in tag.reason_evidence


# ----------------------------------------------------------------------------------- company


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Amazon to cut 14,000 corporate jobs", "Amazon"),
        ("Globex Corp lays off 300", "Globex Corp"),
        ("Initech (a payments firm) cuts 5% of staff", "Initech"),
        ("Hooli begins corporate layoffs", "Hooli"),
        ("Pied Piper's board approves layoffs", "Pied Piper"),
        ("Third wave of cuts hits the studio", None),
        ("Hundreds cut from the cloud unit", None),
        ("layoffs continue across tech", None),
        ("", None),
    ],
)
def test_headline_company(text: str, company: str | None) -> None:
    assert headline_company(text) == company


def test_given_company_wins() -> None:
    tag = attribute_layoff("Amazon to cut 14,000 corporate jobs", company="Amazon.com, Inc.")
    assert tag.company == "Amazon.com, Inc."
    assert attribute_layoff("Amazon to cut 14,000 corporate jobs").company == "Amazon"


def test_full_tag() -> None:
    tag = attribute_layoff("Vexo cuts 3,900 jobs (~1.5% of workforce), replacing many with AI")
    assert tag == LayoffTag(True, "ai_explicit", "ai_explicit: 'replacing many with AI'", "Vexo", 3900, 1.5)


# ----------------------------------------------------------------------------------- rules and robustness


def _raw_rules() -> dict[str, Any]:
    from importlib import resources

    loaded: dict[str, Any] = yaml.safe_load(
        resources.files("jobshift").joinpath("data/layoff_reasons.yaml").read_text(encoding="utf-8")
    )
    return loaded


def test_rule_file_parses_in_priority_order() -> None:
    parsed = parse_rules(_raw_rules())
    assert parsed.reasons[0].reason == "ai_explicit"
    assert [r.priority for r in parsed.reasons] == sorted(r.priority for r in parsed.reasons)


def test_rule_file_rejects_unknown_reason() -> None:
    raw = _raw_rules()
    raw["reasons"][0]["reason"] = "vibes"
    with pytest.raises(ValueError, match="unknown reason"):
        parse_rules(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_extract_headcount_never_raises(text: str) -> None:
    count, percent, evidence = extract_headcount(text)
    assert count is None or 1 <= count <= 2_000_000
    assert percent is None or 0 < percent <= 100
    assert (count is None and percent is None) == (evidence is None)


_PIECES = [
    "cut",
    "cuts",
    "lays off",
    "10%",
    "1,100",
    "2023",
    "$2 billion",
    "jobs",
    "employees",
    "of its",
    "workforce",
    "about",
    "97K",
    "a third",
    "staff",
    "(",
    ")",
    "~",
    "percent",
    "Top 500",
    "1.2 million",
    "will replace",
    "AI",
    "not",
    "hire",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10))
def test_extract_headcount_on_layoff_like_text(pieces: list[str]) -> None:
    count, percent, _ = extract_headcount(" ".join(pieces))
    assert count is None or 1 <= count <= 2_000_000
    assert percent is None or 0 < percent <= 100


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.none(), st.text(max_size=300)),
    st.one_of(st.none(), st.text(max_size=120)),
    st.one_of(st.none(), st.text(max_size=40)),
)
def test_attribute_layoff_never_raises(text: str | None, url: str | None, company: str | None) -> None:
    tag = attribute_layoff(text, company=company, url=url)
    assert tag.reason in REASONS
    assert tag.is_layoff or (tag.headcount is None and tag.percent is None)


@pytest.mark.parametrize(
    "text",
    [
        "About 200 staff at the Leeds plant were made redundant last month",
        "Harlow Media is parting ways with 80 employees as it closes two titles",
    ],
)
def test_british_and_euphemistic_cut_phrases_are_layoffs(text: str) -> None:
    assert attribute_layoff(text).is_layoff is True
