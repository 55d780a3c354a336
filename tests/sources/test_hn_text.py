"""The HN "Who is hiring?" header-line parser, on invented comments, plus a never-crash property."""

from __future__ import annotations

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
