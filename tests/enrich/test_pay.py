"""Tests for the pay parser: formats, periods, currencies, FX dating, rejects, and hypothesis properties.

All example texts are written for these tests (none is copied from real postings).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jobshift.enrich.pay import (
    MAX_ANNUAL_USD,
    MIN_ANNUAL_USD,
    PERIODS_PER_YEAR,
    Pay,
    annualise,
    fx_usd_per_unit,
    load_fx_rates,
    parse_salary_text,
)

ON = dt.date(2024, 6, 1)


def fx(code: str) -> float:
    rate = fx_usd_per_unit(code, ON)
    assert rate is not None
    return rate


def approx(value: float | None, expected: float) -> bool:
    return value is not None and abs(value - expected) <= 0.01 + 1e-9 * abs(expected)


# ------------------------------------------------------------------------------------------------ formats


@pytest.mark.parametrize(
    ("text", "currency", "period", "low", "high", "per_year"),
    [
        ("$150k–$200k", "USD", "year", 150_000, 200_000, 1),
        ("$150K-$200K", "USD", "year", 150_000, 200_000, 1),
        ("120,000 - 160,000 USD per year", "USD", "year", 120_000, 160_000, 1),
        ("£60-70k + equity", "GBP", "year", 60_000, 70_000, 1),
        ("€55k", "EUR", "year", 55_000, 55_000, 1),
        ("$55/hr", "USD", "hour", 55, 55, 2080),
        ("$8,000/month", "USD", "month", 8_000, 8_000, 12),
        ("$500 per day", "USD", "day", 500, 500, 260),
        ("$2,000 per week", "USD", "week", 2_000, 2_000, 52),
        ("₹12-18 LPA", "INR", "year", 1_200_000, 1_800_000, 1),
        ("INR 25 lakhs", "INR", "year", 2_500_000, 2_500_000, 1),
        ("20-30K·14薪", "CNY", "month", 20_000, 30_000, 14),
        ("CHF 120'000", "CHF", "year", 120_000, 120_000, 1),
        ("€160.000 brutto", "EUR", "year", 160_000, 160_000, 1),
        ("Pay range $182,300.00 - $291,500.00", "USD", "year", 182_300, 291_500, 1),
        ("Salary: $95K-145K+ DOE", "USD", "year", 95_000, 145_000, 1),
        ("between $120k and $150k base", "USD", "year", 120_000, 150_000, 1),
        ("USD 120-150k", "USD", "year", 120_000, 150_000, 1),
        ("$145~170k USD + 10% bonus", "USD", "year", 145_000, 170_000, 1),
        ("CA$90k - CA$110k", "CAD", "year", 90_000, 110_000, 1),
        ("$120k CAD", "CAD", "year", 120_000, 120_000, 1),
        ("1.6-2.5万元", "CNY", "month", 16_000, 25_000, 12),
        ("月薪 15k-25k，16薪", "CNY", "month", 15_000, 25_000, 16),
        ("9-10k/月 13薪", "CNY", "month", 9_000, 10_000, 13),
        ("年薪 30w", "CNY", "year", 300_000, 300_000, 1),
        ("300/天", "CNY", "day", 300, 300, 260),
        ("¥8,000,000 per year", "JPY", "year", 8_000_000, 8_000_000, 1),
        ("SEK 45 000 per month", "SEK", "month", 45_000, 45_000, 12),
        ("Hourly rate: $55", "USD", "hour", 55, 55, 2080),
        ("$154-190,000", "USD", "year", 154_000, 190_000, 1),
    ],
)
def test_formats(
    text: str, currency: str, period: str, low: float, high: float | None, per_year: int
) -> None:
    pay = parse_salary_text(text, on=ON)
    assert pay.reject_reason is None, pay
    assert (pay.currency, pay.period, pay.min_amount, pay.max_amount) == (currency, period, low, high)
    assert approx(pay.min_usd, low * per_year * fx(currency))
    if high is None:
        assert pay.max_usd is None
    else:
        assert approx(pay.max_usd, high * per_year * fx(currency))
    assert pay.text and pay.text in text


def test_first_statement_wins_and_text_is_the_statement() -> None:
    pay = parse_salary_text("Senior: $200k–$260k. Staff: $250k–$320k.", on=ON)
    assert (pay.min_amount, pay.max_amount, pay.text) == (200_000, 260_000, "$200k–$260k")


def test_html_input() -> None:
    pay = parse_salary_text("<p>Acme | Remote | $140k&#x2F;yr</p>", on=ON)
    assert (pay.min_amount, pay.period) == (140_000, "year")


def test_default_currency_for_bare_numbers() -> None:
    assert parse_salary_text("20-30k", on=ON) == Pay(None, None, None, None, None, None, None, None)
    pay = parse_salary_text("20-30k", on=ON, default_currency="CNY")
    assert (pay.currency, pay.period, pay.min_amount, pay.max_amount) == ("CNY", "month", 20_000, 30_000)
    pay = parse_salary_text("120000", on=ON, default_currency="usd")
    assert (pay.currency, pay.period, pay.min_usd) == ("USD", "year", 120_000)
    pay = parse_salary_text("¥18,000–¥25,000", on=ON, default_currency="CNY")
    assert (pay.currency, pay.period) == ("CNY", "month")


def test_yen_sign_follows_language() -> None:
    assert parse_salary_text("月薪 ¥20,000", on=ON).currency == "CNY"
    assert parse_salary_text("¥6,000,000 a year", on=ON).currency == "JPY"


# ------------------------------------------------------------------------------------------------ not pay


@pytest.mark.parametrize(
    "text",
    [
        "We raised a $5M seed round last spring.",
        "Backed by a $38.5MM Series A.",
        "Great benefits: 401(k) match, 401k plan, dental.",
        "A $90B market that is ready for change.",
        "Annual $2,000 learning budget and $15k relocation package.",
        "We are at $5k MRR and growing.",
        "We processed $80M/mo in payments last year.",
        "Ship the new 2026 roadmap with 3 engineers.",
        "Subscriptions cost $7/month for our users.",
        "要求3年以上工作经验，16薪。",
        "Join our friendly team of builders! We ship often and learn fast.",
        "",
        None,
    ],
)
def test_not_pay_statements(text: str | None) -> None:
    assert parse_salary_text(text, on=ON) == Pay(None, None, None, None, None, None, None, None)


def test_pay_after_funding_figure_is_found() -> None:
    pay = parse_salary_text("We raised $20M from great investors. Salary: $130k - $160k.", on=ON)
    assert (pay.min_amount, pay.max_amount) == (130_000, 160_000)


# ------------------------------------------------------------------------------------------------ rejects


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("$300k - $200k", "min_gt_max"),
        ("$100/year", "below_min_annual"),
        ("$50,000/hr", "above_max_annual"),
        ("NZD 120k", "unknown_currency"),
        ("Competitive", "no_number"),
        ("面议", "no_number"),
        ("$8,000", "ambiguous_period"),
    ],
)
def test_rejects(text: str, reason: str) -> None:
    pay = parse_salary_text(text, on=ON)
    assert pay.reject_reason == reason
    assert pay.min_usd is None and pay.max_usd is None


def test_rejected_pay_keeps_what_was_read() -> None:
    pay = parse_salary_text("$300k - $200k", on=ON)
    assert (pay.currency, pay.min_amount, pay.max_amount, pay.text) == (
        "USD",
        300_000,
        200_000,
        "$300k - $200k",
    )


def test_a_valid_later_statement_beats_an_earlier_reject() -> None:
    pay = parse_salary_text("NZD 150k (about $90k USD) per year", on=ON)
    assert pay.reject_reason is None and pay.currency == "USD"


# ------------------------------------------------------------------------------------------------ annualise


@pytest.mark.parametrize(
    ("low", "high", "currency", "period", "expected"),
    [
        (17, 20, "USD", "HOURLY", (17 * 2080, 20 * 2080)),
        (45_000, 65_000, "USD", "YEARLY", (45_000, 65_000)),
        (4_061, 4_817, "USD", "MONTHLY", (4_061 * 12, 4_817 * 12)),
        (2_000, None, "USD", "biweekly", (52_000, None)),
        (None, 90_000, "$", "year", (None, 90_000)),
        (800, 900, "usd", "weekly", (800 * 52, 900 * 52)),
    ],
)
def test_annualise(
    low: float | None, high: float | None, currency: str, period: str, expected: tuple[float | None, ...]
) -> None:
    pay = annualise(low, high, currency, period, on=ON)
    assert pay.reject_reason is None
    assert (pay.min_usd, pay.max_usd) == expected
    assert pay.text is None


def test_annualise_converts_currency_and_infers_annual() -> None:
    pay = annualise(60_000, 70_000, "EUR", None, on=ON)
    assert pay.period == "year" and approx(pay.min_usd, 60_000 * fx("EUR"))


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((1, 40_000, "USD", "YEARLY"), "below_min_annual"),
        ((200_000, 100_000, "USD", "YEARLY"), "min_gt_max"),
        ((100, 200, "XYZ", "HOURLY"), "unknown_currency"),
        ((100, 200, "USD", "per fortnightish"), "unknown_period"),
        ((2_400, 4_100, "EUR", None), "ambiguous_period"),
        ((6_000_000, None, "USD", "year"), "above_max_annual"),
        ((float("nan"), 10.0, "USD", "hour"), "no_number"),
    ],
)
def test_annualise_rejects(args: tuple[float, float, str, str | None], reason: str) -> None:
    assert annualise(*args, on=ON).reject_reason == reason


def test_annualise_nothing() -> None:
    assert annualise(None, None, "USD", "year") == Pay(None, None, None, None, None, None, None, None)


# ------------------------------------------------------------------------------------------------ FX


def test_fx_table_covers_required_currencies_and_years() -> None:
    table = load_fx_rates()
    required = ["USD", "EUR", "GBP", "CAD", "AUD", "INR", "CNY", "JPY"]
    required += ["CHF", "SEK", "PLN", "SGD", "BRL", "NOK", "DKK", "ILS"]
    for code in required:
        assert code in table
        if code != "USD":
            assert {d.year for d in table[code][0]} == set(range(2013, 2027))


def test_fx_is_dated() -> None:
    assert fx_usd_per_unit("EUR", dt.date(2014, 7, 1)) != fx_usd_per_unit("EUR", dt.date(2022, 7, 1))
    assert fx_usd_per_unit("EUR", dt.date(2000, 1, 1)) == fx_usd_per_unit("EUR", dt.date(2013, 5, 1))
    assert fx_usd_per_unit("EUR") == load_fx_rates()["EUR"][1][-1]
    assert fx_usd_per_unit("usd") == 1.0
    assert fx_usd_per_unit("XYZ") is None
    early = parse_salary_text("€100k", on=dt.date(2014, 1, 2))
    late = parse_salary_text("€100k", on=dt.date(2022, 1, 2))
    assert early.min_usd is not None and late.min_usd is not None and early.min_usd > late.min_usd


# ------------------------------------------------------------------------------------------------ properties

PREFIXES = {"USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "CAD": "CA$", "AUD": "A$", "SGD": "S$"}
PERIOD_WORDS = {
    "year": ["per year", "/yr", "a year", "annually", "p.a."],
    "month": ["/month", "per month", "monthly", "/mo"],
    "week": ["per week", "/wk", "weekly"],
    "day": ["per day", "/day", "daily"],
    "hour": ["/hr", "per hour", "an hour", "hourly", "/h"],
}
CURRENCIES = sorted(c for c in load_fx_rates() if c not in ("JPY",))


@st.composite
def rendered_pay(draw: st.DrawFn) -> tuple[str, str, str, int, int]:
    currency = draw(st.sampled_from(CURRENCIES))
    period = draw(st.sampled_from(sorted(PERIOD_WORDS)))
    annual_usd = draw(st.integers(min_value=15_000, max_value=900_000))
    rate = fx(currency)
    low = max(1, round(annual_usd / PERIODS_PER_YEAR[period] / rate))
    high = low + draw(st.integers(min_value=0, max_value=low))
    style = draw(st.sampled_from(["prefix", "code_before", "code_after"]))
    if style == "prefix" and currency not in PREFIXES:
        style = "code_after"
    sep = draw(st.sampled_from(["-", " - ", "–", " to ", "~"]))
    fmt = draw(st.sampled_from(["{:,}", "{}"]))
    lo_s, hi_s = fmt.format(low), fmt.format(high)
    words = draw(st.sampled_from(PERIOD_WORDS[period]))
    if style == "prefix":
        sym = PREFIXES[currency]
        body = f"{sym}{lo_s}{sep}{sym}{hi_s}"
    elif style == "code_before":
        body = f"{currency} {lo_s}{sep}{hi_s}"
    else:
        body = f"{lo_s}{sep}{hi_s} {currency}"
    lead = draw(st.sampled_from(["", "Compensation: ", "Remote | Full-time | ", "The pay is "]))
    tail = draw(st.sampled_from(["", " + equity", ". Apply now!", " plus benefits"]))
    return f"{lead}{body} {words}{tail}", currency, period, low, high


@settings(max_examples=400, deadline=None)
@given(rendered_pay())
def test_parser_recovers_rendered_ranges(case: tuple[str, str, str, int, int]) -> None:
    text, currency, period, low, high = case
    per_year = PERIODS_PER_YEAR[period]
    assume(
        low * per_year * fx(currency) >= MIN_ANNUAL_USD and high * per_year * fx(currency) <= MAX_ANNUAL_USD
    )
    pay = parse_salary_text(text, on=ON)
    assert pay.reject_reason is None, (text, pay)
    assert (pay.currency, pay.period, pay.min_amount, pay.max_amount) == (currency, period, low, high), text
    assert pay.min_usd is not None and pay.max_usd is not None and pay.min_usd <= pay.max_usd


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=500),
    st.sampled_from(["$", "€", "£"]),
)
def test_parser_recovers_k_ranges(low_k: int, spread_k: int, sym: str) -> None:
    high_k = low_k + spread_k
    pay = parse_salary_text(f"Salary {sym}{low_k}k–{sym}{high_k}k", on=ON)
    if pay.reject_reason is None:
        assert (pay.min_amount, pay.max_amount, pay.period) == (low_k * 1000, high_k * 1000, "year")
    else:
        assert pay.reject_reason in ("below_min_annual", "above_max_annual", "ambiguous_period")


MONEYISH = st.text(alphabet="$€£¥₹0123456789.,'k KMmbl-–~/年月薪hrpeyaodwLPA+()", max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=200), MONEYISH), st.none() | st.sampled_from(["USD", "CNY", "EUR", "XYZ"]))
def test_never_raises_and_min_le_max(text: str, default_currency: str | None) -> None:
    pay = parse_salary_text(text, on=ON, default_currency=default_currency)
    if pay.min_usd is not None and pay.max_usd is not None:
        assert pay.min_usd <= pay.max_usd
    if pay.reject_reason is not None:
        assert pay.min_usd is None and pay.max_usd is None
    for usd in (pay.min_usd, pay.max_usd):
        assert usd is None or MIN_ANNUAL_USD <= usd <= MAX_ANNUAL_USD


@settings(max_examples=300, deadline=None)
@given(
    st.none() | st.floats(allow_nan=True, allow_infinity=True),
    st.none() | st.floats(allow_nan=True, allow_infinity=True),
    st.none() | st.sampled_from(["USD", "EUR", "$", "XYZ", ""]),
    st.none() | st.sampled_from(["YEARLY", "HOURLY", "MONTHLY", "weekly", "daily", "bogus", ""]),
)
def test_annualise_never_raises(
    low: float | None, high: float | None, currency: str | None, period: str | None
) -> None:
    pay = annualise(low, high, currency, period, on=ON)
    if pay.min_usd is not None and pay.max_usd is not None:
        assert pay.min_usd <= pay.max_usd


# ------------------------------------------------------------------------------------------------
# Single figures and open-ended ranges


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("$170k", 170_000, 170_000),
        ("$170k + annual bonus + equity", 170_000, 170_000),
        ("Base: $150,000 + equity", 150_000, 150_000),
        ("up to $220K USD", None, 220_000),
        ("Salary: max. €90k", None, 90_000),
        ("from $120k", 120_000, None),
        ("starting at $95,000/year", 95_000, None),
        ("$200k+ depending on experience", 200_000, None),
        ("£150k+ cash/equity", 150_000, None),
        ("$140k - $180k", 140_000, 180_000),
    ],
)
def test_single_figure_is_both_ends_unless_open(text: str, low: float | None, high: float | None) -> None:
    pay = parse_salary_text(text, on=ON)
    assert pay.reject_reason is None, pay
    assert (pay.min_amount, pay.max_amount) == (low, high)
    assert (pay.min_usd is None) == (low is None) and (pay.max_usd is None) == (high is None)


# ------------------------------------------------------------------------------------------------
# enrich_posting's pay part (the only caller that combines salary fields and description)


def _posting(**fields: object) -> dict[str, object]:
    row: dict[str, object] = {"title": "Backend Engineer", "description": "", "posted_at": ON}
    row.update(fields)
    return row


def test_enrich_reads_pay_from_description_when_the_field_has_none() -> None:
    from jobshift.enrich.records import enrich_posting

    row, _, _ = enrich_posting(_posting(
        salary_text=None,
        description="Acme | Remote\nWe raised a $12M seed round.\n- Backend Engineer ($150k-$190k + equity)",
    ))
    assert (row["salary_min_usd"], row["salary_max_usd"]) == (150_000, 190_000)
    assert row.get("salary_min") is None  # the source's own pay fields stay empty


def test_enrich_falls_back_when_the_field_is_not_pay() -> None:
    from jobshift.enrich.records import enrich_posting

    row, _, _ = enrich_posting(_posting(salary_text="$30 trillion in", description="Pay: $120k - $160k"))
    assert (row["salary_min_usd"], row["salary_max_usd"]) == (120_000, 160_000)


def test_enrich_description_without_pay_gives_none() -> None:
    from jobshift.enrich.records import enrich_posting

    row, _, _ = enrich_posting(_posting(salary_text=None, description="We raised $5M. Python, Go."))
    assert row["salary_min_usd"] is None and row["salary_max_usd"] is None


def test_enrich_structured_period_corrected_by_the_text() -> None:
    from jobshift.enrich.records import enrich_posting

    row, _, _ = enrich_posting(_posting(
        salary_min=3000.0, salary_max=4000.0, salary_currency="EUR", salary_period="year",
        description="Salary: EUR 3,000 - EUR 4,000 gross per month",
    ))
    assert approx(row["salary_min_usd"], 3000 * 12 * fx("EUR"))
    assert approx(row["salary_max_usd"], 4000 * 12 * fx("EUR"))


def test_enrich_implausible_yearly_figure_read_as_monthly() -> None:
    from jobshift.enrich.records import enrich_posting

    row, _, _ = enrich_posting(_posting(
        salary_min=15000.0, salary_max=None, salary_currency="PLN", salary_period="year", description="",
    ))
    assert approx(row["salary_min_usd"], 15000 * 12 * fx("PLN"))


def test_enrich_yearly_figure_kept_when_plausible() -> None:
    from jobshift.enrich.records import enrich_posting

    row, _, _ = enrich_posting(_posting(
        salary_min=60000.0, salary_max=80000.0, salary_currency="EUR", salary_period="year",
        description="Salary: €60,000-€80,000",
    ))
    assert approx(row["salary_min_usd"], 60000 * fx("EUR"))
