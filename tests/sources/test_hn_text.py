"""The HN "Who is hiring?" header-line parser, on invented comments, plus a never-crash property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobshift.sources.hn_text import html_to_text, parse_hn_comment


def test_pipe_header_is_split() -> None:
    parsed = parse_hn_comment(
        "Acme Robotics | Senior ML Engineer | Berlin, Germany | REMOTE (EU) | \u20ac90k-\u20ac120k"
        "<p>We build robots.&#x2F; Python, PyTorch.</p>"
    )
    assert parsed.company == "Acme Robotics"
    assert parsed.title == "Senior ML Engineer"
    assert parsed.location is not None and "Berlin" in parsed.location
    assert parsed.remote is True
    assert parsed.salary_text is not None and "90k" in parsed.salary_text
    assert "We build robots./ Python" in parsed.description


def test_onsite_and_url() -> None:
    parsed = parse_hn_comment("Foo Inc | Backend Developer | Austin, TX | Onsite | https://foo.example.com/jobs")
    assert parsed.remote is False
    assert parsed.url == "https://foo.example.com/jobs"
    assert parsed.company == "Foo Inc"


def test_no_header_keeps_text() -> None:
    parsed = parse_hn_comment("We are hiring engineers, write to me.")
    assert parsed.company is None
    assert parsed.description == "We are hiring engineers, write to me."


def test_html_to_text_decodes_entities_and_paragraphs() -> None:
    assert html_to_text("a&amp;b<p>c &#x2F; d</p>") == "a&b\nc / d"


@given(st.text(max_size=300))
def test_never_crashes(text: str) -> None:
    parsed = parse_hn_comment(text)
    assert isinstance(parsed.description, str)


def test_en_dash_header_and_pay_range_not_split() -> None:
    parsed = parse_hn_comment(
        "Zebra Labs \u2013 Staff Data Engineer \u2013 Lisbon, Portugal \u2013 $140,000 - $180,000"
    )
    assert parsed.company == "Zebra Labs"
    assert parsed.title == "Staff Data Engineer"
    assert parsed.salary_text is not None and "180,000" in parsed.salary_text


def test_yc_header_with_role_after_location() -> None:
    parsed = parse_hn_comment("Quillworks (YC S21) | Berlin | Senior Platform Engineer | Full-time")
    assert parsed.company == "Quillworks (YC S21)"
    assert parsed.title == "Senior Platform Engineer"


def test_role_word_beyond_the_old_hints_wins_over_weak_parts() -> None:
    parsed = parse_hn_comment("Moss Energy | Customer support hours vary | Senior HPC System Administrator | Onsite")
    assert parsed.title == "Senior HPC System Administrator"


def test_parenthesis_in_title_kept() -> None:
    parsed = parse_hn_comment("Stealthco | Founding Engineer (Distributed Systems) | Remote")
    assert parsed.title == "Founding Engineer (Distributed Systems)"


def test_role_first_then_company() -> None:
    parsed = parse_hn_comment("Growth Marketer | Petalsoft | Remote | Full-time")
    assert parsed.title == "Growth Marketer"
    assert parsed.company == "Petalsoft"


def test_hiring_sentence_in_first_line() -> None:
    parsed = parse_hn_comment("Tinyfoot (YC W22) is hiring a Senior Backend Engineer to scale our ledger")
    assert parsed.title == "Senior Backend Engineer"


def test_roles_label_in_body() -> None:
    parsed = parse_hn_comment(
        "Orbitly | London | Hybrid<p>We make satellites cheaper.</p><p>Roles: Firmware Engineer, QA</p>"
    )
    assert parsed.title == "Firmware Engineer"


def test_bullet_list_of_roles_in_body() -> None:
    parsed = parse_hn_comment(
        "Harbor Freightworks | Remote (EU) | Full-time<p>We build logistics software.</p>"
        "<p>Open positions:</p><p>- Senior Frontend Developer (React) | \u20ac80k</p><p>- Product Designer</p>"
    )
    assert parsed.title == "Senior Frontend Developer"


def test_title_line_after_is_hiring_header() -> None:
    parsed = parse_hn_comment("Bramble (YC X25) Is Hiring<p>Founding Software Engineer at Bramble | apply now</p>")
    assert parsed.title == "Founding Software Engineer"


def test_openings_for_sentence() -> None:
    parsed = parse_hn_comment(
        "Pixelmill | Denver, CO<p>We make photo tools.</p><p>We have openings for mobile engineers (Swift a plus).</p>"
    )
    assert parsed.title == "mobile engineers"


def test_no_role_anywhere_gives_none_and_notes_are_not_titles() -> None:
    parsed = parse_hn_comment("Gizmo Co | Austin, TX | Onsite<p>We make gizmos.</p><p>No recruiters or agencies</p>")
    assert parsed.title is None


@pytest.mark.parametrize("header", [
    "Foo Inc | ONSITE | RELOCATION SUPPORT<p>Our team ships payments.",
    "Foo Inc | Berlin | VISA SPONSORSHIP<p>Our team ships payments.",
    "Foo Inc | Full-Time or Intern | NYC<p>Our team ships payments.",
])
def test_header_parts_stating_terms_are_not_the_role(header: str) -> None:
    assert parse_hn_comment(header).title is None


def test_a_role_beside_terms_parts_is_still_the_role() -> None:
    posting = parse_hn_comment("Foo Inc | Support Engineer | Berlin | RELOCATION SUPPORT | Full-time<p>x")
    assert posting.title == "Support Engineer"
    assert parse_hn_comment("Foo Inc | Full-time Software Engineer | NYC<p>x").title == "Full-time Software Engineer"


@pytest.mark.parametrize(("comment", "title"), [
    ("Weave (YC W25) Is Hiring ML, Design, and Product Engineers<p>We build things.",
     "ML, Design, and Product Engineers"),
    ("Acme<p>We're hiring devs for Frontend, Backend, and ML Big Data. Come.",
     "devs for Frontend, Backend, and ML Big Data"),
    ("Full-Stack Engineer (Python / React) , Remote<p>Our team ships every day.",
     "Full-Stack Engineer (Python / React)"),
    ("Acme Corp<p>Our team is small.<p>Looking for a DevOps Engineer!", "DevOps Engineer"),
])
def test_roles_outside_a_pipe_header(comment: str, title: str) -> None:
    assert parse_hn_comment(comment).title == title


@pytest.mark.parametrize("first_line", ["Insight Group (Operations Engineer", "Acme: Lead Designer",
                                        "Bitfusion is hiring core technology engineers to build"])
def test_a_first_piece_that_is_not_a_plain_title_is_not_taken_whole(first_line: str) -> None:
    assert parse_hn_comment(f"{first_line}<p>x").title != first_line


def test_interns_for_a_place_keep_the_role_only() -> None:
    assert parse_hn_comment("Acme<p>We're hiring interns for our office in Shoreditch, London.").title == "interns"
