"""Tests for the AI role of a posting (jobshift.enrich.ai_role, through tag_skills and enrich_posting).

Every example text is made up for these tests (none is copied from real postings).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.ai_role import AI_ROLES, AiText, load_cues, sentence_bounds
from jobshift.enrich.records import enrich_posting
from jobshift.enrich.skills import tag_skills
from jobshift.enrich.text import strip_html


def role(text: str, title: str | None = None) -> str:
    return tag_skills(text, title).ai_role


# ------------------------------------------------------------------------------------------------ one rule each


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # Title: an AI skill in the title builds; an "AI-native" way of working is literacy.
        ("Join our payments team.", "Senior LLM Engineer", "builds_ai"),
        ("Join our payments team.", "Software Engineer (Native AI Developer)", "uses_ai"),
        # Header role field of "Company | Role | Place"; the company-name field is only the company.
        ("Zentro | Machine Learning Engineer | Remote\nWe ship weekly.", None, "builds_ai"),
        ("Zentro AI | Backend Engineer | Remote\nWe write Go and Postgres.", None, "boilerplate"),
        # Multi-role posts: a short line naming an AI job decides.
        (
            "Zentro makes invoicing software. Open roles:\n- Frontend Engineer: React\n- ML Engineer: ranking\n",
            None,
            "builds_ai",
        ),
        ("Open roles\nData Analysts, Machine Learning Experts.\nApply by mail.", None, "builds_ai"),
        ("Hiring for our app:\n- Data Labeling Intern (Berlin)\n- Office Manager", None, "builds_ai"),
    ],
)
def test_title_header_and_role_lines(text: str, title: str | None, expected: str) -> None:
    assert role(text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Asked of the candidate, with building verbs or specific skills: builds_ai.
        ("You will fine-tune open models and evaluate them.", "builds_ai"),
        ("Experience with PyTorch is required.", "builds_ai"),
        ("You will use LLMs to build a retrieval pipeline for support tickets.", "builds_ai"),
        ("From developing AI-driven diagnostics to testing, you'll do it all.", "builds_ai"),
        ("We're looking for an engineer to help build our ML ranking systems.", "builds_ai"),
        # AI tools asked of the candidate: uses_ai.
        ("You will use GitHub Copilot in your daily work. Go required.", "uses_ai"),
        ("Requirements:\n- Comfortable using LLMs and coding agents as accelerators", "uses_ai"),
        ("Skilled in Word, Excel and ChatGpt.Good phone manner.", "uses_ai"),
        ("Tech lead who uses Cursor or similar tools. React and Node.", "uses_ai"),
        ("You will work with AI-assisted dev tools in your workflow.", "uses_ai"),
        # A team practice the hire joins, even in a company sentence.
        ("We use Claude Code heavily across the team. Stack: Go, Postgres.", "uses_ai"),
        # Interest or teaching is literacy, not building ...
        ("Requirements: a strong interest in artificial intelligence.", "uses_ai"),
        ("Duties:\n- Teach undergraduate courses such as agentic development.", "uses_ai"),
    ],
)
def test_sentence_rules(text: str, expected: str) -> None:
    assert role(text) == expected


def test_interest_in_a_research_job_is_its_research_area() -> None:
    text = "I am looking for early career people who are interested in LLMs and formal methods."
    assert role(text, "Research Scientist") == "builds_ai"
    assert role(text, "Office Coordinator") == "uses_ai"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The company's AI, described with work verbs: boilerplate.
        ("We build machine learning tools for farmers. You will maintain the Django app.", "boilerplate"),
        ("We build AI-powered tools for farmers. You will maintain the Django app.", "boilerplate"),
        ("The firm specializes in designing ML/AI solutions for banks. SQL required.", "boilerplate"),
        ("Zentro | Backend Engineer | Remote\nZentro is the runtime teams use for RAG and LLM evals.", "boilerplate"),
        # AI as an adjective of a company, market or vendor.
        ("Three years of sales experience with clients in AI, blockchain and fintech.", "boilerplate"),
        ("You will manage cloud accounts and AI providers.", "boilerplate"),
        ("- Own the UI/UX of an AI sales assistant end to end", "boilerplate"),
        # Benefits and AI-use disclaimers.
        ("Benefits:\n- A ChatGPT seat and a gym budget", "boilerplate"),
        ("We may use AI tools to screen applications as part of our hiring process.", "boilerplate"),
        # A "Label: list" heading covers its own line only.
        ("Stack: Python, dbt\nOur founder once ran an AI lab.", "boilerplate"),
    ],
)
def test_boilerplate(text: str, expected: str) -> None:
    assert role(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We build payroll software in Go.",
        "Associate attorney; an LLM in tax law is preferred.",  # Master of Laws
        "No ML here: SQL and dashboards only.",  # negated
        "Analytics Engineer\nSQL and dbt required.\n\nSimilar jobs\nAI Engineer\nML Engineer - Acme\n",  # board chrome
        "Data scientist for fraud detection; recommendation algorithms.",  # no AI named
    ],
)
def test_none(text: str) -> None:
    tags = tag_skills(text)
    assert tags.ai_role == "none"
    assert tags.ai_role_evidence is None


def test_strongest_anywhere_wins_over_an_earlier_weaker_sentence() -> None:
    text = (
        "Your insights will help teams leverage AI in their workflows.\n"
        "Requirements:\n- Experience building ML models in production"
    )
    tags = tag_skills(text)
    assert tags.ai_role == "builds_ai"
    assert tags.ai_role_evidence is not None and "building ML models" in tags.ai_role_evidence


def test_role_family_from_text_does_not_force_builds() -> None:
    text = (
        "Zentro | Founding Engineer | SF\nZentro builds LLM agents, RAG and evals for banks. We use Claude Code daily."
    )
    row, _, _ = enrich_posting({"title": "Founding Engineer", "description": text})
    assert row["role_family"] == "ai_engineer"  # inferred from the text
    assert row["ai_role"] == "uses_ai"
    row, _, _ = enrich_posting({"title": "Machine Learning Engineer", "description": "Go and Postgres."})
    assert row["ai_role"] == "builds_ai"
    assert row["ai_role_evidence"].startswith("role family")


# ------------------------------------------------------------------------------------------------ helpers


def test_sentence_bounds_stop_at_delimiters() -> None:
    low = "first part. second part with ai here; third"
    start = low.index("ai here")
    lo, hi = sentence_bounds(low, start, start + 2)
    assert low[lo:hi] == ". second part with ai here"


def test_sections_kinds() -> None:
    low = "intro\nabout us\nwe are nice\nrequirements:\n- go\nsimilar jobs\nai engineer"
    doc = AiText(low, low, " " + low + " ")
    assert doc.section_at(low.index("we are")) == "blurb"
    assert doc.section_at(low.index("- go")) == "req"
    assert doc.section_at(low.index("ai engineer")) == "ignore"
    assert doc.section_at(0) is None


def test_cue_file_loads_and_has_every_cue_class() -> None:
    cues = load_cues()
    assert cues.generic and cues.tools <= {"chatgpt", "copilot", "cursor", "claude", "gemini", "midjourney"}
    with pytest.raises(KeyError):
        load_cues("version: 1\ncues: {}\n")


# ------------------------------------------------------------------------------------------------ properties

WORDS = [
    "AI", "ML", "LLMs", "ChatGPT", "Copilot", "Cursor", "Claude", "PyTorch", "RAG", "agents", "AI-powered",
    "AI-native", "AI tools", "we", "our", "you", "will", "build", "use", "using", "experience", "with",
    "interest in", "Requirements:", "About us:", "Benefits:", "Similar jobs", "|", "\n", "- ", ".", ",",
    "Engineer", "Acme", "tax", "no", "大模型", "熟悉", "<p>", "&amp;",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join), st.none() | st.sampled_from(WORDS))
def test_any_text_gets_one_class_and_quotable_evidence(text: str, title: str | None) -> None:
    tags = tag_skills(text, title)
    assert tags.ai_role in AI_ROLES
    if tags.ai_role == "none":
        assert tags.ai_role_evidence is None
        return
    assert tags.ai_role_evidence
    flat = " ".join(strip_html(text).split())
    evidence = tags.ai_role_evidence
    if evidence.startswith("title: "):
        assert " ".join(evidence[7:].split()) in " ".join(strip_html(title or "").split())
    else:
        assert " ".join(evidence.split()) in flat


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.none() | st.text(max_size=40))
def test_never_raises_on_any_text(text: str, title: str | None) -> None:
    tags = tag_skills(text, title)
    assert tags.ai_role in AI_ROLES
    assert (tags.ai_role_evidence is None) == (tags.ai_role == "none")
