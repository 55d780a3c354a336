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


def test_the_rule_matching_nearest_the_head_wins() -> None:
    assert EMPTY.match_title("Data Science Software Engineer").soc_code == "15-1252"  # not the data-science rule
    assert EMPTY.match_title("Frontend Engineer").soc_code == "15-1254"
    assert EMPTY.match_title("Head of Data Science").soc_code == "11-3021"  # an executive of the function
    assert EMPTY.match_title("Chief Technology Officer").soc_code == "11-3021"
    assert EMPTY.match_title("Sr. Clinical Data Manager").onet_code == "15-2051.02"
    assert EMPTY.match_title("Data Manager").soc_code == "15-1243"


def test_new_function_rules_and_defaults() -> None:
    assert EMPTY.match_title("Head of People").soc_code == "11-3121"
    assert EMPTY.match_title("Product Owner").soc_code == "11-2021"
    assert EMPTY.match_title("Director of Product").soc_code == "11-2021"
    assert EMPTY.match_title("Head of Machine Learning").soc_code == "11-3021"
    assert EMPTY.match_title("Sr. ML OPS Engineer").soc_code == "15-1252"
    assert EMPTY.match_title("Artificial Intelligence Engineer Intern").soc_code == "15-1252"
    assert EMPTY.match_title("Dotnet Developer").soc_code == "15-1252"
    assert EMPTY.match_title("Systems Engineer").onet_code == "15-1299.08"  # O*NET's most-reported code
    assert EMPTY.match_title("Embedded Systems Engineer").soc_code == "15-1252"
    for title in ("Elixir Developer", "Storage Systems Hacker", "Engineering"):  # head (or field) defaults
        assert EMPTY.match_title(title).soc_code == "15-1252", title
    assert EMPTY.match_title("Mechanical Engineering").method == "none"  # a field's default only alone


def test_kept_phrases_and_laboratory() -> None:
    assert "principal" in normalise_title("Assistant Principal - Jydstrup ES").split()
    assert normalise_title("Principal Software Engineer") == "software engineer"  # a level word elsewhere
    assert normalise_title("Medical Lab Technologist") == "medical laboratory technologist"


def test_an_onet_title_equal_to_the_segment_beats_a_partial_rule() -> None:
    index = build_index([("29-9021.00", "Healthcare Data Analyst", "n/a", "02")], OCCUPATIONS)
    assert index.match_title("Healthcare Data Analyst - SME").soc_code == "29-9021"
    assert index.match_title("Senior Data Analyst").soc_code == "15-2051"  # no such O*NET title: the rule


def test_ranked_titles_end_in_the_same_head_noun() -> None:
    index = build_index([("37-2021.00", "Pest Controller Assistant", "n/a", "02"),
                         ("11-3031.01", "Controller", "n/a", "02,04"),
                         ("11-3031.01", "Financial Controller", "n/a", "02"),
                         ("11-3031.01", "Plant Controller", "n/a", "02")], [])  # "controller" ends 3 titles
    found = index.match_title("Assistant Controller")
    assert found.onet_code == "11-3031.01"  # a controller, not an assistant of pest controllers


def test_same_function_with_another_generic_head() -> None:
    index = build_index([("13-1161.00", "Social Media Specialist", "n/a", "02"),
                         ("27-2012.03", "Media Coordinator", "n/a", "02"),
                         ("11-3031.00", "Revenue Cycle Manager", "n/a", "02"),
                         ("11-1021.00", "Revenue Director", "n/a", "02")], [])
    found = index.match_title("Social Media Coordinator (Part Time)")
    assert found.soc_code == "13-1161" and "same function" in found.evidence
    assert index.match_title("Revenue Cycle Director").soc_code == "11-3031"


def test_executives_of_a_function_are_its_managers() -> None:
    index = build_index([("11-3031.00", "Accounting Manager", "n/a", "02"),
                         ("11-1021.00", "Operations Manager", "n/a", "02"),
                         ("11-1011.00", "Chief Operating Officer (COO)", "n/a", "02"),
                         ("11-1011.00", "Vice President", "n/a", "02,04")], [])
    assert index.match_title("Head of Accounting").soc_code == "11-3031"
    assert index.match_title("Vice President Operations").soc_code == "11-1021"
    assert index.match_title("Chief Operating Officer").soc_code == "11-1011"  # not "operating officer manager"


def test_joined_parts_borrow_from_the_next_role_but_comma_lists_do_not() -> None:
    index = build_index([("27-1024.00", "Graphic Design Coordinator", "n/a", "02"),
                         ("15-1254.00", "Web Design Specialist", "n/a", "02")], [])
    assert index.match_title("Graphic and Website Design Specialist").soc_code == "27-1024"  # first named
    assert EMPTY.match_title("Data/IT Operations Manager").soc_code == "11-3021"  # "Data operations manager"
    assert EMPTY.match_title("Java, Dev Ops, Data Scientists").soc_code == "15-2051"  # no "Dev Ops scientist"
    assert EMPTY.match_title("CTO, Senior Backend Engineer").soc_code == "11-3021"


def test_a_clear_head_noun_before_fields_and_no_two_letter_fields() -> None:
    index = build_index([("23-1011.00", "Attorney", "n/a", "02,04"),
                         ("23-1011.00", "Tax Attorney", "n/a", "02"),
                         ("23-1011.00", "Trial Attorney", "n/a", "02"),  # "attorney" ends 3 O*NET titles
                         ("43-9051.00", "Trust Mail Clerk", "n/a", "02"),
                         ("17-1012.00", "AP BD+C (Accredited Professional)", "n/a", "02"),
                         ("27-1024.00", "Graphic Designer", "n/a", "02"),
                         ("27-1024.00", "Web Designer", "n/a", "02"),
                         ("27-1021.00", "Designer", "n/a", "02"),
                         ("17-3011.00", "Designer", "n/a", "02")], [])
    assert index.match_title("FL Bar Associate Attorney Tax, Trusts, and Estates").soc_code == "23-1011"
    assert index.match_title("Sr. Designer Healthcare & AP").soc_code in ("27-1021", "17-3011")  # not "AP BD+C"
    assert index.match_title("warehouse jobs").method == "none"


def test_catch_all_and_specialty_codes_give_way_to_the_broader_occupation() -> None:
    occupations = [("19-3033.00", "Clinical and Counseling Psychologists"), ("19-3039.00", "Psychologists, All Other"),
                   ("13-1082.00", "Project Management Specialists"),
                   ("15-1299.09", "Information Technology Project Managers")]
    index = build_index([("19-3033.00", "Psychotherapist", "n/a", "02"),
                         ("19-3039.00", "Psychotherapist", "n/a", "02,04"),  # halved: an "All Other" code
                         ("13-1082.00", "Project Manager", "n/a", "02,04"),
                         ("15-1299.09", "Project Manager", "n/a", "02,04,06,10")], occupations)
    assert index.match_title("Psychotherapist in Private Practice").soc_code == "19-3033"  # a one-word job noun
    assert index.match_title("Project Manager").soc_code == "13-1082"  # the title names no IT
    assert index.match_title("IT Project Manager").onet_code == "15-1299.09"


def test_a_groups_general_worker_code_wins_a_tie_with_specialised_ones() -> None:
    occupations = [("49-2022.00", "Telecommunications Equipment Installers and Repairers, Except Line Installers"),
                   ("49-9043.00", "Maintenance Workers, Machinery"),
                   ("49-9071.00", "Maintenance and Repair Workers, General")]
    index = build_index([(code, "Maintenance Technician", "n/a", "02,04") for code, _ in occupations], occupations)
    assert index.match_title("Maintenance Technician - Night Shift").onet_code == "49-9071.00"  # data general_codes
    tied = build_index([(code, "Maintenance Technician", "n/a", "02,04") for code, _ in occupations[:2]],
                       occupations[:2])
    assert tied.match_title("Maintenance Technician").onet_code == "49-9043.00"  # without it: the name's "maintenance"


def test_sales_service_and_data_rules_follow_the_labelling_conventions() -> None:
    cases = {  # B2B sales reps -> 41-3091 (O*NET files "Account Executive" under advertising managers)
        "Senior Account Executive": "41-3091", "Sales Executive": "41-3091",
        "New Business Development Representative": "41-3091", "Business Development Account Manager": "41-3091",
        "Inside Sales Representative": "41-3091", "SDRs": "41-3091",
        "Inbound Call Center Specialist": "43-4051", "Client Support Specialist, Weekend": "43-4051",
        "Revenue Cycle Specialist": "43-3021", "Vendor Master Data Analyst": "43-9199",
        "Principal Business Data Steward": "15-1243", "Lead Documentum Consultant": "15-1299",
        "Senior SAP SD OTC Lead": "15-1211", "Salesforce Vlocity Developer": "15-1252",
        "Convention Sales and Business Development Manager": "11-2022",  # a manager of sales stays a manager
        "Client Service Associate": None,  # O*NET: a brokerage's client service associate (41-3031), not a rule
    }
    for title, soc in cases.items():
        found = EMPTY.match_title(title)
        assert (found.soc_code if found.method == "rule" else None) == soc, title


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


def test_lists_of_roles_keep_the_first_named() -> None:
    assert EMPTY.match_title("Engineers (SWE, Platform), Founding AE").soc_code == "15-1252"  # a plural lists roles
    assert EMPTY.match_title("one or two more exceptional engineers or designers").soc_code == "15-1252"
    assert EMPTY.match_title("1x Product + 1x ML Staff Engineer").soc_code == "15-1252"  # "+" joins roles
    assert EMPTY.match_title("Roles: [Engineering Manager (Ruby on Rails)").soc_code == "11-3021"  # all in brackets
    assert EMPTY.match_title("Analyst - Business Data (Call Center)").onet_code == "15-2051.01"  # head - function
    # a borrowed head's rule must cover the part's own word: "Database [Solutions] Architect" is a database architect
    index = build_index([], [("15-1243.00", "Database Architects")])
    assert index.match_title("Database and Applications Solutions Architect").soc_code == "15-1243"
    assert EMPTY.match_title("Database and Applications Solutions Architect").soc_code == "15-1299"  # no O*NET


def test_a_bare_manager_before_its_function_and_whole_coordinated_titles() -> None:
    assert EMPTY.match_title("Manager Data Engineering").soc_code == "11-3021"  # read as "Data Engineering Manager"
    assert EMPTY.match_title("Head of Data Science").soc_code == "11-3021"  # "of" stays the executive reading
    index = build_index([("13-1151.00", "Learning and Development Specialist", "n/a", "02"),
                         ("11-3131.00", "Learning Specialist", "n/a", "02")],
                        [("13-1151.00", "Training and Development Specialists"),
                         ("11-3131.00", "Training and Development Managers")])
    assert index.match_title("Learning And Development Specialist").soc_code == "13-1151"


def test_worker_titles_avoid_management_codes_and_the_role_family_parts_homonyms() -> None:
    occupations = [("11-2033.00", "Fundraising Managers"), ("13-1131.00", "Fundraisers"),
                   ("41-3031.00", "Securities, Commodities, and Financial Services Sales Agents"),
                   ("43-4011.00", "Brokerage Clerks")]
    index = build_index([("11-2033.00", "Major Gifts Officer", "n/a", "02"),
                         ("13-1131.00", "Major Gifts Officer", "n/a", "02"),
                         ("41-3031.00", "Client Service Associate", "n/a", "02"),
                         ("43-4011.00", "Client Service Associate", "n/a", "02")], occupations)
    assert index.match_title("Major Gift Officer").soc_code == "13-1131"  # no manager named: the worker code
    assert index.match_title("Client Service Associate").soc_code == "41-3031"  # a tie: the lower code
    assert index.match_title("Client Service Associate", "customer_support").soc_code == "43-4011"  # family's group


def test_level_words_abbreviations_and_security_engineers() -> None:
    assert normalise_title("Millwright Journeyman") == "millwright"
    assert normalise_title("Fractional CFO") == "chief financial officer"
    assert EMPTY.match_title("Security Engineer III - Data Security").onet_code == "15-1299.05"
    assert EMPTY.match_title("Cyber Security Analyst").onet_code == "15-1212.00"
    assert EMPTY.match_title("Technical Lead Data Modeler").soc_code == "15-1243"
    assert EMPTY.match_title("ServiceNow Architect").onet_code == "15-1299.08"


def test_a_bare_head_goes_by_its_default_or_the_role_family_not_by_onets_pick() -> None:
    occupations = [("51-9061.00", "Inspectors, Testers, Sorters, Samplers, and Weighers"),
                   ("15-1253.00", "Software Quality Assurance Analysts and Testers"),
                   ("17-2071.00", "Electrical Engineers"), ("17-2141.00", "Mechanical Engineers"),
                   ("41-1011.00", "First-Line Supervisors of Retail Sales Workers"),
                   ("11-9199.00", "Managers, All Other"), ("11-3031.00", "Financial Managers")]
    index = build_index([("17-2071.00", "Engineer", "n/a", "02,04"), ("17-2141.00", "Engineer", "n/a", "02"),
                         ("41-1011.00", "Manager", "n/a", "02,04,06"), ("11-9199.00", "Manager", "n/a", "02"),
                         ("11-3031.00", "Finance Director", "n/a", "02"), ("51-9061.00", "Tester", "n/a", "02,04,06")],
                        occupations)
    assert index.match_title("tester").soc_code == "51-9061"  # no family: O*NET's code for the word stands
    found = index.match_title("tester", "qa_testing")  # a QA posting's tester is a software tester
    assert (found.soc_code, found.method) == ("15-1253", "title_index") and "bare head" in found.evidence
    found = index.match_title("full-time engineers", "software_engineer")  # the data default, in the family's group
    assert (found.soc_code, found.method) == ("15-1252", "rule") and "default" in found.evidence
    assert index.match_title("Manager").soc_code == "11-1021"  # not O*NET's retail supervisors
    assert index.match_title("Director/VP of Finance").soc_code == "11-3031"  # a later part names the function


def test_a_weak_match_outside_a_computer_role_familys_group_takes_the_familys_reading() -> None:
    occupations = [("51-8012.00", "Power Distributors and Dispatchers"), ("15-1243.00", "Database Architects")]
    index = build_index([("51-8012.00", "Power and Recovery Shift Engineer", "n/a", "02"),
                         ("15-1243.00", "Data Engineer", "n/a", "02")], occupations)
    assert index.match_title("Data Recovery Engineer").soc_code == "51-8012"  # no family: the nearest title
    found = index.match_title("Data Recovery Engineer", "data_scientist_analyst")
    assert found.soc_code == "15-1243" and "role family" in found.evidence
    assert index.match_title("Power Recovery Engineer", "data_scientist_analyst").soc_code == "51-8012"  # strong


def test_a_tech_lead_is_a_software_developer_not_a_technician_or_writer() -> None:
    onet = build_index([("17-3023.00", "Technicians", "n/a", "02"), ("27-3042.00", "Technical Writer", "n/a", "02")],
                       [("17-3023.00", "Electrical and Electronic Engineering Technologists and Technicians"),
                        ("27-3042.00", "Technical Writers")])
    for title in ("Tech Lead", "Technical Lead", "Senior Engineers / Tech Leads", "dev lead"):
        assert onet.match_title(title).onet_code == "15-1252.00", title
    assert onet.match_title("Technical Lead Data Modeler").soc_code == "15-1243"  # the head noun still decides
    assert onet.match_title("Team Lead") is None or onet.match_title("Team Lead").method != "rule"  # no function
