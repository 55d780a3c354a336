"""The bundled SYNTHETIC sample: deterministic, within the field contract, and varied enough to exercise
every path of the pipeline and the metrics."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path

import pytest

from jobshift import fields
from jobshift.sources.sample_data import (
    SYNTHETIC_SOURCE_LAYOFFS,
    SYNTHETIC_SOURCE_NEWS,
    SYNTHETIC_SOURCE_POSTINGS,
    SampleData,
    generate_sample,
    write_sample,
)

AI_FAMILIES = {"ai_engineer", "ml_infra_engineer", "applied_research_scientist"}
ALL_FAMILIES = AI_FAMILIES | {
    "ai_adjacent", "software_engineer", "data_scientist_analyst", "other_tech", "customer_support",
    "sales_marketing", "content_writing", "data_entry_ops", "qa_testing", "recruiting_hr", "management",
    "other",
}
EXPOSED = {"customer_support", "content_writing", "data_entry_ops"}
END = date(2026, 10, 31)
START = date(2024, 11, 1)  # 24 months ending October 2026
END_DT = datetime.combine(END, dtime(23, 59, 59))
PY_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool, "date": date,
                             "timestamp": datetime}


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate_sample()


def _canonical(sample: SampleData) -> dict[str, str]:
    """Map every company label used in rows (variants included) to the canonical company name."""
    names = sorted((str(c["name"]) for c in sample.companies), key=len, reverse=True)
    out: dict[str, str] = {}
    for row in sample.postings + sample.layoffs:
        label = str(row["company"])
        out[label] = next(n for n in names if n.lower() in label.lower())
    return out


def _ts(row: dict[str, object], key: str) -> datetime:
    value = row[key]
    assert isinstance(value, datetime)
    return value


def _day(row: dict[str, object], key: str) -> date:
    value = row[key]
    assert isinstance(value, date) and not isinstance(value, datetime)
    return value


def _quarter(ts: date) -> tuple[int, int]:
    return ts.year, (ts.month - 1) // 3


def _share_by_quarter(sample: SampleData, families: set[str]) -> list[float]:
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in sample.postings:
        posted = row["posted_at"]
        assert isinstance(posted, datetime)
        entry = counts[_quarter(posted)]
        entry[0] += 1
        entry[1] += row["role_family"] in families
    return [counts[q][1] / counts[q][0] for q in sorted(counts)]


# --- contract -----------------------------------------------------------------------------------------


def test_source_names() -> None:
    assert (SYNTHETIC_SOURCE_POSTINGS, SYNTHETIC_SOURCE_LAYOFFS, SYNTHETIC_SOURCE_NEWS) == (
        "sample_postings", "sample_layoffs", "sample_news")


def test_same_arguments_give_identical_output(sample: SampleData) -> None:
    assert generate_sample() == sample
    assert generate_sample(seed=7, postings=200, layoffs=20, news=10) == generate_sample(
        seed=7, postings=200, layoffs=20, news=10)


def test_different_seed_differs(sample: SampleData) -> None:
    other = generate_sample(seed=2027)
    assert other.postings != sample.postings
    assert other.layoffs != sample.layoffs
    assert other.news != sample.news


def test_default_counts(sample: SampleData) -> None:
    assert (len(sample.postings), len(sample.layoffs), len(sample.news)) == (3000, 300, 60)
    assert len(sample.companies) == 60


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(postings=50, layoffs=5, news=3),
        dict(postings=0, layoffs=0, news=4),
        dict(postings=1, layoffs=1, news=1),
        dict(months=1, postings=40, layoffs=4, news=2),
        dict(end=date(2025, 6, 15), months=3, postings=300, layoffs=30, news=10),
    ],
)
def test_requested_counts_and_window(kwargs: dict[str, object]) -> None:
    data = generate_sample(**kwargs)  # type: ignore[arg-type]  # a dict of mixed keyword arguments
    assert len(data.postings) == kwargs["postings"]
    assert len(data.layoffs) == kwargs["layoffs"]
    assert len(data.news) == kwargs["news"]
    end = kwargs.get("end", END)
    assert isinstance(end, date)
    for row in data.postings:
        assert isinstance(row["posted_at"], datetime) and row["posted_at"].date() <= end
    for row in data.layoffs:
        assert isinstance(row["announced_on"], date) and row["announced_on"] <= end
    for row in data.news:
        assert isinstance(row["published_at"], datetime) and row["published_at"].date() <= end


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError):
        generate_sample(months=0)
    with pytest.raises(ValueError):
        generate_sample(postings=-1)


@pytest.mark.parametrize(
    ("attr", "contract"),
    [("postings", fields.POSTING_FIELDS), ("layoffs", fields.LAYOFF_FIELDS), ("news", fields.NEWS_FIELDS)],
)
def test_keys_and_types_follow_the_field_contract(sample: SampleData, attr: str,
                                                  contract: dict[str, fields.FieldType]) -> None:
    rows: list[dict[str, object]] = getattr(sample, attr)
    ids = [row["source_id"] for row in rows]
    assert len(set(ids)) == len(ids), "source_id must be unique"
    for row in rows:
        assert set(row) <= set(contract), set(row) - set(contract)
        assert isinstance(row["source_id"], str) and row["source_id"]
        for key, value in row.items():
            assert value is not None, key
            expected = PY_TYPES[contract[key]]
            assert isinstance(value, expected), (key, value)
            if contract[key] == "date":
                assert not isinstance(value, datetime), key
            if contract[key] in ("int", "float"):
                assert not isinstance(value, bool), key


def test_companies(sample: SampleData) -> None:
    classes = Counter(c["company_class"] for c in sample.companies)
    assert classes == {"ai_native": 12, "startup": 25, "incumbent": 23}
    stages = {c["stage"] for c in sample.companies}
    assert {"Seed", "Public"} <= stages
    known = {"Seed", "Series A", "Series B", "Series C", "Series D", "Series E", "Post-IPO", "Public"}
    assert stages <= known
    for company in sample.companies:
        assert set(company) == {"name", "company_class", "industry", "stage", "employees"}
        assert isinstance(company["employees"], int) and company["employees"] > 0
    assert len({c["name"] for c in sample.companies}) == 60


def test_stable_ids(sample: SampleData) -> None:
    assert sample.postings[0]["source_id"] == "p000001"
    assert sample.layoffs[0]["source_id"] == "l00001"
    assert sample.news[0]["source_id"] == "n0001"


def test_urls_are_example_domains(sample: SampleData) -> None:
    pattern = re.compile(r"^https://(jobs|layoffs|news)\.example\.com/\S+$")
    for row in sample.postings + sample.layoffs + sample.news:
        assert pattern.match(str(row["url"])), row["url"]
    first = sample.postings[0]
    assert re.match(r"^https://jobs\.example\.com/[a-z0-9-]+/\d+$", str(first["url"]))


# --- dates --------------------------------------------------------------------------------------------


def test_dates_within_window(sample: SampleData) -> None:
    start_dt = datetime.combine(START, dtime())
    for row in sample.postings:
        posted = row["posted_at"]
        assert isinstance(posted, datetime) and start_dt <= posted <= END_DT
        if "closed_at" in row:
            closed = row["closed_at"]
            assert isinstance(closed, datetime) and posted < closed <= END_DT
    later = 0
    for row in sample.layoffs:
        announced = row["announced_on"]
        assert isinstance(announced, date) and START <= announced <= END
        if "effective_on" in row:
            effective = row["effective_on"]
            assert isinstance(effective, date) and effective >= announced
            later += effective > announced
    assert later > 20
    for row in sample.news:
        published = row["published_at"]
        assert isinstance(published, datetime) and start_dt <= published <= END_DT
    months = {(_ts(p, "posted_at").year, _ts(p, "posted_at").month) for p in sample.postings}
    assert len(months) == 24


# --- postings -----------------------------------------------------------------------------------------


def test_role_class_and_place_variety(sample: SampleData) -> None:
    families = Counter(row["role_family"] for row in sample.postings)
    assert set(families) == ALL_FAMILIES
    assert min(families.values()) >= 20
    canonical = _canonical(sample)
    classes = {str(c["name"]): c["company_class"] for c in sample.companies}
    posting_classes = Counter(classes[canonical[str(row["company"])]] for row in sample.postings)
    assert set(posting_classes) == {"ai_native", "startup", "incumbent"}
    assert len({canonical[str(row["company"])] for row in sample.postings}) == 60
    assert {"US", "GB", "DE", "CA"} <= {row["country"] for row in sample.postings}
    remote = sum(1 for row in sample.postings if row["remote"])
    assert 0.1 * len(sample.postings) < remote < 0.4 * len(sample.postings)
    employment = {r["employment_type"] for r in sample.postings}
    assert {"full_time", "contract", "part_time", "internship"} <= employment
    # Some rows use another spelling of the company name ("Name, Inc.", "NAME").
    assert sum(1 for row in sample.postings if str(row["company"]) not in classes) > 50


def test_seniority_shows_in_titles(sample: SampleData) -> None:
    seniorities = Counter(row["seniority"] for row in sample.postings)
    assert set(seniorities) == {"intern", "junior", "mid", "senior", "staff", "principal", "manager", "director",
                                "exec"}
    for row in sample.postings:
        title = str(row["title"])
        if row["seniority"] == "senior":
            assert re.search(r"\bSenior\b|\bSr\.|\bIII\b|\bLead\b", title), title
        if row["seniority"] == "intern":
            assert "Intern" in title


def test_descriptions_have_paragraphs_and_skills(sample: SampleData) -> None:
    for row in sample.postings[:300]:
        desc = str(row["description"])
        assert len(re.findall(r"\n[ \t]*\n", desc)) >= 3
        assert "What we're looking for" in desc
    ai_text = " ".join(str(r["description"]) for r in sample.postings if r["role_family"] in AI_FAMILIES)
    for skill in ("Python", "PyTorch", "LLMs", "RAG", "vLLM", "CUDA", "Kubernetes"):
        assert skill in ai_text, skill
    other_text = " ".join(str(r["description"]) for r in sample.postings
                          if r["role_family"] not in AI_FAMILIES)
    for skill in ("SQL", "React", "Go", "AWS"):
        assert skill in other_text, skill


def test_ai_mentioned_in_blurb_only_for_some_non_ai_roles(sample: SampleData) -> None:
    blurb_only = [
        row for row in sample.postings
        if row["role_family"] not in AI_FAMILIES | {"ai_adjacent"}
        and "AI-powered" in str(row["description"]).split("\n\n")[0]
        and "AI-powered" not in str(row["description"]).split("\n\n", 1)[1]
    ]
    assert len(blurb_only) >= 20
    negations = [row for row in sample.postings if "No prior AI" in str(row["description"])
                 or "does not involve building AI" in str(row["description"])]
    assert negations


def test_ai_share_rises_from_about_5_to_about_20_percent(sample: SampleData) -> None:
    shares = _share_by_quarter(sample, AI_FAMILIES)
    assert shares[0] < 0.09
    assert shares[-1] > 0.15
    assert shares[-1] > 2 * shares[0]
    overall = sum(1 for r in sample.postings if r["role_family"] in AI_FAMILIES) / len(sample.postings)
    assert 0.09 < overall < 0.16


def test_exposed_families_shrink(sample: SampleData) -> None:
    shares = _share_by_quarter(sample, EXPOSED)
    assert shares[-1] < 0.8 * shares[0]


def test_ai_native_companies_post_more_ai_roles(sample: SampleData) -> None:
    canonical = _canonical(sample)
    classes = {str(c["name"]): c["company_class"] for c in sample.companies}
    totals: Counter[str] = Counter()
    ai: Counter[str] = Counter()
    for row in sample.postings:
        cls = str(classes[canonical[str(row["company"])]])
        totals[cls] += 1
        ai[cls] += row["role_family"] in AI_FAMILIES
    assert ai["ai_native"] / totals["ai_native"] > 2 * ai["incumbent"] / totals["incumbent"]


_SALARY_TEXT = re.compile(r"(?=.*\d)(?=.*([$£€₹]|USD|GBP|EUR|CAD|INR|\d\s?[kK]\b))")


def test_salary_formats(sample: SampleData) -> None:
    n = len(sample.postings)
    none = sum(1 for r in sample.postings if "salary_text" not in r and "salary_min" not in r)
    assert 0.3 * n < none < 0.5 * n
    texts = [str(r["salary_text"]) for r in sample.postings if "salary_text" in r]
    for text in texts:
        assert _SALARY_TEXT.match(text), text
    joined = "\n".join(texts)
    for marker in ("$", "£", "€", "k", "/hr", "USD per year", "+ equity", "CAD", "LPA"):
        assert marker in joined, marker
    assert re.search(r"€\d{2,3}\.\d{3} - €\d{2,3}\.\d{3}", joined)  # European thousands separator
    structured = [r for r in sample.postings if "salary_min" in r]
    assert len(structured) > 0.05 * n
    both = [r for r in structured if "salary_text" in r]
    assert both and len(both) < len(structured)
    for row in structured:
        lo, hi = row["salary_min"], row["salary_max"]
        assert isinstance(lo, float) and isinstance(hi, float) and 0 < lo < hi
        assert row["salary_currency"] in {"USD", "GBP", "EUR", "CAD", "INR"}
        assert row["salary_period"] in {"year", "month", "hour"}
        if row["salary_currency"] == "USD" and row["salary_period"] == "year":
            assert 20_000 < lo < 600_000
        if row["salary_period"] == "hour":
            assert 5 < lo < 300
    assert {r["salary_period"] for r in structured} >= {"year", "hour"}


def test_ai_roles_pay_more_than_software_engineers_at_same_seniority() -> None:
    data = generate_sample(postings=20000, layoffs=0, news=0)
    mids: dict[tuple[bool, str], list[float]] = defaultdict(list)
    for row in data.postings:
        if row.get("salary_currency") != "USD" or row.get("salary_period") != "year":
            continue
        if row["role_family"] in AI_FAMILIES or row["role_family"] == "software_engineer":
            lo, hi = row["salary_min"], row["salary_max"]
            assert isinstance(lo, float) and isinstance(hi, float)
            mids[(row["role_family"] in AI_FAMILIES, str(row["seniority"]))].append((lo + hi) / 2)
    for seniority in ("mid", "senior"):
        ratio = statistics.median(mids[(True, seniority)]) / statistics.median(mids[(False, seniority)])
        assert 1.04 < ratio < 1.25, (seniority, ratio)


def _normalised(text: str) -> str:
    text = text.replace("• ", "- ").replace("\nApply today - we review every application.", "")
    return re.sub(r"\s+", " ", text).strip()


def test_reposts_and_near_duplicates(sample: SampleData) -> None:
    exact: dict[tuple[object, ...], list[dict[str, object]]] = defaultdict(list)
    for row in sample.postings:
        exact[(row["company"], row["title"], row["description"], row["location"])].append(row)
    reposts = [rows for rows in exact.values() if len(rows) > 1]
    assert len(reposts) >= 30
    for rows in reposts:
        first, second = rows[0], rows[1]
        assert first["source_id"] != second["source_id"]
        gap = _ts(second, "posted_at") - _ts(first, "posted_at")
        assert 27 <= gap.days <= 36
    near: dict[str, set[str]] = defaultdict(set)
    for row in sample.postings:
        near[_normalised(str(row["description"]))].add(str(row["description"]))
    near_dups = [texts for texts in near.values() if len(texts) > 1]
    assert len(near_dups) >= 10


# --- layoffs ------------------------------------------------------------------------------------------


def test_layoff_counts_vary(sample: SampleData) -> None:
    rows = sample.layoffs
    missing = [r for r in rows if "headcount" not in r and "percent" not in r]
    percent_only = [r for r in rows if "headcount" not in r and "percent" in r]
    both = [r for r in rows if "headcount" in r and "percent" in r]
    assert missing and percent_only and both
    for row in rows:
        if "headcount" in row:
            assert isinstance(row["headcount"], int) and row["headcount"] > 0
        if "percent" in row:
            assert isinstance(row["percent"], float) and 0 < row["percent"] <= 100
        if row["country"] == "US":
            assert re.fullmatch(r"[A-Z]{2}", str(row.get("state", "")))
        else:
            assert "state" not in row
    assert {"layoff", "WARN", "closure"} <= {r["notice_type"] for r in rows}


def test_layoff_headcount_is_concentrated(sample: SampleData) -> None:
    canonical = _canonical(sample)
    by_company: Counter[str] = Counter()
    for row in sample.layoffs:
        if "headcount" in row:
            by_company[canonical[str(row["company"])]] += int(str(row["headcount"]))
    total = sum(by_company.values())
    top5 = sum(v for _, v in by_company.most_common(5))
    assert top5 / total > 0.35
    classes = {str(c["name"]): c["company_class"] for c in sample.companies}
    assert all(classes[name] == "incumbent" for name, _ in by_company.most_common(3))


def test_layoff_reasons_mix(sample: SampleData) -> None:
    text = [str(r["description"]) for r in sample.layoffs]
    checks = {
        "ai_explicit": r"replacing roles with AI|generative AI|AI doing work|AI agents|toward artificial",
        "automation": r"automat",
        "restructuring": r"restructuring|reorganis|reorganiz|streamlining",
        "economic": r"demand|revenue|macroeconomic|over-hired",
        "closure": r"closing|shutting down|will close",
        "unknown": r"did not give a reason|declined to comment",
        "negation": r"not related to AI|not driven by artificial intelligence|AI played no role",
    }
    for label, pattern in checks.items():
        hits = sum(1 for t in text if re.search(pattern, t))
        assert hits >= 3, label
    labelled = [r for r in sample.layoffs if "reason" in r]
    assert 0.1 * len(text) < len(labelled) < 0.5 * len(text)
    assert {r["reason"] for r in labelled} <= set(fields.LAYOFF_REASONS)
    for row in labelled:
        if "reason_evidence" in row:
            assert str(row["reason_evidence"]) in str(row["description"])


def test_ai_explicit_layoffs_grow_over_time(sample: SampleData) -> None:
    pattern = re.compile(r"replacing roles with AI|generative AI|AI doing work|AI agents|toward artificial")
    halves = [0, 0]
    for row in sample.layoffs:
        announced = row["announced_on"]
        assert isinstance(announced, date)
        halves[announced >= date(2025, 11, 1)] += bool(pattern.search(str(row["description"])))
    assert halves[1] > halves[0]


def test_some_companies_cut_and_hire_ai(sample: SampleData) -> None:
    canonical = _canonical(sample)
    cutters = {canonical[str(r["company"])] for r in sample.layoffs}
    ai_hirers = {canonical[str(r["company"])] for r in sample.postings if r["role_family"] in AI_FAMILIES}
    assert len(cutters & ai_hirers) >= 10
    assert len(cutters) < 60  # not every company cuts


def test_shutdowns_are_final(sample: SampleData) -> None:
    canonical = _canonical(sample)
    shutdowns = [r for r in sample.layoffs if r.get("percent") == 100.0]
    assert shutdowns
    for event in shutdowns:
        name = canonical[str(event["company"])]
        announced = event["announced_on"]
        assert isinstance(announced, date)
        assert event["notice_type"] == "closure"
        assert _day(event, "effective_on") > announced
        later = [r for r in sample.layoffs if canonical[str(r["company"])] == name and r is not event
                 and _day(r, "announced_on") >= announced]
        assert not later
        posted = [p for p in sample.postings if canonical[str(p["company"])] == name
                  and _ts(p, "posted_at").date() >= announced]
        assert not posted


# --- news ---------------------------------------------------------------------------------------------


def test_news_reference_generated_companies_and_figures(sample: SampleData) -> None:
    names = [str(c["name"]) for c in sample.companies]
    headcounts = {f"{int(str(r['headcount'])):,}" for r in sample.layoffs if "headcount" in r}
    figure_hits = 0
    for row in sample.news:
        body = f"{row['title']} {row['text']}"
        assert any(name in body for name in names), row["title"]
        assert row["summary"] and str(row["summary"]) in str(row["text"])
        figure_hits += any(f" {h} " in f" {row['title']} " for h in headcounts)
    assert figure_hits >= 10
    titles = " ".join(str(r["title"]) for r in sample.news)
    assert "AI" in titles and re.search(r"cut|lay", titles)


# --- writing ------------------------------------------------------------------------------------------


def test_write_sample(tmp_path: Path) -> None:
    data = generate_sample(postings=120, layoffs=15, news=6)
    paths = write_sample(data, tmp_path / "out")
    assert [p.name for p in paths] == [
        "postings.jsonl", "layoffs.jsonl", "news.jsonl", "companies.jsonl", "README.txt"]
    expected = {"postings": data.postings, "layoffs": data.layoffs, "news": data.news,
                "companies": data.companies}
    for path in paths[:4]:
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        assert len(rows) == len(expected[path.stem])
        assert [r.get("source_id", r.get("name")) for r in rows] == [
            r.get("source_id", r.get("name")) for r in expected[path.stem]]
    posting = json.loads(paths[0].read_text(encoding="utf-8").splitlines()[0])
    assert datetime.fromisoformat(posting["posted_at"]) == data.postings[0]["posted_at"]
    layoff = json.loads(paths[1].read_text(encoding="utf-8").splitlines()[0])
    assert date.fromisoformat(layoff["announced_on"]) == data.layoffs[0]["announced_on"]
    readme = paths[4].read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "SYNTHETIC SAMPLE — generated, not real data" in readme
    # Writing again gives byte-identical files.
    again = write_sample(generate_sample(postings=120, layoffs=15, news=6), tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]

