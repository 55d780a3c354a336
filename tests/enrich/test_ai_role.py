"""Tests for the AI role of a posting (jobshift.enrich.ai_role, through tag_skills and enrich_posting).

Every example text is made up for these tests (none is copied from real postings).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.ai_role import (
    _HEADING_LEAD,
    _MAX_HEADING_LEAD,
    AI_ROLES,
    AiText,
    _line_heading,
    assess,
    load_cues,
    sentence_bounds,
)
from jobshift.enrich.records import enrich_posting
from jobshift.enrich.skills import default_tagger, tag_skills
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


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # A bare comma list (a stack, or the areas hired for) is asked of the hire.
        ("Senior Data Engineer\n- Scala, ML, Kafka or Pulsar, Algorithms", None, "builds_ai"),
        ("Offices in five countries. Open roles across hardware, IT, MLOps, sales and beyond:", None, "builds_ai"),
        # "Exposure to" and "you love" ask something of the candidate.
        ("- Exposure to machine learning\n- Small team", None, "builds_ai"),
        ("Join us as an analyst if you love natural language processing.", None, "builds_ai"),
        # ... but "you love" is not interest in AI itself ("ML experience preferred, so long as you love learning").
        ("Experience with machine learning is preferred, so long as you love learning.", None, "builds_ai"),
        # Informal "you" in other languages addresses the candidate ("je volgt trends in AI").
        ("- Je volgt trends in data, AI en analytics", None, "uses_ai"),
        # Any case names AI in a job name ("(ai) product engineers").
        ("we're hiring: backend engineers, (ai) product engineers and designers.", None, "builds_ai"),
        ("Ci vediamo ai giardini.", None, "none"),
        # "Customer experience" is not the candidate's experience.
        ("We bring machine learning to retailers to improve the in-store shopping experience.", None, "boilerplate"),
        # A company named "X AI" (YC batch, "at X AI", "apply to X AI") is the company, not a skill.
        ("Zentro AI (YC W25) is hiring a deployment lead.", None, "boilerplate"),
        ("Deployment Lead at Zentro AI. Apply to Zentro AI today.", None, "boilerplate"),
        # A tagline title or header field ("AI in healthcare") is the company's domain, not the job.
        ("Zentro | AI in healthcare | Hiring Eng, Product\n- Backend Engineer | SF", "AI in healthcare", "boilerplate"),
        ("Zentro | Engineer, AI for Science | SF\nWe ship weekly.", None, "builds_ai"),
    ],
)
def test_dev2_rules(text: str, title: str | None, expected: str) -> None:
    assert role(text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bulleted line starting with a heading word is a list item, not a heading.
        ("Looking for:\n- Experience debugging distributed systems\nNice office, AI everywhere.", "boilerplate"),
        ("Looking for:\n- Experience\nNice office, AI everywhere.", "builds_ai"),
        # An AI tool adjective on the team's way of working is a practice the hire joins.
        ("Small high-trust team, real ownership, AI-friendly.", "uses_ai"),
        ("AI tools are part of how we work here.", "uses_ai"),
        ("Our engineering team embraces AI in everything we do.", "uses_ai"),
        ("Zentro helps teams connect company data and use AI to build apps.", "boilerplate"),
        # Knowing AI, said to the candidate; an AI product or tool asked of the candidate.
        ("You stay up to date with AI trends.", "uses_ai"),
        ("Requirements:\n- Comfortable with AI-powered sourcing tools", "uses_ai"),
        ("Comfortable working alongside AI agents in your daily work.", "uses_ai"),
        # Output of AI tools ("AI-drafted replies") is tool use.
        ("You will review AI-drafted replies to customers.", "uses_ai"),
        # A building verb governing an AI tool builds it.
        ("Bonus: experience implementing AI/LLM tooling for analysts.", "builds_ai"),
        ("Bonus: experience building dashboards with AI tools.", "uses_ai"),
        ("- Contribute to data modeling, BI tooling, and AI-assisted analytics", "uses_ai"),
        # "AI/ML solutions": the word after the pair decides (a product sold, not built).
        ("Sell our analytics to CFOs. Experience selling AI/ML solutions is a plus.", "boilerplate"),
        # A duty bullet under a req heading is the hire's, even when it names the company; data work that feeds
        # the company's AI builds it (guide rule 4).
        ("Responsibilities:\n- Explore how AI can improve our reporting workflows", "uses_ai"),
        ("Responsibilities:\n- Build data pipelines that feed our ML models", "builds_ai"),
        ("Responsibilities:\n- Build the semantic layer that powers our AI agents", "builds_ai"),
        ("Our pipelines feed our ML models. You will own the billing service.", "boilerplate"),
        # Openness to AI, prompting LLMs, a company-wide practice: literacy.
        ("Requirements:\n- Openness to new technologies such as AI", "uses_ai"),
        ("Requirements:\n- Experience prompting LLMs to draft SQL", "uses_ai"),
        ("We're embracing AI across the business and expect everyone to try it.", "uses_ai"),
        # More AI-use disclaimers about the hiring process.
        ("Build APIs in Go.\nCandidates may not use AI during interviews.", "boilerplate"),
    ],
)
def test_dev2_sentence_rules(text: str, expected: str) -> None:
    assert role(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A heading written with a typographic apostrophe is a heading ("WHAT YOU’LL DO:"): its duties are asked.
        ("WHAT YOU’LL DO:\n- Leverage frontier AI tooling for development, and extend our test harness.", "uses_ai"),
        # Relying on AI is using it.
        ("You can debug anything without relying on AI to tell you the answer.", "uses_ai"),
        # A broad AI term labelling a list of AI tools ("AI: Claude") is tool use.
        ("Nice to have:\n- Jira, Confluence\nAI: Claude", "uses_ai"),
        # A way of building software with AI named in the header's role field.
        ("Zentro | Backend Engineer - Payments & Agentic Engineering | Remote\nWe write Go.", "uses_ai"),
        # A broad AI term listed with AI tools reads like them, whatever the sentence builds.
        (
            "You will build billing software, trying tools like Cursor, Copilot, and emerging agent workflows.",
            "uses_ai",
        ),
        # A team's name: a team introduction, unless the hire is asked to work with such teams.
        ("You'll join our growing Data & AI team in Lisbon.", "boilerplate"),
        ("- Experience working with Data Science or Machine Learning teams", "uses_ai"),
        # An AI coding assistant as a perk is tooling for the job's own work.
        ("Benefits:\n- Unlimited access to Claude Code\n- Gym budget", "uses_ai"),
        # The duties of a job named at the start of its line ("- Role: ... Build ...") are asked of the hire.
        (
            "Open roles:\n- Software Engineer (Platform): Go focus. Build the control plane, APIs and AI workflows "
            "that make our engine easy to use.",
            "builds_ai",
        ),
        # A stated team practice: AI tools as part of the daily workflow.
        ("AI tools (Claude, GPT) are part of our daily workflow, but we care most about fundamentals.", "uses_ai"),
        # AI used to write the software, even with building verbs about the code.
        ("- Comfortable leveraging AI agents to plan, implement, test, and commit code", "uses_ai"),
        ("You want to explore how autonomous agents can improve software design and implementation.", "uses_ai"),
        ("You treat AI as the execution layer while owning the architecture.", "uses_ai"),
    ],
)
def test_dev3_rules(text: str, expected: str) -> None:
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


def test_an_ai_title_keeps_a_text_that_only_asks_to_use_ai_tools() -> None:
    text = "You will ship React Native screens and Node.js APIs. You will use Claude Code daily in your workflow."
    row, _, _ = enrich_posting({"title": "AI Product Engineer", "description": text})
    assert row["role_family"] == "ai_engineer"
    assert row["ai_role"] == "uses_ai"
    row, _, _ = enrich_posting({"title": "AI Product Engineer", "description": "React Native and Node.js."})
    assert row["ai_role"] == "builds_ai"  # nothing in the text: the title decides


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # AI as the instrument of the work: a building verb elsewhere in the sentence has another object.
        ("You will build internal tools using AI.", "uses_ai"),
        ("You should be fluent in using AI and data to automate processes, and build data foundations.", "uses_ai"),
        ("You will design and ship features with the help of AI.", "uses_ai"),
        # ... but AI as the object, a building noun after it, or machine learning named with it still builds.
        ("You will build AI agents that automate workflows using LLMs.", "builds_ai"),
        ("You will build applications using LLMs.", "builds_ai"),
        ("You will build a service using AI models we train.", "builds_ai"),
        ("You will help architect efforts to leverage AI and machine learning to improve underwriting.", "builds_ai"),
        ("You will build forecasting features using AI/machine learning.", "builds_ai"),
        # ... and "we build X using AI" is the company's AI product.
        ("We are building the triage platform using AI and we are looking for engineers.", "builds_ai"),
    ],
)
def test_ai_as_instrument(text: str, expected: str) -> None:
    assert role(text) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # AI in a non-technical job's title names what the job works on, not what it builds.
        ("Experience: 3+ years in strategy consulting.", "Applied AI Strategist", "boilerplate"),
        ("You will sell our platform to enterprises. 5+ years of SaaS sales.", "AI Sales Lead", "boilerplate"),
        ("You will sell our platform. You use ChatGPT and AI tools daily.", "AI Sales Lead", "uses_ai"),
        ("You will fine-tune LLMs for clients.", "AI Strategist", "builds_ai"),
        # A technical word in the same job name, or listed jobs each with their own name, keep builds_ai.
        ("Demo our product.", "Sales Engineer, AI", "builds_ai"),
        ("We ship weekly.", "Machine Learning, DevOps, Sales", "builds_ai"),
        ("We ship weekly.", "AI Engineer + Account Executive", "builds_ai"),
        # In a non-technical job's posting an AI word asked with no building verb is knowledge (uses_ai) or the
        # job's scope (boilerplate); jobs named in the sentence, or a building verb, keep builds_ai.
        ("Graph databases and machine learning a plus.", "Product Manager", "uses_ai"),
        ("In this role you will shape the platform services and AI capabilities that power our suite.",
         "Product Manager", "boilerplate"),
        ("Looking for engineers, designers and PMs well versed in machine learning.", "Product Designer", "builds_ai"),
        ("You will train machine learning models with the data team.", "Product Manager", "builds_ai"),
        ("Graph databases and machine learning a plus.", "Backend Engineer", "builds_ai"),
        # A customer-facing engineer title is not a technical one.
        ("Bonus: experience with agentic AI workflows.", "Customer Success Engineer", "uses_ai"),
        ("Open roles:\n- Customer Success Engineer (AI Data Migration)\n- Office Manager", None, "boilerplate"),
        # A listed job and a header field follow the same rule; "as an AI strategist" is the job, not a skill.
        ("Open roles:\n- AI Sales Lead (Berlin)\n- Office Manager", None, "boilerplate"),
        ("Zentro | AI Product Marketing Manager | Remote\nWe ship weekly.", None, "boilerplate"),
        ("Zentro | Applied AI Engineer | Remote\nWe ship weekly.", None, "builds_ai"),
        ("You have worked as an AI strategist before.", None, "boilerplate"),
    ],
)  # fmt: skip
def test_non_technical_jobs(text: str, title: str | None, expected: str) -> None:
    assert role(text, title) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # Knowledge asked is AI literacy (guide rule 5); knowledge and experience, or a knowledge graph, still build.
        ("Requirements:\n- Statistics and machine learning knowledge", "Analytics Engineer", "uses_ai"),
        ("Tu as une connaissance du Machine Learning.", "Analytics Engineer", "uses_ai"),
        ("Knowledge and experience with machine learning is a plus.", "Backend Engineer", "builds_ai"),
        ("Requirements:\n- LLMs and knowledge graphs", "Backend Engineer", "builds_ai"),
        # Korean candidate cues ("experience ... would be nice").
        ("- 우리 데이터를 AI 가 잘 이해하도록 만드는 작업 경험이 있으면 좋아요.", None, "builds_ai"),
        ("- 회사는 AI 제품을 만듭니다.", None, "boilerplate"),
        # "now hiring engineers to help us with ... AI inference": the hire's work.
        ("We are now hiring engineers to help us with our Postgres and AI inference products.", None, "builds_ai"),
    ],
)  # fmt: skip
def test_what_is_asked(text: str, title: str | None, expected: str) -> None:
    assert role(text, title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An experience given to customers is not one asked of the hire.
        ("Software, AI and LLMs give us the chance to craft a seamless experience for our customers.", "boilerplate"),
        # A founder's bio is the company's; "he or she" is the hire.
        ("Our CTO is an AI researcher. His research includes vector search and FAISS.", "boilerplate"),
        ("He or she will build RAG pipelines.", "builds_ai"),
        # The field right after the company's in a header, naming no job while a later field does: the domain.
        ("Zentro | logistics, routing, machine learning | Remote | Product Manager\nWe ship.", "boilerplate"),
        ("Zentro | Full-Stack Engineer | Remote | TypeScript / React / AI\nWe ship weekly.", "builds_ai"),
        # Work on "our AI features" (the AI itself) builds; work on "our AI-powered platform" does not.
        ("We are looking for a backend engineer, with the option to work on our AI features.", "builds_ai"),
        ("We are looking for a backend engineer to work on our AI-powered platform.", "boilerplate"),
        # A director of an AI field named at a line start is a listed job.
        ("Open roles:\n* Director of Data Science and Machine Learning - the team is central to us\n* Office Manager",
         "builds_ai"),
    ],
)  # fmt: skip
def test_company_text_and_the_role(text: str, expected: str) -> None:
    assert role(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # AI jobs of the people the hire works with or for are not the hire's work ...
        ("We are looking for an engineer to build apps used by our machine learning researchers.", "boilerplate"),
        ("You will collaborate with data processing, and ML & product engineers at Zentro.", "boilerplate"),
        ("- Supporting data consumers (ML engineers, analysts, stakeholders) with requirements", "boilerplate"),
        # ... unless asked as experience; jobs hired for stay the hire's.
        ("Bonus: experience working with ML engineers.", "uses_ai"),
        ("We are hiring for several roles: backend engineers, machine learning engineers.", "builds_ai"),
    ],
)
def test_colleagues(text: str, expected: str) -> None:
    assert role(text) == expected


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


def test_a_company_sentence_naming_jobs_is_not_a_role_line() -> None:
    # "engineers" makes the line look like a job name; its words before the AI word speak of the company.
    text = "Zentro builds AI agents for architects and engineers.\nWe are hiring a backend engineer (Go, Postgres)."
    assert role(text) == "boilerplate"
    assert role("Open roles:\n- AI Agent Engineers (Berlin)\n- Office Manager") == "builds_ai"


# ------------------------------------------------------------------------------------------------ section lookup

_CUES = load_cues()
_HEADING_STARTS = {k: tuple(h for h, _, _ in v) for k, v in _CUES.headings.items()}


def _old_heading(doc: AiText, start: int) -> tuple[str, bool] | None:
    """The heading test before `cues.heading_line_re` (the reference): a cheap first test on the line's lead and
    first word, then `_line_heading`."""
    low = doc.low
    end = low.find("\n", start)
    if end == -1:
        end = len(low)
    head = low[start : min(end, start + _MAX_HEADING_LEAD + 1)]
    pos = start + len(head) - len(head.lstrip(_HEADING_LEAD))
    if pos - start > _MAX_HEADING_LEAD or pos == end:
        return None
    if low[pos].isascii():
        space = low.find(" ", pos, end)
        first = low[pos : space if space != -1 else end].rstrip(":：")
        if first != "about" and not low.startswith(_HEADING_STARTS.get(first, ()), pos, end):
            return None
    return _line_heading(low[start:end], doc.cues.headings)


def _old_section_of_line(doc: AiText, start: int, after: dict[int, str | None]) -> str | None:
    """The section lookup before `cues.heading_line_re` (the reference): walk back line by line, testing each."""
    low = doc.low
    found = _old_heading(doc, start)
    if found is not None:
        return found[0]
    walked: list[int] = []
    kind: str | None = None
    while start > 0:
        start = low.rfind("\n", 0, start - 1) + 1
        if start in after:
            kind = after[start]
            break
        walked.append(start)
        found = _old_heading(doc, start)
        if found is not None and not found[1]:
            kind = found[0]
            break
    for line in walked:
        after[line] = kind
    return kind


_ALL_HEADINGS = sorted({h for entries in _CUES.headings.values() for h, _, _ in entries})
_LINE_HEADS = [
    *_ALL_HEADINGS, "about", "about acme", "ai-powered", "ai/ml", "data pipelines", "requirementsx", "you",
    "experience in go", "福利好", "、熟悉", "【岗位职责】", "über uns", "“requirements”", "the", "",
]  # fmt: skip
_LINE_TAILS = [
    "", ":", " :", "::", "：", ": python, sql, dbt", "\r", "\t", "  ", " and more", ": " + "x" * 45,
    " (remote, part time, any time zone works)", "s", "_x", ", then", " 任职要求",
]  # fmt: skip
_LINES = st.one_of(
    st.tuples(
        st.text(alphabet=_HEADING_LEAD, max_size=10), st.sampled_from(_LINE_HEADS), st.sampled_from(_LINE_TAILS)
    ).map("".join),
    st.text(alphabet="abeiortuy :：'’-/\t\r•·#1.)、岗位职责福利", max_size=30),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_section_lookup_equals_the_line_walk(lines: list[str], rnd: random.Random) -> None:
    low = "\n".join(lines)
    doc = AiText(low, low, " " + low + " ", "", _CUES)
    starts = [0, *(i + 1 for i, c in enumerate(low) if c == "\n")]
    for start in starts:  # the regex pre-test lets every heading line through
        assert doc._heading(start) == _old_heading(doc, start)
    rnd.shuffle(starts)  # memoised lookups in any order
    after: dict[int, str | None] = {}
    for start in starts:
        assert doc.section_at(start) == _old_section_of_line(doc, start, after)


# ------------------------------------------------------------------------------------------------ ignore headings

_IGNORE_WORDS = [*WORDS, "\nSimilar jobs\n", "More jobs:", "other jobs", "\nRelated jobs:\n", "jobs"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_IGNORE_WORDS), max_size=40).map(" ".join))
def test_the_tagger_mentions_and_a_self_scan_agree(text: str) -> None:
    # With the tagger's mention hits, `assess` skips section lookups for `ignored` when no ignore heading's words
    # occur in the text; scanning for mentions itself, it always looks them up: both must agree.
    tagger = default_tagger()
    body = strip_html(text)
    low, scan, _, ai_hits, mentions = tagger._scan(body)
    cues = tagger._ai_cues
    with_hits = assess(AiText(body, low, scan, "", cues), ai_hits, mentions=mentions)
    assert with_hits == assess(AiText(body, low, scan, "", cues), ai_hits, mentions=None)
