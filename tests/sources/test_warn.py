"""WARN notices: CSV → layoff rows for several states' headers; the scraper call injected (never the network)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobshift.errors import RowError, SourceResponseError, SourceUnreachable
from jobshift.fields import LAYOFF_FIELDS
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import load_mapping
from jobshift.sources.warn import (
    DEFAULT_STATES,
    WARN_MAPPING,
    WarnSource,
    normalise_notice,
    notice_key,
    parse_day,
    parse_headcount,
    resolve_columns,
)
from jobshift.store.db import connect

REPLAY = Path(__file__).parent / "replay"


def _source(**kwargs: Any) -> WarnSource:
    files = {"ca": REPLAY / "warn_ca.csv", "ny": REPLAY / "warn_ny.csv", "co": REPLAY / "warn_co.csv"}
    return WarnSource(csv_files=files, **kwargs)


def _builtin(**kwargs: Any) -> WarnSource:
    return _source(mapping=None, **kwargs)


def _normalised(source: WarnSource) -> tuple[list[dict[str, Any]], list[str]]:
    rows, rejects = [], []
    for raw in source.fetch(None):
        try:
            rows.append(source.normalise(raw))
        except RowError as exc:
            rejects.append(f"{raw.location}: {exc.reason}")
    return rows, rejects


def test_csv_rows_from_three_state_layouts() -> None:
    source = _builtin()
    assert source.name == "warn" and source.target == "layoff_events" and source.origin == "csv: CA,NY,CO"
    rows, rejects = _normalised(source)
    by_company = {r["company"]: r for r in rows}
    assert sorted(by_company) == ["Café Société Restaurants", "Globex Holdings", "Hooli Inc.",
                                  "Initech Corporation", "Pied Piper, LLC", "Umbrella Corp", "Vandelay Industries"]
    hooli = by_company["Hooli Inc."]
    assert hooli["announced_on"] == date(2025, 3, 3) and hooli["effective_on"] == date(2025, 5, 2)
    assert (hooli["headcount"], hooli["location"], hooli["state"], hooli["country"], hooli["notice_type"]) == (
        212, "Palo Alto", "CA", "US", "layoff")
    assert hooli["source_id"].startswith("CA:")
    assert by_company["Pied Piper, LLC"]["notice_type"] == "closure"
    assert by_company["Pied Piper, LLC"]["announced_on"] == date(2025, 3, 10)
    assert by_company["Café Société Restaurants"]["headcount"] is None  # "TBD"
    initech = by_company["Initech Corporation"]
    assert (initech["headcount"], initech["announced_on"], initech["effective_on"], initech["location"]) == (
        1150, date(2025, 3, 5), date(2025, 6, 1), "New York")
    assert initech["description"] == "Reason: Automation of back-office processes"
    assert by_company["Globex Holdings"]["announced_on"] == date(2025, 3, 20)
    assert by_company["Globex Holdings"]["notice_type"] == "closure"
    umbrella = by_company["Umbrella Corp"]
    assert umbrella["headcount"] == 45 and umbrella["effective_on"] == date(2025, 4, 28)
    assert umbrella["industry"] == "522320" and umbrella["location"] == "Denver County"
    assert by_company["Vandelay Industries"]["headcount"] == 120
    assert by_company["Vandelay Industries"]["announced_on"] == date(2025, 3, 3)
    assert len(rejects) == 2 and all("company" in r for r in rejects)  # the blank row and the row with no name
    assert all(set(r) <= set(LAYOFF_FIELDS) for r in rows)
    assert len({r["source_id"] for r in rows}) == len(rows)


def test_scraper_is_injected_and_failures_are_per_state(tmp_path: Path) -> None:
    calls: list[tuple[str, Path, Path]] = []

    def scraper(state: str, data_dir: Path, cache_dir: Path) -> Path:
        calls.append((state, data_dir, cache_dir))
        if state == "tx":
            raise RuntimeError("Texas page layout changed")
        target = data_dir / f"{state}.csv"
        shutil.copy(REPLAY / f"warn_{state}.csv", target)
        return target

    source = WarnSource(["ca", "tx", "ny"], data_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                        scraper=scraper, mapping=None)
    rows, _ = _normalised(source)
    assert [c[0] for c in calls] == ["ca", "tx", "ny"] and calls[0][1] == tmp_path / "out"
    assert {r["state"] for r in rows} == {"CA", "NY"}
    assert source.problems == ["warn TX: RuntimeError: Texas page layout changed"]


def test_every_state_failing(tmp_path: Path) -> None:
    def offline(state: str, data_dir: Path, cache_dir: Path) -> Path:
        raise ConnectionError(f"Max retries exceeded for {state}: connection refused")

    with pytest.raises(SourceUnreachable, match="warn: every state failed"):
        list(WarnSource(["ca", "ny"], data_dir=tmp_path, cache_dir=tmp_path, scraper=offline).fetch(None))

    def broken(state: str, data_dir: Path, cache_dir: Path) -> Path:
        return tmp_path / "missing.csv"

    with pytest.raises(SourceResponseError, match=r"missing\.csv: cannot read WARN CSV"):
        list(WarnSource(["ca"], data_dir=tmp_path, cache_dir=tmp_path, scraper=broken).fetch(None))


def test_mapping_mode_matches_file_import(tmp_path: Path) -> None:
    source = _source()
    rows, rejects = _normalised(source)
    assert len(rows) == 7 and len(rejects) == 2 and not source.problems
    for state in ("ca", "ny", "co"):  # the ids `jobshift import` gives the same files, named as warn-scraper does
        shutil.copy(REPLAY / f"warn_{state}.csv", tmp_path / f"{state}.csv")
    imported = []
    for reader in sources_for_path(tmp_path, load_mapping(WARN_MAPPING)):
        for raw in reader.fetch():
            try:
                imported.append(reader.normalise(raw)["source_id"])
            except RowError:
                continue
    assert sorted(r["source_id"] for r in rows) == sorted(imported)
    hooli = next(r for r in rows if r["company"] == "Hooli Inc.")
    assert (hooli["state"], hooli["headcount"], hooli["announced_on"]) == ("CA", 212, date(2025, 3, 3))
    assert all(r.location.startswith(str(REPLAY)) for r in source.fetch(None))  # the file given, not a copy


def test_mapping_mode_with_scraper_output(tmp_path: Path) -> None:
    def scraper(state: str, data_dir: Path, cache_dir: Path) -> Path:
        target = data_dir / f"{state}.csv"
        shutil.copy(REPLAY / f"warn_{state}.csv", target)
        return target

    source = WarnSource(["co"], data_dir=tmp_path, cache_dir=tmp_path, scraper=scraper)
    rows, _ = _normalised(source)
    assert [r["company"] for r in rows] == ["Umbrella Corp", "Vandelay Industries"]
    assert all(r["source_id"].startswith("co:") and r["state"] == "CO" for r in rows)


def test_default_states_and_key_stability() -> None:
    assert DEFAULT_STATES[:4] == ("ca", "ny", "tx", "wa") and "ma" not in DEFAULT_STATES
    row = {"Company": "Acme", "Notice Date": "1/2/2025", "Employees": "10", "City": "Austin"}
    assert notice_key("tx", row) == notice_key("TX", {**row, "Company": "  ACME "})
    assert notice_key("tx", row) != notice_key("tx", {**row, "Employees": "11"})


def test_column_resolution() -> None:
    assert resolve_columns(("GA WARN ID", "Company Name", "First Location Address", "County",
                            "Total Number of Affected Employees", "First Date of Separation", "Notice Date")) == {
        "company": "Company Name", "notice": "Notice Date", "effective": "First Date of Separation",
        "headcount": "Total Number of Affected Employees", "location": "First Location Address"}


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-01", date(2025, 3, 1)), ("3/1/2025", date(2025, 3, 1)), ("03/01/25", date(2025, 3, 1)),
    ("2025-03-01 00:00:00", date(2025, 3, 1)), ("3/1/2025 - 3/15/2025", date(2025, 3, 1)),
    ("01-Mar-2025", date(2025, 3, 1)), ("March 1, 2025", date(2025, 3, 1)), ("TBD", None), ("", None),
    (None, None),
])
def test_parse_day(value: Any, expected: date | None) -> None:
    assert parse_day(value) == expected


def test_parse_headcount() -> None:
    assert [parse_headcount(v) for v in ("1,234", "approx. 150", "TBD", "", None, "0", 12)] == [
        1234, 150, None, None, None, None, 12]


def test_bad_rows() -> None:
    with pytest.raises(RowError, match="company"):
        normalise_notice("CA", {"company": " ", "notice_date": "2025-01-01"})
    with pytest.raises(RowError, match="date"):
        normalise_notice("CA", {"company": "Acme", "notice_date": "soon"})
    with pytest.raises(RowError, match="state"):
        normalise_notice("California", {"company": "Acme", "notice_date": "2025-01-01"})


_cell = st.none() | st.text(max_size=25) | st.sampled_from(["3/1/2025", "2025-13-45", "1,000", "TBD", "-1"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=st.text(max_size=3), row=st.dictionaries(
    st.sampled_from(["company", "Company Name", "notice_date", "WARN Date", "effective_date", "num_employees",
                     "city", "layoff_or_closure", "reason", "naics"]) | st.text(max_size=10), _cell, max_size=8))
def test_normaliser_never_raises_but_row_error(state: str, row: dict[str, Any]) -> None:
    try:
        out = normalise_notice(state, row)
    except RowError:
        return
    assert set(out) <= set(LAYOFF_FIELDS) and out["company"] and out["announced_on"]


def test_ingest_and_reingest(pipeline: Any, tmp_path: Path) -> None:
    con = connect(tmp_path / "t.duckdb")
    first = pipeline.ingest(con, _builtin())
    assert first.status == "ok" and first.counts.new == 7 and first.counts.rejected == 2
    assert pipeline.ingest(con, _builtin()).counts.new == 0
    assert con.execute("SELECT count(*), sum(headcount) FROM layoff_events WHERE source = 'warn'").fetchall() == [(
        7, 212 + 57 + 1150 + 88 + 45 + 120)]


def test_ingest_mapping_mode_then_file_import_adds_nothing(pipeline: Any, tmp_path: Path) -> None:
    con = connect(tmp_path / "t.duckdb")
    assert pipeline.ingest(con, _source()).counts.new == 7
    for state in ("ca", "ny", "co"):
        shutil.copy(REPLAY / f"warn_{state}.csv", tmp_path / f"{state}.csv")
    for imported in sources_for_path(tmp_path, load_mapping(WARN_MAPPING)):
        assert pipeline.ingest(con, imported).counts.new == 0
    assert con.execute("SELECT count(*) FROM layoff_events").fetchall() == [(7,)]
