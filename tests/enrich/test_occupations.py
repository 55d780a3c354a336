"""Titles to O*NET-SOC occupations through a (tiny, hand-made) O*NET title index, the rules and the fallback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.occupations import METHODS, build_index, normalise_title

OCCUPATIONS = [
    ("15-1252.00", "Software Developers"),
    ("43-6014.00", "Secretaries and Administrative Assistants, Except Legal, Medical, and Executive"),
    ("29-1141.00", "Registered Nurses"),
    ("41-3091.00", "Sales Representatives of Services, Except Advertising, Insurance, Financial Services, and Travel"),
    ("41-2031.00", "Retail Salespersons"),
    ("13-1199.00", "Business Operations Specialists, All Other"),
    ("53-7062.00", "Laborers and Freight, Stock, and Material Movers, Hand"),
    ("35-2014.00", "Cooks, Restaurant"),
    ("11-2022.00", "Sales Managers"),
    ("13-1111.00", "Management Analysts"),
]
ALTERNATES = [  # (code, alternate title, short title, sources)
    ("13-1199.00", "Administrative Assistant", "n/a", "04"),
    ("29-1141.00", "Registered Nurse (RN)", "n/a", "02"),
    ("29-1141.00", "Staff Nurse", "n/a", "02,10"),
    ("41-3091.00", "Advertising Sales Representative", "n/a", "02"),
    ("41-3091.00", "Sales Associate", "n/a", "10"),
    ("41-2031.00", "Sales Associate", "n/a", "02,04,06,10"),
    ("53-7062.00", "Warehouse Worker", "n/a", "02,10"),
    ("53-7062.00", "Warehouse", "n/a", "08"),
    ("35-2014.00", "Line Cook", "n/a", "02,04,10"),
    ("13-1111.00", "Business Analyst", "n/a", "02"),
]
INDEX = build_index(ALTERNATES, OCCUPATIONS)
EMPTY = build_index([], [])


def test_normalise_drops_levels_ids_asides_and_expands_abbreviations() -> None:
    assert normalise_title("Senior Registered Nurses (Nights) - Remote") == "registered nurse"
    assert normalise_title("Sr. Sales Mgr II, REQ-10423") == "sale manager"  # plurals folded alike on both sides
    assert normalise_title("RN - ICU - PT Nights") == "registered nurse icu"
    assert normalise_title("Entry-Level Admin Asst") == "administrative assistant"


def test_rules_first_for_software_and_data_titles_even_without_onet() -> None:
    for index in (INDEX, EMPTY):
        found = index.match_title("Senior Backend Engineer")
        assert (found.soc_code, found.method) == ("15-1252", "rule")
        assert "Backend Engineer" in found.evidence
    assert EMPTY.match_title("Analytics Engineer").onet_code == "15-1243.01"
    assert EMPTY.match_title("Manager, Data Scientist").soc_code == "15-2051"  # a level title keeps the IC job
    assert EMPTY.match_title("VP of Engineering").soc_code == "11-3021"


def test_exact_titles_take_the_code_with_most_weight() -> None:
    found = INDEX.match_title("Administrative Assistant")  # official title part (1.5) beats one source (1)
    assert (found.onet_code, found.method) == ("43-6014.00", "title_index")
    assert INDEX.match_title("Sales Associate").soc_code == "41-2031"  # 4 sources beat 1
    assert INDEX.match_title("Line Cook - Downtown Bistro - Airport").soc_code == "35-2014"


def test_head_of_a_longer_title_and_segments() -> None:
    assert INDEX.match_title("Sales Administrative Assistant").soc_code == "43-6014"  # its ending
    assert INDEX.match_title("Staff Nurses - Medical ICU").soc_code == "29-1141"
    assert INDEX.match_title("Registered Nurse RN - Medical ICU MICU - PT Nights").soc_code == "29-1141"
    assert INDEX.match_title("Business and Data Analyst").soc_code == "13-1111"  # first named, head shared
    assert INDEX.match_title("Manager, Corporate Vertical Sales").soc_code == "11-2022"  # "Corporate ... Sales Manager"


def test_a_spelled_out_title_in_brackets_is_a_title_of_its_code() -> None:
    index = build_index([("31-2022.00", "PT Tech (Physical Therapist Technician)", "PT Tech", "02"),
                         ("19-4043.00", "Physical Science Technician", "n/a", "02"),
                         ("53-7065.00", "Stock Technician (Stock Tech)", "n/a", "02"),
                         ("53-7062.00", "Stock Technician", "n/a", "02")], [])
    assert index.match_title("Physical Therapist Tech").soc_code == "31-2022"  # "pt" alone is a dropped word
    assert index.match_title("Stock Technician").soc_code == "53-7062"  # same-saying aside: no 2nd vote


def test_role_phrases_of_layoff_texts() -> None:
    assert INDEX.match_title("warehouse jobs").soc_code == "53-7062"  # a field: the worker title, not "Warehouse"


def test_words_then_family_then_none() -> None:
    found = INDEX.match_title("Registered Nurse for the night ward")
    assert found.soc_code == "29-1141"
    fallback = INDEX.match_title("Widget Wrangler", role_family="qa_testing")
    assert (fallback.soc_code, fallback.method) == ("15-1253", "role_family_fallback")
    assert "qa_testing" in fallback.evidence
    nothing = INDEX.match_title("Widget Wrangler")
    assert nothing.soc_code is None and nothing.method == "none"


MODEL = build_index(ALTERNATES, OCCUPATIONS, model=True)


def test_model_maps_what_the_rules_and_index_miss_when_turned_on() -> None:
    # no rule, no exact title, no head noun: the model's nearest O*NET title by character n-grams decides
    assert INDEX.match_title("Warehousing Workers Crew").method == "none"  # off by default
    found = MODEL.match_title("Warehousing Workers Crew")
    assert (found.soc_code, found.method) == ("53-7062", "title_index")
    assert found.evidence.startswith("model:") and "Warehouse Worker" in found.evidence
    assert 0.25 <= found.score <= 1.0
    assert MODEL.fit_model() and not INDEX.fit_model()
    assert not build_index([], [], model=True).fit_model()  # no O*NET titles, no model
    assert MODEL.fingerprint != INDEX.fingerprint  # the mapping version tells the two apart
    assert EMPTY.match_title("Warehousing Workers Crew").method == "none"


def test_model_prefers_the_role_family_major_between_equal_codes() -> None:
    index = build_index([("41-2031.00", "Gizmo Vendor", "n/a", "02"), ("43-4051.00", "Gizmo Vendor", "n/a", "02")],
                        OCCUPATIONS, model=True)  # one O*NET title under two codes with equal weight
    assert index.match_title("Gizmo Vendorz").soc_code == "41-2031"  # as the index: the lowest code
    found = index.match_title("Gizmo Vendorz", role_family="customer_support")  # a family of major group 43
    assert (found.soc_code, found.method) == ("43-4051", "title_index")


def test_index_fingerprint_changes_with_the_rows() -> None:
    assert EMPTY.fingerprint == "rules-only" and not EMPTY.has_titles
    other = build_index(ALTERNATES[:-1], OCCUPATIONS)
    assert INDEX.fingerprint != other.fingerprint


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(title: str) -> None:
    for index in (INDEX, MODEL):
        found = index.match_title(title)
        assert found.method in METHODS
        assert (found.soc_code is None) == (found.method == "none")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_normalise_title_properties(title: str) -> None:
    norm = normalise_title(title)
    assert norm == norm.strip() and "  " not in norm
    assert all(w.isascii() and w.isalpha() and w.islower() for w in norm.split())
    assert len(set(norm.split())) == len(norm.split())  # each word once
    assert normalise_title(norm) == norm  # idempotent
    assert normalise_title(title.upper()) == normalise_title(title.lower()) or not title.isascii()
