"""Titles to O*NET-SOC occupations through a (tiny, hand-made) alternate-title index."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.occupations import build_index, normalise_title

OCCUPATIONS = [
    ("15-1252.00", "Software Developers"),
    ("43-6014.00", "Secretaries and Administrative Assistants, Except Legal, Medical, and Executive"),
    ("29-1141.00", "Registered Nurses"),
    ("41-3091.00", "Sales Representatives of Services"),
]
ALTERNATES = [
    ("43-6014.00", "Administrative Assistant"),
    ("29-1141.00", "Registered Nurse (RN)"),
    ("29-1141.00", "Staff Nurse"),
    ("41-3091.00", "Advertising Sales Representative"),
]
INDEX = build_index(ALTERNATES, OCCUPATIONS)


def test_normalise_drops_levels_and_folds_plurals() -> None:
    assert normalise_title("Senior Registered Nurses (Nights) - Remote") == "registered nurse"


def test_rules_first_for_software_titles() -> None:
    found = INDEX.match_title("Senior Backend Engineer")
    assert (found.soc_code, found.method) == ("15-1252", "rules")
    assert INDEX.match_title("Analytics Engineer").soc_code == "15-1243"


def test_exact_and_head_of_title() -> None:
    assert INDEX.match_title("Administrative Assistant").method == "exact"
    found = INDEX.match_title("Sales Administrative Assistant")  # the head "administrative assistant"
    assert found.soc_code == "43-6014" and found.major_group == "43"
    assert INDEX.match_title("Staff Nurses - Medical ICU").soc_code == "29-1141"


def test_words_then_family_then_none() -> None:
    found = INDEX.match_title("Registered Nurse for the night ward")
    assert found.soc_code == "29-1141"
    fallback = INDEX.match_title("Widget Wrangler", role_family="qa_testing")
    assert (fallback.soc_code, fallback.method) == ("15-1253", "family")
    nothing = INDEX.match_title("Widget Wrangler")
    assert nothing.soc_code is None and nothing.method == "none"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(title: str) -> None:
    found = INDEX.match_title(title)
    assert found.method in ("rules", "exact", "words", "family", "none")
    assert (found.soc_code is None) == (found.method == "none")
