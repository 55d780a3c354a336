"""Countries from locations and the currency a bare pay figure takes from them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.places import countries_of, country_of, currency_of_country, currency_of_location
from jobshift.enrich.records import enrich_posting


@pytest.mark.parametrize(
    ("location", "country"),
    [
        ("Austin, TX", "US"),
        ("Remote (UK)", "GB"),
        ("London, Ontario, Canada", "CA"),
        ("Berlin / Remote", "DE"),
        ("Denver, CO, USA", "US"),
        ("Somewhere nice", None),
        ("", None),
        (None, None),
    ],
)
def test_country_of(location: str | None, country: str | None) -> None:
    assert country_of(location) == country


def test_several_countries_give_no_single_currency() -> None:
    assert set(countries_of("Remote in US & CAN")) == {"US", "CA"}
    assert currency_of_location(None, "Remote in US & CAN") is None
    assert currency_of_location(None, "Paris or Berlin") == "EUR"  # two countries, one currency


def test_country_field_wins_over_location() -> None:
    assert currency_of_location("GB", "New York") == "GBP"
    assert currency_of_country("uk") == "GBP"
    assert currency_of_country("ZZ") is None
    assert currency_of_country(None) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_country_of_never_raises(location: str) -> None:
    found = country_of(location)
    assert found is None or (len(found) == 2 and found.isupper())
    currency = currency_of_location(None, location)
    assert currency is None or (len(currency) == 3 and currency.isupper())


def _pay(location: str, text: str) -> tuple[float | None, float | None]:
    row, _, _ = enrich_posting({"title": "Senior Java Engineer", "description": text, "location": location,
                                "posted_at": "2026-03-01"})
    return row["salary_min_usd"], row["salary_max_usd"]


def test_bare_figure_takes_the_country_currency() -> None:
    text = "Senior Java Engineer | Denver, CO | Salary: 140k-180k base + equity."
    assert _pay("Denver, CO", text) == (140_000.0, 180_000.0)
    low, high = _pay("London, UK", "Backend Engineer | London | 60-70k base salary + equity")
    assert low is not None and high is not None and low > 60_000  # GBP is worth more than USD


def test_bare_figure_without_a_country_is_not_pay() -> None:
    assert _pay("Remote", "Backend Engineer | Remote | 60-70k + equity") == (None, None)


def test_a_place_currency_needs_a_pay_word() -> None:
    # A count or a standard number in a US posting is not pay, though the country gives a currency.
    about = "We are a content marketing platform hiring engineers to work on our search and ranking systems. "
    assert _pay("Phoenix, AZ", about + "We have ranked 200k+ content producers.") == (None, None)
    assert _pay("Montpelier, OH", about + "Ensure compliance with the IATF 16949 standard.") == (None, None)
