"""Cell parsers: numbers, booleans, dates, epochs — examples and properties."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobshift.errors import RowError
from jobshift.sources.values import is_blank, parse_bool, parse_date, parse_float, parse_int, parse_timestamp


@pytest.mark.parametrize(("text", "expected"), [("1,234", 1234.0), (" 12 ", 12.0), ("16000.0", 16000.0),
                                                 ("0.15", 0.15), ("45%", 45.0), (7, 7.0), ("-3.5", -3.5)])
def test_parse_float(text: object, expected: float) -> None:
    assert parse_float(text) == expected


@pytest.mark.parametrize("text", ["TBD", "12a", "1,23", "", ".", "nan-ish", True])
def test_parse_float_rejects(text: object) -> None:
    with pytest.raises(RowError):
        parse_float(text)


def test_parse_int_rejects_fractions() -> None:
    assert parse_int("1,100") == 1100
    with pytest.raises(RowError, match="whole number"):
        parse_int("12.5")


@pytest.mark.parametrize(("text", "expected"), [("Y", True), ("no", False), ("TRUE", True), ("0", False)])
def test_parse_bool(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


def test_dates_in_declared_formats() -> None:
    assert parse_date("1/28/2026", ("%m/%d/%Y",)) == date(2026, 1, 28)
    assert parse_date("2026-01-28") == date(2026, 1, 28)
    assert parse_timestamp("1713397508000.0", ("epoch_ms",)) == datetime(2024, 4, 17, 23, 45, 8)
    assert parse_timestamp(1778012057, ("epoch_s",)).year == 2026
    assert parse_timestamp("2024-01", ("%Y-%m",)) == datetime(2024, 1, 1)
    with pytest.raises(RowError, match="%m/%d/%Y"):
        parse_date("28.01.2026", ("%m/%d/%Y",))


def test_blank_markers() -> None:
    assert all(is_blank(v) for v in (None, "", "  ", "NaN", "n/a", float("nan")))
    assert not is_blank("0")


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_int_round_trip_with_separators(n: int) -> None:
    assert parse_int(f"{n:,}") == n
    assert parse_int(str(n)) == n


@given(st.text(max_size=30))
def test_parsers_only_raise_row_errors(text: str) -> None:
    for parser in (parse_float, parse_int, parse_bool, parse_date):
        with contextlib.suppress(RowError):
            parser(text)


@given(st.dates(min_value=date(1970, 1, 2), max_value=date(2100, 1, 1)))
def test_date_round_trip(day: date) -> None:
    assert parse_date(day.strftime("%m/%d/%Y"), ("%m/%d/%Y",)) == day
    assert parse_date(day.isoformat()) == day


def test_lists_of_numbers_are_not_one_number() -> None:
    assert parse_float("1 234 567") == 1234567.0
    for text in ("58 94 97 35", "163, 204, 130, 191", "1, 2"):
        with pytest.raises(RowError):
            parse_float(text)


def test_implausible_years_are_rejected() -> None:
    for text in ("01/01/0001", "3/4/3030"):
        with pytest.raises(RowError, match="implausible date"):
            parse_date(text, ("%m/%d/%Y",))
