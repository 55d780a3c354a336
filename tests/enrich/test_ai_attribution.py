"""AI attribution levels of layoff texts: stated, reported, adjacent, denied, none."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.ai_attribution import AI_ATTRIBUTIONS, attribute_ai
from jobshift.enrich.layoffs import attribute_layoff


def level(text: str, **kwargs: object) -> tuple[str, str | None]:
    got = attribute_ai(text, attribute_layoff(text), **kwargs)  # type: ignore[arg-type]
    return got.level, got.speaker


@pytest.mark.parametrize(
    ("text", "expected", "speaker"),
    [
        # The employer names AI as the cause: stated.
        ("Klarna CEO says AI replaced 700 customer service agents as it cut jobs.", "stated", "employer"),
        ("Acme is laying off 75 people; executives said AI would let the remaining staff handle the work.",
         "stated", "employer"),
        # The same claim in the reporter's own voice, or an analyst's: reported.
        ("IBM cuts 3,900 jobs, replacing many with AI.", "reported", None),
        ("Babel cut 500 translation jobs; industry analysts say generative AI is behind the layoffs.",
         "reported", "analyst"),
        # Cuts beside an AI investment or pivot, no causal claim: adjacent.
        ("Meta lays off 5% of staff as it pours billions into AI.", "adjacent", None),
        ("SAP restructures 8,000 jobs, pivoting toward AI.", "adjacent", None),
        # The employer says AI is not why: denied.
        ("The company said the layoffs were not driven by AI.", "denied", "employer"),
        ("In a filing, Tyrell said the elimination of 240 roles was not the result of AI adoption.", "denied",
         "employer"),
        # Nothing about AI: none.
        ("Acme closes its Ohio plant; 200 jobs lost.", "none", None),
    ],
)
def test_levels(text: str, expected: str, speaker: str | None) -> None:
    got, who = level(text)
    assert got == expected
    if speaker is not None:
        assert who == speaker


def test_a_filing_is_the_employer_speaking() -> None:
    text = "Layoffs due to AI automation of support functions."
    assert level(text, source="warn_notices_biglocalnews", layoff_known=True) == ("stated", "filing")


def test_a_text_that_is_not_about_cuts_has_nothing_to_attribute() -> None:
    assert level("Meta raises its AI capex guide to $140B.")[0] == "none"
    # ... unless the record is a layoff whatever its text says (a tracker row, a WARN notice).
    assert level("Acme: restructuring toward AI.", layoff_known=True)[0] == "adjacent"


def test_url_slug_is_read_too() -> None:
    text = ""
    url = "https://example.com/news/marc-benioff-says-salesforce-cut-4000-roles-because-of-agents"
    got = attribute_ai(text, attribute_layoff(text, url=url), url=url, layoff_known=True)
    assert got.level == "stated"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.booleans())
def test_never_raises_and_is_well_formed(text: str, known: bool) -> None:
    got = attribute_ai(text, attribute_layoff(text), layoff_known=known)
    assert got.level in AI_ATTRIBUTIONS
    assert 0.0 <= got.confidence <= 1.0
    if got.evidence is not None:
        assert got.level != "none"
