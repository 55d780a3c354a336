"""Filters: parsing and validation, and that each filter applies the same way to every metric."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import pytest

from jobshift.errors import ConfigError
from jobshift.metrics import Filters, run_all, run_metric

if TYPE_CHECKING:
    from conftest import Db


def test_filters_normalise() -> None:
    f = Filters(start="2024-01-17", end=date(2024, 2, 3), country=" us ", state="ca")
    assert (f.start, f.end, f.country, f.state) == ("2024-01", "2024-02", "US", "CA")
    assert f.start_date() == date(2024, 1, 1)
    assert f.end_date() == date(2024, 2, 29)  # leap year, inclusive month
    assert f.as_dict() == {"start": "2024-01", "end": "2024-02", "country": "US", "state": "CA"}
    assert Filters().as_dict() == {}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": "2024-13"},
        {"start": "January"},
        {"start": "2024-05", "end": "2024-01"},
        {"state": "California"},
        {"company_class": "big"},
        {"role_family": "wizard"},
    ],
)
def test_filters_reject_bad_values(kwargs: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Filters(**kwargs)  # type: ignore[arg-type]


def test_period_is_inclusive_months(db: Db) -> None:
    for pid, day in (
        ("jan31", "2024-01-31"),
        ("feb1", "2024-02-01"),
        ("feb29", "2024-02-29"),
        ("mar1", "2024-03-01"),
    ):
        db.posting(pid, day)
        db.layoff(pid, day, headcount=1)
    f = Filters(start="2024-02", end="2024-02")
    assert run_metric(db.con, "postings_distinct", f).value == 2
    assert run_metric(db.con, "layoff_events_monthly", f).table == [
        {"month": "2024-02", "events": 2, "headcount": 2, "headcount_known": 2, "raw_events": 2, "raw_headcount": 2}
    ]


def test_posting_date_falls_back_to_first_seen(db: Db) -> None:
    db.posting("undated", None, first_seen=datetime(2024, 5, 9, 13, 0))
    result = run_metric(db.con, "postings_distinct", Filters(start="2024-05", end="2024-05"))
    assert (result.value, result.period) == (1, "2024-05..2024-05")


def test_country_state_class_and_role_filters(db: Db) -> None:
    db.company("acme", "incumbent")
    db.posting("sf", location="San Francisco, CA", company_id="acme", role_family="ai_engineer")
    db.posting("toronto", location="Toronto, CA", country="CA", role_family="ai_engineer")
    db.posting("berlin", location="Berlin", country="DE", role_family="software_engineer")
    db.layoff("ca", state="CA", company_id="acme", headcount=10)
    db.layoff("ny", state="NY", headcount=20)
    db.layoff("de", country="DE", headcount=30)

    def counts(**kw: str) -> tuple[float | None, int]:
        f = Filters(**kw)  # type: ignore[arg-type]
        postings = run_metric(db.con, "postings_distinct", f).value
        return postings, run_metric(db.con, "ai_attributed_share", f).n

    assert counts() == (3, 3)
    assert counts(country="de") == (1, 1)
    assert counts(state="CA") == (1, 1)  # Toronto, CA is in Canada
    assert counts(company_class="incumbent") == (1, 1)
    assert counts(company_class="unknown") == (2, 2)
    # role_family restricts postings only; layoffs have no role
    assert counts(role_family="ai_engineer") == (2, 3)


def test_filters_reported_on_every_result(db: Db) -> None:
    db.posting("p1")
    results = run_all(db.con, Filters(country="US"))
    assert all(r.filters == {"country": "US"} for r in results)
