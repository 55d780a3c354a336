"""Company class from evidence: list, board, AI-first signals, tracker stage, implied employees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.company_class import CLASSES, CompanyEvidence, classify_company, load_class_rules


@pytest.mark.parametrize(
    ("evidence", "klass", "why"),
    [
        (CompanyEvidence("Amazon.com, Inc."), "incumbent", "list"),
        (CompanyEvidence("OpenAI", stage="Series E"), "ai_native", "list"),  # the list beats the tracker
        (CompanyEvidence("Acme Robotics", board_class="startup", stage="Post-IPO"), "startup", "board"),
        (CompanyEvidence("Rad AI"), "ai_native", "ends in AI"),
        (CompanyEvidence("acmebot.ai"), "ai_native", "ends in AI"),
        (CompanyEvidence("Maintain", stage="Series B", industry="AI"), "ai_native", "industry 'AI'"),
        (CompanyEvidence("Tiny Labs", postings=10, ai_postings=6), "ai_native", "6 of its 10 postings"),
        (CompanyEvidence("Tiny Labs", postings=4, ai_postings=4), None, None),  # too few postings to say
        (CompanyEvidence("Pinterest Clone", stage="Post-IPO", stage_on="2026-01-27"), "incumbent",
         "'Post-IPO' (2026-01-27)"),
        (CompanyEvidence("Shop Co", stage="Acquired"), "incumbent", "'Acquired'"),
        (CompanyEvidence("Seedling", stage="Series B"), "startup", "'Series B'"),
        (CompanyEvidence("Bigco", stage="Series H", employees=12_000, employees_evidence="a layoff of 1200 (10%)"),
         "incumbent", "~12,000 employees"),
        (CompanyEvidence("Mystery Manufacturing", employees=9_000, employees_evidence="a layoff of 900 (10%)"),
         "incumbent", "~9,000 employees"),
        (CompanyEvidence("Mystery Manufacturing", employees=900), None, None),
        (CompanyEvidence("Unknown Stage Inc", stage="Unknown"), None, None),
    ],
)
def test_classify(evidence: CompanyEvidence, klass: str | None, why: str | None) -> None:
    got, evidence_text = classify_company(evidence)
    assert got == klass
    if why is None:
        assert evidence_text is None
    else:
        assert evidence_text is not None and why in evidence_text


def test_list_entries_are_valid_and_normalised() -> None:
    rules = load_class_rules()
    assert len(rules.listed) >= 100
    assert set(rules.listed.values()) <= set(CLASSES)
    assert rules.listed["meta"] == "incumbent"  # "Meta" through the company alias file


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=40),
    st.one_of(st.none(), st.sampled_from(["Post-IPO", "Series A", "Seed", "Unknown", "Acquired", "x"])),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**7)),
    st.integers(min_value=0, max_value=50),
)
def test_never_raises_and_always_explains(name: str, stage: str | None, employees: int | None, n: int) -> None:
    klass, why = classify_company(CompanyEvidence(name, stage=stage, employees=employees, postings=n,
                                                  ai_postings=n // 2, employees_evidence="e"))
    assert klass in (*CLASSES, None)
    assert (klass is None) == (why is None)
