"""The mapping-driven importer on small files: fields, ids, rejects and file-level errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jobshift.errors import InputFileError, RowError
from jobshift.sources.file_import import FileSource, sources_for_path
from jobshift.sources.mapping import parse_mapping

LAYOFF_MAPPING = {
    "target": "layoff_events", "source": "tracker", "files": "*.csv", "id": ["company", "date"],
    "duplicate_keys": "number",
    "fields": {
        "company": {"column": ["Company Name", "company"], "required": True},
        "announced_on": {"column": "date", "formats": ["%m/%d/%Y"], "required": True},
        "headcount": {"column": "laid off", "type": "int"},
        "percent": {"column": "pct", "scale": 100},
        "state": {"from_filename": r"^([a-z]{2})\.", "case": "upper"},
        "country": {"value": "US"},
    },
}


def source_for(tmp_path: Path, text: str, name: str = "ca.csv") -> FileSource:
    (tmp_path / name).write_text(text, encoding="utf-8")
    mapping = parse_mapping(LAYOFF_MAPPING, "test")
    return sources_for_path(tmp_path, mapping)[0]


def test_fields_are_typed_and_columns_matched_loosely(tmp_path: Path) -> None:
    source = source_for(tmp_path, "company_name,Date,Laid_Off,pct\nAcme,1/28/2026,\"1,100\",0.15\n")
    raw = next(iter(source.fetch()))
    row = source.normalise(raw)
    assert row["company"] == "Acme"
    assert row["announced_on"] == date(2026, 1, 28)
    assert row["headcount"] == 1100
    assert row["percent"] == pytest.approx(15.0)
    assert row["state"] == "CA"
    assert row["country"] == "US"


def test_duplicate_rows_are_numbered(tmp_path: Path) -> None:
    source = source_for(tmp_path, "company,date\nAcme,1/2/2026\nAcme,1/2/2026\nBeta,1/2/2026\n")
    keys = [raw.source_key for raw in source.fetch()]
    assert keys[1] == keys[0] + "#2"
    assert len(set(keys)) == 3


def test_ids_are_stable_across_reads(tmp_path: Path) -> None:
    source = source_for(tmp_path, "company,date\nAcme,1/2/2026\n")
    assert [r.source_key for r in source.fetch()] == [r.source_key for r in source.fetch()]


def test_bad_values_are_row_errors_naming_the_field(tmp_path: Path) -> None:
    source = source_for(tmp_path, "company,date,laid off\nAcme,2026-13-45,10\nBeta,1/2/2026,TBD\n,1/2/2026,1\n")
    raws = list(source.fetch())
    with pytest.raises(RowError, match="announced_on") as first:
        source.normalise(raws[0])
    assert first.value.field == "announced_on"
    with pytest.raises(RowError, match="headcount: expected a number"):
        source.normalise(raws[1])
    with pytest.raises(RowError, match="company: required"):
        source.normalise(raws[2])


def test_missing_required_column_fails_the_file(tmp_path: Path) -> None:
    source = source_for(tmp_path, "firm,date\nAcme,1/2/2026\n")
    with pytest.raises(InputFileError, match=r"ca\.csv: missing columns: company .*The file has: firm, date"):
        list(source.fetch())


def test_extra_fields_row_is_rejected(tmp_path: Path) -> None:
    source = source_for(tmp_path, "company,date\nAcme,1/2/2026,surprise\n")
    with pytest.raises(RowError, match="more non-empty field"):
        source.normalise(next(iter(source.fetch())))


def test_where_filter_and_list_items(tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text(
        '[{"id": "a", "type": "layoff", "roles": [{"title": "SWE"}, {"title": "PM"}], "d": "2026-01-02"},'
        ' {"id": "b", "type": "investment", "roles": [], "d": "2026-01-02"}]', encoding="utf-8")
    mapping = parse_mapping({
        "target": "postings", "files": "e.json", "id": "id", "where": {"type": "layoff"},
        "fields": {"title": {"column": "roles", "item": "title", "join": " / "},
                   "posted_at": {"column": "d", "formats": ["%Y-%m-%d"]}},
    }, "t")
    source = sources_for_path(tmp_path, mapping)[0]
    rows = [source.normalise(r) for r in source.fetch()]
    assert [r["title"] for r in rows] == ["SWE / PM"]


def test_single_file_path_picks_the_matching_part(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("c\tt\n11-1011.00\tChief\n", encoding="utf-8")
    mapping = parse_mapping({"format": "tsv", "parts": [
        {"target": "occupations", "files": "a.txt", "fields": {"soc_code": "c", "title": "t"}},
        {"target": "occupation_exposure", "files": "b.txt", "fields": {"soc_code": "c", "title": "t"}},
    ]}, "m")
    sources = sources_for_path(path, mapping)
    assert [s.target for s in sources] == ["occupation_exposure"]


def test_missing_path_is_clear(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        sources_for_path(tmp_path / "nope", parse_mapping(LAYOFF_MAPPING, "t"))
