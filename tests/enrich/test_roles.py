"""Role family and seniority: one example per rule group, context tie-breaks, seniority, rule checks."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich import roles
from jobshift.enrich.roles import ROLE_FAMILIES, SENIORITIES, RoleTag, classify_role, parse_rules


@pytest.mark.parametrize(
    ("title", "family"),
    [
        # AI families
        ("Senior Machine Learning Engineer", "ai_engineer"),
        ("AI Engineer", "ai_engineer"),
        ("LLM Engineer (Agents)", "ai_engineer"),
        ("Generative AI Developer", "ai_engineer"),
        ("Software Engineer, AI", "ai_engineer"),
        ("Backend Engineer - LLM Applications", "ai_engineer"),
        ("Backend Engineer - LLM Platform Team", "ml_infra_engineer"),
        ("Prompt Engineer", "ai_engineer"),
        ("Head of AI", "ai_engineer"),
        ("Senior Manager, Machine Learning Engineering", "ai_engineer"),
        ("Computer Vision Architect", "ai_engineer"),
        ("MLOps Engineer", "ml_infra_engineer"),
        ("Inference Engineer", "ml_infra_engineer"),
        ("ML Platform Engineer", "ml_infra_engineer"),
        ("Machine Learning Infrastructure Engineer", "ml_infra_engineer"),
        ("Infrastructure Engineer, ML", "ml_infra_engineer"),
        ("GPU Kernel Engineer", "ml_infra_engineer"),
        ("Research Scientist, NLP", "applied_research_scientist"),
        ("Machine Learning Scientist", "applied_research_scientist"),
        ("Applied Scientist II", "applied_research_scientist"),
        ("AI Researcher", "applied_research_scientist"),
        ("AI Product Manager", "ai_adjacent"),
        ("Product Manager, Generative AI", "ai_adjacent"),
        ("ML Data Engineer", "ai_adjacent"),
        ("Data Annotation Specialist", "ai_adjacent"),
        ("AI Trainer - Mathematics", "ai_adjacent"),
        ("AI Strategy Consultant", "ai_adjacent"),
        # leadership
        ("VP of Sales", "sales_marketing"),  # a leader of a named function stays in its family
        ("Head of Engineering", "software_engineer"),
        ("Vice President", "management"),
        ("Director of Finance", "other"),
        ("Chief Operating Officer", "management"),
        ("Chief Operating Officer", "management"),
        # a manager / director / supervisor of a named function stays in that function's family (labelling guide)
        ("Engineering Manager", "software_engineer"),
        ("Director, Data Science", "data_scientist_analyst"),
        ("Supervisor, Advanced Research Data Services", "data_scientist_analyst"),
        ("Shift Supervisor", "management"),
        ("Co-founder & CTO", "management"),
        # non-engineering functions
        ("QA Engineer", "qa_testing"),
        ("SDET II", "qa_testing"),
        ("Manual Tester", "qa_testing"),
        ("Technical Recruiter", "recruiting_hr"),
        ("HR Business Partner", "recruiting_hr"),
        ("Talent Acquisition Lead", "recruiting_hr"),
        ("Customer Support Specialist", "customer_support"),
        ("Technical Support Engineer", "customer_support"),
        ("Help Desk Analyst", "customer_support"),
        ("Customer Success Manager", "customer_support"),
        ("Copywriter", "content_writing"),
        ("Technical Writer", "content_writing"),
        ("Content Editor", "content_writing"),
        ("Account Executive", "sales_marketing"),
        ("Sales Development Representative", "sales_marketing"),
        ("Growth Marketing Manager", "sales_marketing"),
        ("Solutions Engineer", "sales_marketing"),
        ("Data Entry Clerk", "data_entry_ops"),
        ("Administrative Assistant", "data_entry_ops"),
        ("Content Moderator", "data_entry_ops"),
        # tech functions
        ("Product Manager", "other_tech"),
        ("Data Engineer", "data_scientist_analyst"),
        ("Senior Data Scientist", "data_scientist_analyst"),
        ("Business Intelligence Analyst", "data_scientist_analyst"),
        ("Analytics Engineer", "data_scientist_analyst"),
        ("Manager, Data Engineering", "data_scientist_analyst"),
        ("Site Reliability Engineer", "other_tech"),
        ("Senior DevOps Engineer", "other_tech"),
        ("Security Analyst", "other_tech"),
        ("Product Designer", "other_tech"),
        ("Database Administrator", "other_tech"),
        ("Data Center Technician", "other_tech"),
        ("Mechanical Design Engineer", "other"),
        ("Founding Engineer", "software_engineer"),
        ("Senior Software Engineer", "software_engineer"),
        ("Backend Engineer", "software_engineer"),
        ("iOS Developer", "software_engineer"),
        (".NET Engineer", "software_engineer"),
        ("Member of Technical Staff", "software_engineer"),
        ("Research Engineer", "software_engineer"),
        ("Research Scientist", "other"),
        ("Medical Laboratory Scientist (MLS)", "other"),
        ("Registered Nurse", "other"),
        ("Remote (US)", "other"),
    ],
)
def test_title_family(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


def test_result_type_and_vocabularies() -> None:
    tag = classify_role("Senior ML Engineer")
    assert isinstance(tag, RoleTag)
    assert tag.role_family in ROLE_FAMILIES
    assert tag.seniority in SENIORITIES
    assert "ai_engineer_prefix" in tag.evidence and "ML Engineer" in tag.evidence


def test_families_match_metrics_model() -> None:
    from jobshift.metrics.model import ROLE_FAMILIES as METRIC_FAMILIES

    assert ROLE_FAMILIES == METRIC_FAMILIES


@pytest.mark.parametrize("title", [None, "", "   "])
def test_no_title(title: str | None) -> None:
    tag = classify_role(title)
    assert tag.role_family == "other"
    assert tag.seniority is None


def test_html_entities_in_title() -> None:
    assert classify_role("Research &amp; ML Engineer").role_family == "ai_engineer"
    assert classify_role("<b>Data Scientist</b>").role_family == "data_scientist_analyst"


# ----------------------------------------------------------------------------------- several roles


def test_multi_role_title_picks_most_ai_specific_and_says_so() -> None:
    tag = classify_role("Senior Backend Engineer, ML Engineer")
    assert tag.role_family == "ai_engineer"
    assert "most AI-specific" in tag.evidence
    assert "software_engineer" in tag.evidence


def test_multi_role_data_and_ml() -> None:
    tag = classify_role("Data Engineer / Machine Learning Engineer")
    assert tag.role_family == "ai_engineer"
    assert "data_scientist_analyst" in tag.evidence


def test_several_non_ai_roles_take_the_first_listed() -> None:
    tag = classify_role("Senior Fullstack Engineer / Project Manager")
    assert tag.role_family == "software_engineer"
    assert "first listed" in tag.evidence and "management" in tag.evidence
    assert classify_role("Engineers & PMs").role_family == "software_engineer"
    assert classify_role("Customer Support Agent, Data Entry Clerk").role_family == "customer_support"


def test_context_of_a_second_role_does_not_make_the_title_ai() -> None:
    assert classify_role("Software Engineers & PM", "", ["llm", "ai_agents"]).role_family == "software_engineer"


def test_single_role_with_ai_qualifier_is_not_reported_as_several() -> None:
    tag = classify_role("Software Engineer, AI")
    assert tag.role_family == "ai_engineer"
    assert "several roles" not in tag.evidence


# ----------------------------------------------------------------------------------- context tie-breaks


def test_data_engineer_for_ai_products_from_skills() -> None:
    tag = classify_role("Data Engineer", "Build pipelines.", ["python", "llm", "rag", "langchain"])
    assert tag.role_family == "ai_adjacent"
    assert "genai" in tag.evidence


def test_one_llm_skill_does_not_make_a_data_role_ai_adjacent() -> None:
    # 2026 analytics postings often ask for LLM tooling in the workflow; the data work is not FOR AI.
    assert classify_role("Analytics Engineer", "Build pipelines.", ["python", "llm"]).role_family == (
        "data_scientist_analyst"
    )


def test_data_engineer_for_ai_products_from_text() -> None:
    text = "You will build the retrieval pipeline (RAG) and embeddings store behind our LLM assistant."
    assert classify_role("Data Engineer", text).role_family == "ai_adjacent"


def test_data_engineer_with_classic_ml_only_stays_data() -> None:
    text = "Maintain the warehouse that feeds our machine learning models. PyTorch a plus."
    assert classify_role("Data Engineer", text, ["pytorch"]).role_family == "data_scientist_analyst"


def test_data_engineer_with_one_llm_mention_stays_data() -> None:
    assert classify_role("Data Engineer", "We are an LLM-curious team.").role_family == "data_scientist_analyst"


def test_product_manager_for_ai_product() -> None:
    assert classify_role("Product Manager", "", ["generative_ai"]).role_family == "ai_adjacent"
    assert classify_role("Product Manager", "Own our billing product.").role_family == "other_tech"


def test_research_scientist_context() -> None:
    assert classify_role("Research Scientist", "Train models in PyTorch.").role_family == "applied_research_scientist"
    assert classify_role("Research Scientist", "", ["jax"]).role_family == "applied_research_scientist"
    assert classify_role("Research Scientist", "Wet-lab assays and cell culture.").role_family == "other"


def test_generic_engineer_needs_strong_genai_context() -> None:
    assert classify_role("Founding Engineer", "", ["llm", "rag", "langchain"]).role_family == "ai_engineer"
    assert classify_role("Founding Engineer", "", ["llm", "ai_agents"]).role_family == "software_engineer"
    text = "Ship agentic workflows: LLM orchestration, RAG, evals and fine-tuning."
    tag = classify_role("Software Engineer", text)
    assert tag.role_family == "ai_engineer"
    assert "genai_work context (genai text cues" in tag.evidence


def test_vendor_names_alone_are_not_genai_context() -> None:
    text = "We use Claude and OpenAI tools daily; Anthropic and ChatGPT too."
    assert classify_role("Software Engineer", text).role_family == "software_engineer"


def test_specialised_engineer_ignores_context() -> None:
    assert classify_role("Backend Engineer", "", ["llm", "rag", "langchain"]).role_family == "software_engineer"


def test_platform_engineer_with_gpu_skills_is_ml_infra() -> None:
    assert classify_role("Platform Engineer", "", ["kubernetes", "cuda"]).role_family == "ml_infra_engineer"
    text = "Operate GPU clusters for model inference with vLLM."
    assert classify_role("Infrastructure Engineer", text).role_family == "ml_infra_engineer"
    assert classify_role("Platform Engineer", "", ["kubernetes"]).role_family == "other_tech"


def test_skill_ids_are_normalised() -> None:
    assert classify_role("Product Manager", "", ["Generative-AI"]).role_family == "ai_adjacent"


# ----------------------------------------------------------------------------------- seniority


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Software Engineering Intern", "intern"),
        ("Data Science Co-op", "intern"),
        ("Graduate Intern, Analytics", "intern"),
        ("Junior Developer", "junior"),
        ("Jr. Data Analyst", "junior"),
        ("Entry Level Support Agent", "junior"),
        ("Associate Data Scientist", "junior"),
        ("Software Engineer I", "junior"),
        ("Software Engineer II", "mid"),
        ("Mid-level Backend Engineer", "mid"),
        ("Senior Data Engineer", "senior"),
        ("Sr. Software Engineer", "senior"),
        ("Lead Machine Learning Engineer", "senior"),
        ("Data Analyst III", "senior"),
        ("Staff Software Engineer", "staff"),
        ("Senior Staff ML Engineer", "staff"),
        ("Principal Engineer", "principal"),
        ("Engineering Manager", "manager"),
        ("Manager, Data Engineering", "manager"),
        ("Senior Manager, Analytics", "manager"),
        ("Director of Engineering", "director"),
        ("Head of Data", "director"),
        ("Associate Director, Data Science", "director"),
        ("VP Engineering", "exec"),
        ("Chief Technology Officer", "exec"),
        ("CTO", "exec"),
    ],
)
def test_seniority_from_title(title: str, level: str) -> None:
    assert classify_role(title).seniority == level


@pytest.mark.parametrize(
    "title",
    [
        "Product Manager",
        "Project Manager",
        "Account Manager",
        "Member of Technical Staff",
        "Data Entry Clerk",
        "Mid-Senior Backend Engineer",
    ],
)
def test_not_seniority_words(title: str) -> None:
    assert classify_role(title).seniority in (None, "senior")


def test_mid_senior_is_senior() -> None:
    assert classify_role("Mid-Senior Backend Engineer").seniority == "senior"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("You have 1+ years of experience with SQL.", "junior"),
        ("3-5 years of professional experience", "mid"),
        ("At least 6 years of hands-on experience", "senior"),
        ("12+ years experience leading teams", "staff"),
    ],
)
def test_seniority_from_years_in_text(text: str, level: str) -> None:
    tag = classify_role("Software Engineer", text)
    assert tag.seniority == level
    assert "seniority from text" in tag.evidence


def test_title_seniority_beats_text_years() -> None:
    assert classify_role("Junior Developer", "8+ years of experience").seniority == "junior"


def test_unknown_seniority_is_none() -> None:
    assert classify_role("Software Engineer", "Founded 10 years ago, we build tools.").seniority is None
    assert classify_role("Data Scientist").seniority is None


# ----------------------------------------------------------------------------------- rules as data


def _raw_rules() -> dict[str, Any]:
    from importlib import resources

    loaded: dict[str, Any] = yaml.safe_load(
        resources.files("jobshift").joinpath("data/roles.yaml").read_text(encoding="utf-8")
    )
    return loaded


def test_rule_file_parses() -> None:
    parsed = parse_rules(_raw_rules())
    assert parsed.groups
    assert {g.family for g in parsed.groups} <= set(ROLE_FAMILIES)


def test_rule_file_rejects_unknown_family() -> None:
    raw = _raw_rules()
    raw["groups"][0]["family"] = "wizard"
    with pytest.raises(ValueError, match="unknown family"):
        parse_rules(raw)


def test_rule_file_rejects_pattern_without_keyword() -> None:
    raw = _raw_rules()
    raw["groups"][0]["patterns"].append(r"\bzzz\b")
    with pytest.raises(ValueError, match="keywords"):
        parse_rules(raw)


def test_rule_file_rejects_upper_case_pattern() -> None:
    raw = _raw_rules()
    raw["groups"][0]["patterns"].append(r"\bOPS\b")
    with pytest.raises(ValueError, match="lower-case"):
        parse_rules(raw)


_WORDS = [
    "senior",
    "staff",
    "principal",
    "lead",
    "junior",
    "intern",
    "head",
    "of",
    "vp",
    "director",
    "manager",
    "ml",
    "ai",
    "machine",
    "learning",
    "llm",
    "genai",
    "data",
    "engineer",
    "engineering",
    "scientist",
    "research",
    "analyst",
    "product",
    "software",
    "backend",
    "full-stack",
    "platform",
    "infrastructure",
    "mlops",
    "devops",
    "sre",
    "security",
    "support",
    "customer",
    "sales",
    "account",
    "executive",
    "marketing",
    "writer",
    "copywriter",
    "qa",
    "test",
    "recruiter",
    "hr",
    "entry",
    "clerk",
    "designer",
    "founding",
    "applied",
    "gpu",
    "inference",
    "annotation",
    "center",
    "database",
    "administrator",
    "ii",
    "III",
    "I",
    "IT",
    "PM",
    "MTS",
    "&",
    ",",
    "/",
    "-",
    "(",
    ")",
    "and",
    "or",
    "nlp",
    "computer",
    "vision",
    "prompt",
    "agent",
    "technician",
    "mechanical",
    "medical",
    "laboratory",
    "co-op",
    "chief",
    "officer",
    "cto",
    "associate",
    "mid-level",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=7))
def test_keyword_prefilter_never_changes_a_result(words: list[str]) -> None:
    title = roles._clean_title(" ".join(words))
    fast, full = roles._match_title(title, True), roles._match_title(title, False)
    assert (fast.group and fast.group.id) == (full.group and full.group.id)
    assert fast.seniority == full.seniority
    assert fast.passed_over == full.passed_over


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.one_of(st.none(), st.text(max_size=300)), st.lists(st.text(max_size=12)))
def test_never_raises(title: str, text: str | None, skills: list[str]) -> None:
    tag = classify_role(title, text, skills)
    assert tag.role_family in ROLE_FAMILIES
    assert tag.seniority is None or tag.seniority in SENIORITIES


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        (None, "Acme | Remote\nWe're hiring iOS and Android engineers to build our app.", "software_engineer"),
        (None, "Acme is growing.\nLooking for: Senior Data Scientist (NLP optional).", "data_scientist_analyst"),
        ("VoiceCo", "We are a voice startup.\nHiring: Senior Backend Engineer.", "software_engineer"),
        # A sentence about the company is not a role, only a hiring sentence or a short line is.
        (None, "We help sales teams close more deals with better forecasting and planning tools for all.", "other"),
    ],
)
def test_role_named_in_the_text_when_there_is_no_title(title: str | None, text: str, family: str) -> None:
    tag = classify_role(title, text)
    assert tag.role_family == family
    if family != "other":
        assert "role named in the text" in tag.evidence


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Project Architect", "other"),
        ("Landscape Architect", "other"),
        ("Software Architect", "other_tech"),
        ("Technician", "other"),
        ("Network Technician", "other_tech"),
        ("Project Engineer", "other"),
        ("Senior MLE", "ai_engineer"),
        ("Faculty/Professors in AI", "applied_research_scientist"),
        ("Growth Analyst / Data Scientist", "data_scientist_analyst"),
        ("Founding Engineer (Distributed Systems)", "software_engineer"),
    ],
)
def test_title_rules_added_after_the_first_evaluation(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


# ----------------------------------------------------------------------------------- rules added in the issue #4 round


@pytest.mark.parametrize(
    ("title", "family"),
    [
        # "data-driven" is an adjective, not a data role; a data role stays one.
        ("Data-driven Engineers", "software_engineer"),
        ("Data Engineer", "data_scientist_analyst"),
        # infrastructure for ML named after the engineering title; ML alone stays ai_engineer.
        ("Software Engineer - Infrastructure, Machine Learning", "ml_infra_engineer"),
        ("Software Engineer - Machine Learning", "ai_engineer"),
        # building agents; other agents are not AI.
        ("Senior Software Engineer, Agents", "ai_engineer"),
        ("Customer Service Agent", "customer_support"),
        ("Insurance Agent", "sales_marketing"),
        # people operations in any wording.
        ("People and Office Operations", "recruiting_hr"),
        ("People & Culture Manager", "recruiting_hr"),
        # "social security" is not IT security.
        ("Social Security Specialist", "other"),
        ("Security Engineer", "other_tech"),
        # fundraising, SEO and financial-product sales are sales_marketing.
        ("Resource Development Associate Director", "sales_marketing"),
        ("Fundraising Manager", "sales_marketing"),
        ("Search Engine Optimization Manager", "sales_marketing"),
        ("Financial Services Representative", "sales_marketing"),
        ("Software Development Engineer", "software_engineer"),
        ("Search Engineer", "software_engineer"),
        # analytical engineers are analytics engineers.
        ("Senior Analytical Engineer", "data_scientist_analyst"),
        # a (founding) systems engineer builds systems software (see test_systems_engineer_builds_systems_software).
        ("Founding Systems Engineer", "software_engineer"),
        ("Systems Engineer", "software_engineer"),
        # IT operations.
        ("Data Solutions Production Support Manager", "other_tech"),
        ("Customer Support Manager", "customer_support"),
        ("Linux System Administrator", "other_tech"),
        # teaching is other; AI tutors and AI professors stay in the AI families.
        ("Kids Coding Instructors", "other"),
        ("Math Teacher", "other"),
        ("AI Tutor", "ai_adjacent"),
        ("Professor of Machine Learning", "applied_research_scientist"),
        # the head noun of "Data Science Software Engineer" is software engineer.
        ("Data Science Software Engineer", "software_engineer"),
        ("Data Scientist", "data_scientist_analyst"),
        # a department, a dash, then the role: the role wins; an elliptical list keeps the first listed.
        ("Marketing & Communications – Content Writer Internship", "content_writing"),
        ("Senior Backend / Frontend / Android / QA", "software_engineer"),
        ("Engineers / Marketing / Various", "software_engineer"),
    ],
)
def test_title_rules_added_for_issue_4(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


def test_hpc_system_administrator_is_it_even_on_gpu_clusters() -> None:
    skills = ["gpu_clusters", "slurm"]
    assert classify_role("Senior HPC System Administrator", "", skills).role_family == "other_tech"
    assert classify_role("HPC Engineer", "", skills).role_family == "ml_infra_engineer"


def test_product_marketing_for_ai_product() -> None:
    assert classify_role("Product Marketing Manager", "", ["generative_ai"]).role_family == "ai_adjacent"
    assert classify_role("Product Marketing Manager", "Launch our billing product.").role_family == "sales_marketing"


def test_spellings_of_one_concept_count_once() -> None:
    # "agentic" + "AI agents" and "LLM" + "large language models" are two concepts, not four cues.
    two = "Agentic workflows and AI agents; LLM tooling for large language models."
    assert classify_role("Data Engineer", two).role_family == "data_scientist_analyst"
    three = "Agentic workflows, LLM tooling and a RAG pipeline."
    assert classify_role("Data Engineer", three).role_family == "ai_adjacent"


def test_prose_title_is_not_a_title() -> None:
    title = "I'm Jo, founder of Acme. We're building the tool for architects"
    tag = classify_role(title, "Acme | Remote\nWe're hiring a Senior Backend Engineer to own our API.")
    assert tag.role_family == "software_engineer"
    assert "title is prose" in tag.evidence
    assert classify_role("Founder's Associate").role_family != "other"  # short titles are never prose


def test_title_cut_short_is_extended_from_the_header_line() -> None:
    text = "Acme | Staff Software Engineer - Infrastructure, Machine Learning | SF\nWe move freight."
    assert classify_role("Staff Software Engineer", text).role_family == "ml_infra_engineer"
    text = "Title: Knowledge Engineer II (Native AI Software Engineer)\nCompany: Acme"
    assert classify_role("Knowledge Engineer II", text).role_family == "ai_engineer"
    # the tail stops at the company ("... at Acme AI") and at the next header field.
    text = "Member of Technical Staff, Product (full-time) at Acme AI | YC"
    assert classify_role("Member of Technical Staff", text).role_family == "software_engineer"
    text = "Acme | Backend Engineer | Remote - ML optional"
    assert classify_role("Backend Engineer", text).role_family == "software_engineer"


def test_header_field_that_is_no_role_gives_way_to_the_text() -> None:
    text = "Acme | Full-Time | AI Industry\n1. Senior Platform Engineer | 160k\n2. Designer"
    tag = classify_role("AI Industry", text)
    assert tag.role_family == "other_tech"
    assert "no role noun in the title" in tag.evidence
    assert classify_role("AI Industry", "We sell AI.").role_family == "ai_adjacent"  # nothing better in the text


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a list item anywhere in the head
        (
            "Acme | Remote\nWe build voice software for call centres and more.\nOpen roles below.\n\n"
            "We love our customers.\n>> Senior Software Engineer, Agents:\nhttps://jobs.example.com/1",
            "ai_engineer",
        ),
        # the role words of a job ad's address
        (
            "Acme | Remote | Full-time\nWe make PDF tools.\nSee https://acme.com/jobs/senior-frontend-web-engineer/",
            "software_engineer",
        ),
        # the first header field is the company, even when its name is a role word
        ("Architect Labs | Chicago | Onsite\nWe are looking to hire backend developers.", "software_engineer"),
        # an address without role words names nothing
        ("Acme | Remote\nWe make PDF tools.\nSee https://acme.com/jobs/4802989007", "other"),
    ],
)
def test_more_ways_the_text_names_a_role(text: str, family: str) -> None:
    assert classify_role(None, text).role_family == family


# ----------------------------------------------------------------------------------- dev set 2 rules (issue #4)


def test_generic_engineer_whose_own_work_builds_ai() -> None:
    """A build verb opening a line (or after "you'll" / "engineers to") whose object is an AI system."""
    for text in (
        "What you'll do:\nBuild and scale our AI agent platform and internal tools\nOwn backend services",
        "You:\n- Build real-time infringer detection (scraping + AI)",
        "Acme is hiring engineers to build self-improving agents for hospitals.",
        "You will design and train deep learning models for radiology.",
        "Example work: Build a new core workflow end to end across agent runtime and product UI.",
    ):
        tag = classify_role("Founding Engineer", text)
        assert tag.role_family == "ai_engineer", text
        assert "role work builds AI" in tag.evidence
    for text in (
        "Our platform is AI-powered.\nBuild the billing backend in Go.",  # AI is the company's
        "You'll design biostatistical plans for AI validation studies.",  # AI is the purpose, not the object
        "Build internal tools with AI coding assistants.",  # AI is the tool
        "- Design Engineer & AI Deployment roles",  # a listed role, not a verb
        "We build agents that companies deploy.",  # the company's work, not the role's
    ):
        assert classify_role("Software Engineer", text).role_family == "software_engineer", text
    # specialised titles are not affected
    assert classify_role("Backend Engineer", "Build our LLM agents.").role_family == "software_engineer"
    # an engineer named by a (non-AI) stack is specialised too: other listed roles' LLM skills do not count
    stack = "Senior Engineers (Kotlin/Java/React/Typescript)"
    assert classify_role(stack, "", ["llm", "rag", "langchain"]).role_family == "software_engineer"
    assert classify_role("Senior + Staff Engineers (Elixir, React, ML/AI)").role_family == "ai_engineer"


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Staff Eng (AI), Lead Eng (Backend), Lead Eng (Data)", "ai_engineer"),  # "Eng" abbreviates engineer
        ("AI, Fullstack, Frontend, Platform, Data, Product Engineers", "ai_engineer"),  # shared role noun
        ("Multiple Roles- Eng, SRE, Analytics", "software_engineer"),  # first listed role, "Eng"
        ("SDE / SysDE / Research/Data Scientist", "software_engineer"),  # SDE = software development engineer
        ("Quant Dev", "software_engineer"),
        ("Web Dev", "software_engineer"),
        ("Business Dev Manager", "sales_marketing"),
        ("Quantitative Developer", "software_engineer"),
        ("Quant Researcher", "data_scientist_analyst"),
        ("SAP FICO – AMS Consultant", "other_tech"),
        ("FP&A Analyst", "other"),
        ("Senior Financial Analyst", "other"),
        ("Medical Coder", "other"),
        ("Electrical and Instrumentation Technician", "other"),
        ("Validation Engineer, Labware LIMS", "qa_testing"),
        ("Field Operations Specialist", "other"),  # on-site field work, not back-office operations
        ("Operations Specialist", "data_entry_ops"),
        ("Wireless Engineer (SDR)", "software_engineer"),  # a qualifier in parentheses does not replace the head
        ("Engineering Manager (Analytics Product)", "software_engineer"),
        ("Sales Development Representative (SDR)", "sales_marketing"),
        ("Senior Engineer (Data) & Senior Full Stack Engineer", "data_scientist_analyst"),
    ],
)
def test_dev2_title_rules(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


def test_phd_position_is_research() -> None:
    assert classify_role("PhD position", "Deep learning for genomics.").role_family == "applied_research_scientist"
    assert classify_role("PhD Student", "Wet-lab assays.").role_family == "other"


@pytest.mark.parametrize("title", ["RELOCATION SUPPORT", "VISA SPONSORSHIP", "Full-Time or Intern", "Remote / Hybrid"])
def test_header_field_title_is_not_a_role(title: str) -> None:
    text = "Acme | Berlin | VISA SPONSORSHIP | RELOCATION SUPPORT\nWe are hiring:\n1. Senior Go Engineer: build things"
    tag = classify_role(title, text)
    assert tag.role_family == "software_engineer"
    assert "title is a header field" in tag.evidence
    assert classify_role(title).role_family == "other"  # no text: no role at all, not customer_support
    assert classify_role("Support Engineer").role_family == "customer_support"  # a real role keeps its family
    assert classify_role("Remote Support").role_family == "customer_support"


def test_general_title_yields_to_a_role_in_the_text() -> None:
    text = (
        "Nuance Labs | Multiple Engineering Roles | Seattle, WA\nWe build models.\n*We are looking for*:\n"
        "Machine Learning Research Engineer: Bridge the gap between research and production.\n"
    )
    tag = classify_role("Multiple Engineering Roles", text)
    assert tag.role_family == "applied_research_scientist"
    assert "title names roles only in general" in tag.evidence
    assert classify_role("Multiple Engineering Roles", "Great team.").role_family == "software_engineer"


def test_role_in_text_label_line_and_list_item() -> None:
    text = "Acme | Bilbao\nWe are hiring for three core roles:\n1. Senior TypeScript Engineer (SDK): This is not CRUD."
    assert classify_role(None, text).role_family == "software_engineer"
    text = "Acme | Remote\n1.AI Solutions Engineer: You will build production AI applications. Python a plus."
    assert classify_role(None, text).role_family == "ai_engineer"


def test_role_in_text_skips_addresses_and_non_job_words() -> None:
    text = (
        "Architect Financial Technologies | Chicago | Full-time | architect.co\n"
        "Architect recently raised a series A and is looking to fill a number of software engineering roles.\n"
    )
    assert classify_role(None, text).role_family == "software_engineer"
    text = "Ebates | SF\nI lead the iOS team and we're looking to grow the mobile team with iOS and Android engineers."
    assert classify_role(None, text).role_family == "software_engineer"


def test_role_in_text_before_a_field_word() -> None:
    # 'software' is a field the candidate is interested in; the job is the engineering positions before it.
    text = (
        "Acme | Herndon, VA | Multiple Positions | ONSITE\nWe build simulators.\n"
        "On-site, full-time engineering positions available for those interested in software, web and cloud."
    )
    tag = classify_role(None, text)
    assert tag.role_family == "software_engineer"
    assert "engineering" in tag.evidence


def test_title_that_is_the_tail_of_a_list_reads_the_whole_list() -> None:
    text = "Weave (YC W25) Is Hiring ML, Design, and Product Engineers\n\nWeave Jobs"
    assert classify_role("and Product Engineers", text).role_family == "ai_engineer"
    assert classify_role("and Product Engineers").role_family == "software_engineer"  # no header to read
    text = "Acme | Backend, Frontend, and Product Engineers | Remote"
    assert classify_role("and Product Engineers", text).role_family == "software_engineer"


def test_genai_work_join_in_building() -> None:
    text = (
        "Acme | Software Engineer | NYC\nWe are hiring a 2nd engineer to join our CTO in building out an AI "
        "investment stack using Python."
    )
    tag = classify_role("Software Engineer", text)
    assert tag.role_family == "ai_engineer"
    assert "role work builds AI" in tag.evidence
    text = "Acme | Software Engineer | NYC\nJoin our team in building payments infrastructure."
    assert classify_role("Software Engineer", text).role_family == "software_engineer"


def test_genai_work_under_another_roles_heading_is_not_this_roles_work() -> None:
    text = (
        "Acme | SF | Full-Time\nSoftware Engineer, Payments | SF\nYou'll build and scale our payments systems.\n"
        "Software Engineer, Agents | SF https://jobs.example.com/1\nBuild the agentic systems at our core.\n"
    )
    tag = classify_role("Software Engineer", text)
    assert tag.role_family == "software_engineer"
    text = "Acme | Founding Engineer | SF\nFounding Engineer | SF\nBuild the agentic systems at our core.\n"
    assert classify_role("Founding Engineer", text).role_family == "ai_engineer"


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Debug Steering and Capabilities Leader ( Data Center GPU )", "other_tech"),
        ("Senior Datacenter GPU Power Architect", "other_tech"),
        ("Senior Thermal Mechanical Engineer, Data Center GPU", "other"),
        ("GPU Kernel Engineer", "ml_infra_engineer"),
        ("Senior Systems Software Engineer, Data Center - CUDA", "ml_infra_engineer"),
    ],
)
def test_data_center_gpu_is_a_hardware_product_line(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Senior Systems Engineer", "software_engineer"),
        ("Systems Engineers", "software_engineer"),
        ("Systems Engineer, Product Engineer", "software_engineer"),
        ("Electrical / Power Systems Engineer", "other_tech"),
        ("Senior HPC System Administrator", "other_tech"),
    ],
)
def test_systems_engineer_builds_systems_software(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


def test_systems_engineer_on_gpu_inference_work_is_ml_infra() -> None:
    text = "We run GPU clusters for inference with CUDA kernels and vLLM."
    assert classify_role("Senior Systems Engineer", text).role_family == "ml_infra_engineer"


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Interior Designer", "other"),
        ("Technical Designer", "other"),
        ("Dental CAD/CAM Designer", "other"),
        ("Fire Sprinkler Designer", "other"),
        ("Product Designer", "other_tech"),
        ("UX Designer", "other_tech"),
    ],
)
def test_designers_of_buildings_and_garments_are_other(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


# ---------------------------------------------------------------- round 3 (third development set)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("You've built agentic systems that shipped to production.", "ai_engineer"),
        ("We're the Copilot team. Building AI features inside Word and Excel.", "ai_engineer"),
        ("Looking for someone with hands on experience building modern AI systems.", "ai_engineer"),
        ("A product focus, and optionally some experience building LLM based products.", "software_engineer"),
        # "Built on ..." describing the company and "Developers ..." as a noun are not the role's work
        ("Built on a streaming engine, Acme empowers agentic AI for enterprises.", "software_engineer"),
        ("Our platform helps teams ship. Developers transition to AI with our tools.", "software_engineer"),
    ],
)
def test_genai_work_openers(text: str, family: str) -> None:
    assert classify_role("Software Engineer II", text).role_family == family


def test_technical_operations_is_tech_ops_not_an_ai_function() -> None:
    tag = classify_role("AI-Native Technical Operations Lead", "You own CI/CD, QA and testing infrastructure.")
    assert tag.role_family == "other_tech"


def test_coding_agent_alone_does_not_make_an_ai_product_manager() -> None:
    text = "You don't need to be writing code, but you're using your favourite coding agent day to day."
    assert classify_role("Product Manager", text, ["ai_agents"]).role_family == "other_tech"
    assert classify_role("Product Manager", text, ["ai_agents", "llm"]).role_family == "ai_adjacent"


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        ("implementation leads", "We're building AI for large contact centers.", "ai_adjacent"),
        ("Lead Deployment Strategist", "Our AI agents process prior authorizations.", "ai_adjacent"),
        ("Implementation Manager", "You will onboard hospitals onto our scheduling software.", "other_tech"),
        ("Sales Engineer", "Acme is LLM observability: evals and guardrails for RAG apps.", "ai_adjacent"),
        ("Sales Engineer", "Acme sells payroll software to mid-size companies.", "sales_marketing"),
        ("Solutions Architect", "Acme is LLM observability: evals and guardrails for RAG apps.", "other_tech"),
    ],
)
def test_rollout_and_presales_roles_for_an_ai_product_are_ai_adjacent(title: str, text: str, family: str) -> None:
    assert classify_role(title, text).role_family == family


def test_ai_development_title_is_ai_engineering() -> None:
    assert classify_role("AI Development Associate").role_family == "ai_engineer"
    assert classify_role("AI Business Development Manager").role_family != "ai_engineer"


@pytest.mark.parametrize(
    ("title", "text", "family"),
    [
        (
            "Software Engineers, Senior Research Engineer",
            "Build machine learning models for plants.",
            "applied_research_scientist",
        ),
        ("Fullstack & Research Engineers", "We train deep learning models with PyTorch.", "applied_research_scientist"),
        ("Fullstack & Research Engineers", "We build a fast e-commerce search engine.", "software_engineer"),
        # a bare "Scientist" is not an ML research role
        ("Medical Device Engineers + Physician-Scientist", "We use PyTorch and machine learning.", "software_engineer"),
    ],
)
def test_listed_research_role_with_ml_context_is_the_most_ai_specific(title: str, text: str, family: str) -> None:
    assert classify_role(title, text).role_family == family


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Senior Embedded Systems Engineer", "software_engineer"),
        ("Embedded Systems Engineer (Linux)", "software_engineer"),
        ("Power Systems Engineer", "other_tech"),  # unchanged: a field before "Systems" keeps its discipline
    ],
)
def test_embedded_systems_engineer_is_embedded_software(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


@pytest.mark.parametrize("title", ["acme.dev", "https://acme.io", "www.acme.com/"])
def test_title_that_is_a_bare_web_address_names_no_role(title: str) -> None:
    text = f"{title} | Full time | Berlin\nSupport Engineer - debug customer deployments.\n"
    tag = classify_role(title, text)
    assert tag.role_family == "customer_support"
    assert "title is a header field" in tag.evidence


def test_title_that_is_an_address_with_a_job_path_keeps_its_slug() -> None:
    assert classify_role("https://jobs.acme.com/jobs/senior-frontend-engineer").role_family == "software_engineer"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Acme | Boston\nI'm the CEO. If you're a great backend developer with taste, write to me.",
            "software_engineer",
        ),
        (
            "Acme Labs, Boston\nThe lab seeks postdoctoral fellows in machine learning for genomics.",
            "applied_research_scientist",
        ),
    ],
)
def test_role_in_text_after_if_youre_a_and_seeks(text: str, family: str) -> None:
    assert classify_role(None, text).role_family == family


def test_postdoctoral_roles_are_research() -> None:
    assert classify_role("Postdoctoral Fellow, Machine Learning").role_family == "applied_research_scientist"
    assert classify_role("Postdoctoral Researcher", "We study deep learning for protein design.").role_family == (
        "applied_research_scientist"
    )
    assert classify_role("Postdoctoral Fellow", "Wet-lab immunology: flow cytometry, mouse models.").role_family == (
        "other"
    )


def test_position_is_a_role_noun_in_a_header_field() -> None:
    text = "PhD position | Some University | Sweden | ONSITE\nWe develop deep learning models for biology.\n"
    tag = classify_role(None, text)
    assert tag.role_family == "applied_research_scientist"
    assert "PhD position" in tag.evidence


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Senior Data Scientist - Large Language Models", "ai_adjacent"),
        ("Data Engineer, Generative AI", "ai_adjacent"),
        ("Staff Data Scientist - LLM", "ai_adjacent"),
        ("Data Scientist, Machine Learning", "data_scientist_analyst"),  # classic ML: ordinary data science
    ],
)
def test_data_role_titled_for_llm_work_is_ai_adjacent(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Day to day you will:\n- Prototype and optimize deep learning systems\n- Talk to users", "ai_engineer"),
        ("You will:\n- Build NLP models that read contracts", "ai_engineer"),
        ("You will:\n- Build technology to support machine learning algorithms", "software_engineer"),
    ],
)
def test_genai_work_building_ml_systems(text: str, family: str) -> None:
    assert classify_role("Founding Engineer", text).role_family == family


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Document Control Specialist - Data Center", "data_entry_ops"),
        ("Document Controller", "data_entry_ops"),
        ("Datacenter Logistics Assistant", "data_entry_ops"),
        ("Commercial Underwriter Assistant", "data_entry_ops"),
        ("Data Center Technician", "other_tech"),  # unchanged: data-center work itself is IT
    ],
)
def test_back_office_assistants_at_a_data_center_are_clerical(title: str, family: str) -> None:
    assert classify_role(title).role_family == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Acme | Remote\nOpen roles:\n* Senior Manager, Security Engineering - $200k - https://acme.com/j/1\n",
            "other_tech",
        ),
        ("Acme - Redmond, WA\nSenior Manager, Software Development\n\nWe make games.", "software_engineer"),
    ],
)
def test_title_cut_at_a_comma_before_its_function(text: str, family: str) -> None:
    assert classify_role("Senior Manager", text).role_family == family


def test_title_followed_by_a_list_is_not_cut_at_a_comma() -> None:
    tag = classify_role("Managers", "Acme | Boston | Managers, Solutions Consultants, Solutions Architects | ONSITE")
    assert "no rule matched the title; role named in the text" in tag.evidence
