"""Tests for the skill taxonomy, the tagger's context rules, spans, and the two AI flags.

All example texts are written for these tests (none is copied from real postings).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.skills import (
    CATEGORIES,
    SkillTagger,
    TaxonomyError,
    load_taxonomy,
    tag_skills,
)
from jobshift.enrich.text import strip_html

SHARED = Path(
    os.environ.get("JOBSHIFT_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data"
)
ONET_FILE = SHARED / "onet_technology_skills" / "Technology Skills.txt"


def ids(text: str | None, title: str | None = None) -> set[str]:
    return set(tag_skills(text, title).ids())


# ------------------------------------------------------------------------------------------------ taxonomy


def test_taxonomy_size_categories_and_unique_ids() -> None:
    tax = load_taxonomy()
    assert len(tax.skills) >= 400
    assert {s.category for s in tax.skills} == set(CATEGORIES)
    assert len({s.id for s in tax.skills}) == len(tax.skills)
    for s in tax.skills:
        assert re.fullmatch(r"[a-z0-9_]+", s.id)
        assert s.aliases or s.context


@pytest.mark.parametrize(
    "skill_id",
    [
        "llm",
        "generative_ai",
        "prompt_engineering",
        "rag",
        "embeddings",
        "vector_databases",
        "pinecone",
        "weaviate",
        "qdrant",
        "milvus",
        "pgvector",
        "chroma",
        "fine_tuning",
        "rlhf",
        "evals",
        "ai_agents",
        "langchain",
        "llamaindex",
        "openai_api",
        "transformers",
        "diffusion_models",
        "nlp",
        "computer_vision",
    ],
)
def test_required_ai_core_skills(skill_id: str) -> None:
    assert load_taxonomy().by_id()[skill_id].category == "ai_core"


@pytest.mark.parametrize(
    "skill_id",
    [
        "model_serving",
        "inference_optimization",
        "vllm",
        "triton",
        "tensorrt",
        "cuda",
        "gpu_clusters",
        "ray",
        "mlflow",
        "kubeflow",
        "sagemaker",
        "vertex_ai",
    ],
)
def test_required_ml_infra_skills(skill_id: str) -> None:
    assert load_taxonomy().by_id()[skill_id].category == "ml_infra"


def test_kubernetes_is_devops() -> None:
    assert load_taxonomy().by_id()["kubernetes"].category == "devops"


@pytest.mark.parametrize(
    ("alias", "skill_id"),
    [("大模型", "llm"), ("大语言模型", "llm"), ("生成式ai", "generative_ai"), ("智能体", "ai_agents")],
)
def test_chinese_aliases(alias: str, skill_id: str) -> None:
    assert alias in load_taxonomy().by_id()[skill_id].aliases


def test_onet_references_are_well_formed() -> None:
    refs = [s.onet for s in load_taxonomy().skills if s.onet is not None]
    assert len(refs) >= 100
    for ref in refs:
        assert ref.commodity_code is not None and re.fullmatch(r"\d{8}", ref.commodity_code)
    by_id = load_taxonomy().by_id()
    assert by_id["python"].onet is not None and by_id["python"].onet.hot
    assert by_id["kubernetes"].onet is not None and by_id["kubernetes"].onet.example == "Kubernetes"


@pytest.mark.skipif(not ONET_FILE.exists(), reason="shared O*NET file not available")
def test_onet_examples_exist_in_the_onet_file() -> None:
    rows = ONET_FILE.read_text(encoding="utf-8").splitlines()[1:]
    pairs = {(r.split("\t")[1], r.split("\t")[2]) for r in rows}
    for s in load_taxonomy().skills:
        if s.onet is not None:
            assert (s.onet.example, s.onet.commodity_code) in pairs, s.id


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "skills.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_taxonomy_rejects_duplicate_alias(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "skills:\n"
        "  - {id: a, name: A, category: data, aliases: [shared thing]}\n"
        "  - {id: b, name: B, category: data, aliases: [shared-thing]}\n",
    )
    with pytest.raises(TaxonomyError, match="belongs to both"):
        load_taxonomy(path)


@pytest.mark.parametrize(
    "entry",
    [
        "{id: a, name: A, category: nope, aliases: [x]}",
        "{id: A!, name: A, category: data, aliases: [x]}",
        "{id: a, name: A, category: data, aliases: [x], colour: red}",
        "{id: a, name: A, category: data, context: [{aliases: [X], window: -3}]}",
        "{id: a, name: A, category: data, context: [{aliases: [X], near: [y]}]}",
    ],
)
def test_taxonomy_rejects_bad_entries(tmp_path: Path, entry: str) -> None:
    with pytest.raises(TaxonomyError):
        load_taxonomy(_write(tmp_path, f"skills:\n  - {entry}\n"))


def test_custom_taxonomy_tagger(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "skills:\n"
        "  - id: widget\n    name: Widget\n    category: data\n    aliases: [widgetry]\n"
        "    context:\n      - {aliases: [Wid], case_sensitive: true, require_any_nearby: ['gear*']}\n",
    )
    tagger = SkillTagger(load_taxonomy(path))
    assert tagger.tag("We love widgetry.").ids() == ("widget",)
    assert tagger.tag("Wid and gearboxes").ids() == ("widget",)
    assert tagger.tag("Wid alone").ids() == ()
    assert tagger.tag("wid and gearboxes").ids() == ()


# ------------------------------------------------------------------------------------------------ rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our backend is written in Go and Python.", True),
        ("Stack: Go, Postgres, Kubernetes", True),
        ("Strong Golang skills.", True),
        ("You will own our go-to-market motion.", False),
        ("Go to market with our sales team.", False),
        ("Snacks for engineers on the go.", False),
        ("Let's Go! Apply today.", False),
        ("We like to go fast and ship often.", False),
    ],
)
def test_go_rule(text: str, expected: bool) -> None:
    assert ("go" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Analysis in Python, R and SQL; solid statistics.", True),
        ("Experience with R (tidyverse, ggplot2) for modelling.", True),
        ("Our R&D team builds statistics tools in Python.", False),
        ("Send your CV to R. Jones in Python land.", False),
        ("Go to section R of the form.", False),
    ],
)
def test_r_rule(text: str, expected: bool) -> None:
    assert ("r" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected_in", "expected_out"),
    [
        ("Languages: C, C++ and Rust on embedded Linux.", {"c", "cpp", "rust"}, set()),
        ("Firmware in C/C++ for microcontrollers.", {"c", "cpp"}, set()),
        ("We talk to C-level executives every week about Python.", set(), {"c"}),
        ("We closed our Series C round; we use Python and Go.", {"python", "go"}, {"c"}),
        ("Modern C++17 and CUDA.", {"cpp", "cuda"}, {"c"}),
        ("C# and .NET on Azure.", {"csharp", "dotnet", "azure"}, {"c"}),
        ("ASP.NET MVC experience.", {"aspnet"}, {"dotnet"}),
        ("Objective-C and Swift for iOS.", {"objective_c", "swift", "ios"}, {"c"}),
    ],
)
def test_c_family_rules(text: str, expected_in: set[str], expected_out: set[str]) -> None:
    found = ids(text)
    assert expected_in <= found
    assert not expected_out & found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Services written in Rust with tokio.", True),
        ("Rust, TypeScript and Postgres.", True),
        ("A factory in the rust belt needs a manager.", False),
        ("Apply the rust-proof coating to the hull.", False),
    ],
)
def test_rust_rule(text: str, expected: bool) -> None:
    assert ("rust" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pipelines on Apache Spark.", True),
        ("Batch jobs in Spark and Kafka feeding the warehouse.", True),
        ("Things that spark joy for our customers.", False),
        ("Looking for someone who can spark ideas in the team.", False),
    ],
)
def test_spark_rule(text: str, expected: bool) -> None:
    assert ("apache_spark" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frontend in React and TypeScript.", True),
        ("We use react, redux and node on the web.", True),
        ("Experience with React.", True),
        ("You must react to incidents quickly.", False),
        ("React quickly to customer feedback.", False),
    ],
)
def test_react_rule(text: str, expected: bool) -> None:
    assert ("react" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Native iOS apps in Swift and SwiftUI.", True),
        ("Build the app in Swift; we ship to iPhone and iPad.", True),
        ("We promise swift delivery of every order.", False),
        ("Swift response times matter to our support team.", False),
    ],
)
def test_swift_rule(text: str, expected: bool) -> None:
    assert ("swift" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Numerical code in Julia or Python.", True),
        ("Please contact Julia in our London office.", False),
    ],
)
def test_julia_rule(text: str, expected: bool) -> None:
    assert ("julia" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Experience applying AI to search ranking.", True),
        ("You will use artificial intelligence to help doctors.", True),
        ("We are an AI-powered platform for dentists.", False),
        ("Acme is an AI company in Berlin.", False),
        ("Visit acme.AI for details.", False),
    ],
)
def test_ai_rule(text: str, expected: bool) -> None:
    assert ("ai" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Node.js and JavaScript services.", {"nodejs", "javascript"}, {"java"}),
        ("Vue.js front end", {"vue"}, set()),
        ("Java; JavaScript.", {"java", "javascript"}, set()),
        ("We fine-tune LLMs with LoRA.", {"llm", "fine_tuning"}, set()),
        ("Vector databases and embeddings.", {"vector_databases", "embeddings"}, set()),
        ("CI/CD with GitHub Actions", {"ci_cd", "github_actions"}, set()),
        ("Good communication skills and a positive attitude.", set(), {"go", "c", "r", "ai"}),
    ],
)
def test_boundaries_and_plurals(text: str, present: set[str], absent: set[str]) -> None:
    found = ids(text)
    assert present <= found
    assert not absent & found


def test_hits_inside_urls_and_emails_are_ignored() -> None:
    text = "Apply at https://jobs.example.com/react-python-role or mail python@example.com"
    assert ids(text) == set()


def test_chinese_text() -> None:
    found = ids("熟悉Python和Go语言，有大模型、RAG、智能体开发经验优先；了解Kubernetes。")
    assert {"python", "go", "llm", "rag", "ai_agents", "kubernetes"} <= found


# ------------------------------------------------------------------------------------------------ spans, html


def test_strip_html_hn_style() -> None:
    html_text = (
        "Acme | Engineer<p>We&#x27;re hiring &amp; growing: "
        '<a href="https:&#x2F;&#x2F;acme.example&#x2F;jobs" rel="nofollow">'
        "https:&#x2F;&#x2F;acme.example&#x2F;jobs</a>"
        "<p>Tom &amp;#x27;s &lt;b&gt;"
    )
    assert strip_html(html_text) == (
        "Acme | Engineer\nWe're hiring & growing: https://acme.example/jobs\nTom &#x27;s <b>"
    )
    assert strip_html("plain text") == "plain text"


def test_spans_point_into_stripped_text_and_are_first_hits() -> None:
    raw = "<p>Python &amp; Go</p><p>More Python here</p>"
    tags = tag_skills(raw)
    stripped = strip_html(raw)
    for hit in tags.skills:
        assert stripped[hit.start : hit.end] == hit.text
    python = next(h for h in tags.skills if h.skill_id == "python")
    assert python.start == stripped.index("Python")
    assert [h.skill_id for h in tags.skills] == ["python", "go"]


def test_title_only_skill_has_no_span() -> None:
    tags = tag_skills("We build great software.", title="Senior Kubernetes Engineer")
    hit = next(h for h in tags.skills if h.skill_id == "kubernetes")
    assert (hit.start, hit.end, hit.text) == (-1, -1, "Kubernetes")


def test_empty_inputs() -> None:
    for text in (None, "", "   "):
        tags = tag_skills(text)
        assert tags.skills == () or all(h.skill_id for h in tags.skills)
        assert not tags.mentions_llm and not tags.ai_skill_required


# ------------------------------------------------------------------------------------------------ AI flags


@pytest.mark.parametrize(
    ("text", "title", "mentions", "required"),
    [
        # LLM named in the company blurb only: mentions, but not asked of the candidate.
        ("We build LLM tools for lawyers. We are hiring a Java developer.", None, True, False),
        ("Our generative AI platform is used by banks. Requirements: Java, SQL.", None, True, False),
        ("Perks:\n- ChatGPT Enterprise seat for everyone\n- Gym", None, True, False),
        # Asked of the candidate.
        ("Experience with large language models is required.", None, True, True),
        ("You will fine-tune open models and build RAG pipelines.", None, True, True),
        ("Requirements:\n- Python\n- LangChain\n- Pinecone", None, True, True),
        ("熟悉大模型应用开发，有RAG经验者优先。", None, True, True),
        # AI but not LLM.
        ("Experience with PyTorch and computer vision.", None, False, True),
        ("We are looking for a backend engineer.", "Machine Learning Engineer", False, True),
        # Neither.
        (
            "We are an AI company. Our AI-powered platform helps dentists. Requirements: Java, SQL.",
            None,
            False,
            False,
        ),
        ("Acme AI | Backend Engineer | Remote\nWe use Java and Postgres.", None, False, False),
        (
            "We build AI agents for banks.\nResponsibilities:\n- Maintain our Java services",
            None,
            False,
            False,
        ),
        ("Backend engineer, Java and Kafka.", None, False, False),
    ],
)
def test_ai_flags(text: str, title: str | None, mentions: bool, required: bool) -> None:
    tags = tag_skills(text, title)
    assert tags.mentions_llm is mentions
    assert tags.ai_skill_required is required


def test_header_role_counts_but_company_field_does_not() -> None:
    assert tag_skills("Acme | ML Engineer | Remote\nGreat team.").ai_skill_required
    assert not tag_skills("Acme Machine Learning | Backend Engineer | Remote\nGreat team.").ai_skill_required


def test_chinese_company_blurb_is_not_required() -> None:
    tags = tag_skills("公司介绍：我们是一家大模型公司。\n岗位要求：熟悉Java和MySQL。")
    assert tags.mentions_llm
    assert not tags.ai_skill_required


# ------------------------------------------------------------------------------------------------ properties


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_spans_are_consistent(text: str) -> None:
    tags = tag_skills(text)
    stripped = strip_html(text)
    for hit in tags.skills:
        assert 0 <= hit.start < hit.end <= len(stripped)
        assert stripped[hit.start : hit.end] == hit.text


WORDS = [
    "Python",
    "Go",
    "C",
    "R",
    "AI",
    "LLM",
    "react",
    "and",
    "to",
    "the",
    ",",
    "/",
    "(",
    ")",
    "<p>",
    "&amp;",
    "C++",
    "C#",
    ".NET",
    "node.js",
    "大模型",
    "熟悉",
    "Spark",
    "joy",
    "https://x.example/go",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), st.none() | st.sampled_from(WORDS))
def test_random_word_soup(text: str, title: str | None) -> None:
    tags = tag_skills(text, title)
    assert len({h.skill_id for h in tags.skills}) == len(tags.skills)
    if tags.mentions_llm:
        llm_ids = {s.id for s in load_taxonomy().skills if s.llm}
        assert llm_ids & set(tags.ids())


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # A longer alias of another skill owns the words it covers, for skills marked yields_to_longer ...
        ("We use generative AI daily.", {"generative_ai"}, {"ai"}),
        ("CI on GitHub Actions.", {"github_actions"}, {"github"}),
        ("Mobile app in React Native.", {"react_native"}, {"react"}),
        ("Legacy Objective-C code.", {"objective_c"}, {"c"}),
        ("Linear regression models.", {"regression"}, {"linear_app"}),
        # ... but not where the longer term implies the shorter one.
        ("Deployed on AWS Lambda.", {"aws", "aws_lambda"}, set()),
        ("Ruby on Rails monolith.", {"ruby", "rails"}, set()),
        # The shorter skill still counts where it also stands alone.
        ("Generative AI and AI safety; AI experience required.", {"generative_ai", "ai"}, set()),
    ],
)
def test_longer_alias_of_another_skill_wins(text: str, present: set[str], absent: set[str]) -> None:
    found = ids(text)
    assert present <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("No mention of dbt in the stack; Python only.", {"python"}, {"dbt"}),
        ("Python required (no Kubernetes needed).", {"python"}, {"kubernetes"}),
        ("We use Terraform, not Pulumi.", {"terraform"}, {"pulumi"}),
        ("Notebooks with Python.", {"python"}, set()),  # "no" inside a word is not a negation
    ],
)
def test_negated_skills_are_not_tagged(text: str, present: set[str], absent: set[str]) -> None:
    found = ids(text)
    assert present <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Email your resume and your GitHub to jobs@example.com.", False),
        ("Reflex has 28,000+ GitHub stars.", False),
        ("Experience with Git and GitHub pull-request workflows.", True),
    ],
)
def test_github_profile_links_are_not_a_skill(text: str, expected: bool) -> None:
    assert ("github" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You will build AI agents that call tools and reason over documents.", True),
        ("Build agents with LLMs and an orchestration layer.", True),
        ("Manage our team of customer service agents.", False),
        ("Insurance agents and brokers use our CRM.", False),
    ],
)
def test_bare_agents_need_ai_context(text: str, expected: bool) -> None:
    assert ("ai_agents" in ids(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Build and maintain data pipelines in dbt and Airflow.", True),
        ("Own the ingestion pipelines for our warehouse.", True),
        ("Grow the sales pipeline with enterprise accounts.", False),
        ("Keep the CI/CD pipelines green.", False),
    ],
)
def test_bare_pipelines_need_data_context(text: str, expected: bool) -> None:
    assert ("etl" in ids(text)) is expected


def test_data_science_team_is_not_a_skill() -> None:
    assert "data_science" not in ids("You will partner with the Data Science team on metrics.")
    assert "data_science" in ids("Strong background in data science and statistics.")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("You will fine-tune LLMs and build RAG pipelines.", "builds_ai"),
        ("Experience with PyTorch required.", "builds_ai"),
        ("You will use AI coding assistants like Cursor every day. Python required.", "uses_ai"),
        ("Comfortable using AI tools such as ChatGPT in your daily work.", "uses_ai"),
        ("We are an AI-powered platform for lawyers. You will build React apps.", "boilerplate"),
        ("We may use AI tools to support parts of the hiring process.", "boilerplate"),
        ("We build payroll software in Go.", "none"),
    ],
)
def test_ai_role(text: str, role: str) -> None:
    tags = tag_skills(text)
    assert tags.ai_role == role
    assert (tags.ai_role_evidence is None) == (role == "none")


def test_ai_kind_splits_engineering_from_literacy() -> None:
    skills = {s.id: s for s in load_taxonomy().skills}
    assert skills["llm"].ai_kind == "engineering"
    assert skills["ai_coding_tools"].ai_kind == "literacy"
    assert skills["ai_literacy"].ai_kind == "literacy"
    assert skills["python"].ai_kind is None
    assert "chatgpt" in skills["gpt"].literacy_aliases


# ------------------------------------------------------------------------------------------------ speed mechanics
# The tagger's shortcuts must give exactly what the slower, plain computation gives.

_MECHANICS_TEXTS = [
    "Senior ML Engineer. You will fine-tune LLMs and build RAG pipelines. Experience with PyTorch required.",
    "We are an AI-powered platform for lawyers (LLM in tax law). You will build React apps in Go.",
    "Acme AI | Backend Engineer | Remote\nJoin Acme AI: we use Claude Code and Copilot every day.\n"
    "Requirements:\n- Python, Kubernetes, generative AI\n- No ML needed\nSimilar jobs\nData Scientist, AI",
    "熟悉Go和Python，有大模型、机器学习经验者优先。We build AI tools for e-commerce, fintech, crypto.",
    "Clients in AI, blockchain, fintech and IoT. About us: an AI company. Perks: unlimited access to Claude Code.",
    "C, C++, R and Go; Spark near Kafka; no dbt; node.js at https://example.com/ai and ml@example.com",
]


@pytest.mark.parametrize("text", _MECHANICS_TEXTS)
def test_assess_with_recorded_mentions_equals_its_own_scan(text: str) -> None:
    from jobshift.enrich.ai_role import AiText, assess
    from jobshift.enrich.skills import default_tagger

    tagger = default_tagger()
    body = strip_html(text)
    low, scan, _, ai_hits, mentions = tagger._scan(body)
    recorded = assess(AiText(body, low, scan, "", tagger._ai_cues), ai_hits, mentions=mentions)
    scanned = assess(AiText(body, low, scan, "", tagger._ai_cues), ai_hits)
    assert recorded == scanned


def test_text_without_ai_words_skips_assess_with_the_same_answer() -> None:
    from jobshift.enrich.ai_role import AiText, assess
    from jobshift.enrich.skills import default_tagger

    text = "We build payroll software in Go and Python on Kubernetes."
    tagger = default_tagger()
    low, scan, _, ai_hits, mentions = tagger._scan(text)
    assert not ai_hits and not mentions
    full = assess(AiText(text, low, scan, "", tagger._ai_cues), ai_hits, mentions=mentions)
    tags = tag_skills(text)
    assert (tags.ai_role, tags.ai_role_evidence, tags.ai_required_evidence) == (
        full.role, full.role_evidence, full.required_evidence
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abc efintechcryptoiot,_1-3web", max_size=60),
    st.integers(min_value=0, max_value=70),
    st.integers(min_value=-5, max_value=70),
)
def test_word_finder_answers_like_the_word_regex(text: str, lo: int, width: int) -> None:
    from jobshift.enrich.ai_role import _WordFinder, _words_re

    words = ["fintech", "crypto", "iot", "web 3", "e-commerce", "ai"]
    assert _WordFinder(words).search(text, lo, lo + width) == (
        _words_re(words).search(text, lo, lo + width) is not None
    )


@pytest.mark.parametrize(
    "text",
    ["Strategist at Acme AI", "apply to Acme Labs AI", "Join Big Co\u00a0AI", "at X\nAI", "we build AI",
     "at acme AI", "joining Foo Bar Baz AI", "at A.B&C-d's  AI", "AI"],
)
def test_org_before_answers_like_its_regex(text: str) -> None:
    from jobshift.enrich.ai_role import _ORG_BEFORE_RE, _org_before

    for start in range(len(text) + 1):
        expected = _ORG_BEFORE_RE.search(text, max(0, start - 40), start) is not None
        assert _org_before(text, start) == expected


# ------------------------------------------------------------------------------------------------ fast paths

# Characters the fast lower-casing must tell apart: ASCII letters and separators, typographic separators, CJK,
# caseless symbols, and characters with a lower case (É, Σ with its final form, İ that grows, Ǆ titlecase).
_LOWER_ALPHABET = st.one_of(
    st.sampled_from(list("aZ 09._+#-/&'\"\n\t|@:")),
    st.sampled_from(list("\u2019\u2014\u2013\u2022\u201c\u2018\xa0…«»€éÉßẞΣσςİıǄǅ中文大模型熟悉，。、😀")),
    st.characters(codec="utf-8"),
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_LOWER_ALPHABET, max_size=40))
def test_fast_lower_and_scan_form_equals_the_general_path(text: str) -> None:
    from jobshift.enrich.skills import _lower_and_scan_form, _lower_and_scan_form_general

    assert _lower_and_scan_form(text) == _lower_and_scan_form_general(text)


@pytest.mark.parametrize(
    "text", ["Python", "Café — naïve ’s • Go", "ΣΟΦΙΑ uses Go", "İstanbul C++", "熟悉Go和Python，大模型", "a\xa0B"]
)
def test_fast_lower_and_scan_form_examples(text: str) -> None:
    from jobshift.enrich.skills import _lower_and_scan_form, _lower_same_length, _scan_form_and_cjk

    low = _lower_same_length(text)
    assert _lower_and_scan_form(text) == (low, *_scan_form_and_cjk(low))


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(st.text(max_size=5)),
    st.booleans(),
    st.one_of(st.none(), st.text(max_size=8)),
    st.sampled_from(["none", "uses_ai", "builds_ai", "boilerplate"]),
    st.one_of(st.none(), st.text(max_size=8)),
)
def test_make_tags_builds_what_the_constructor_builds(
    skills: tuple[str], llm: bool, evidence: str | None, role: str, role_evidence: str | None
) -> None:
    from jobshift.enrich.ai_role import AiAssessment
    from jobshift.enrich.skills import SkillTags, _make_tags

    made = _make_tags(skills, llm, AiAssessment(evidence, role, role_evidence))  # type: ignore[arg-type]
    built = SkillTags(skills, llm, evidence is not None, evidence, role, role_evidence)  # type: ignore[arg-type]
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
