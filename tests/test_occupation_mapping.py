"""Occupations and exposure in the database: a tiny O*NET-shaped fixture, postings and layoffs, re-runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from jobshift.importing import import_path
from jobshift.occupation_mapping import map_occupations, mapping_version
from jobshift.pipeline import ingest
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import parse_mapping

# O*NET's documented tab-separated shapes (onetcenter.org/dictionary/29.2/text), hand-made rows.
OCCUPATION_DATA = (
    "O*NET-SOC Code\tTitle\tDescription\n"
    "15-1252.00\tSoftware Developers\tDevelop software.\n"
    "43-4051.00\tCustomer Service Representatives\tHelp customers.\n"
    "29-1141.00\tRegistered Nurses\tCare for patients.\n"
    "53-7062.00\tLaborers and Freight, Stock, and Material Movers, Hand\tMove freight.\n"
)
ALTERNATE_TITLES = (
    "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)\n"
    "43-4051.00\tCustomer Service Agent\tn/a\t02,04\n"
    "43-4051.00\tCall Center Representative\tn/a\t02\n"
    "29-1141.00\tStaff Nurse\tn/a\t02\n"
    "53-7062.00\tWarehouse Worker\tn/a\t02,10\n"
)
TECHNOLOGY = "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n"
EXPOSURE = (
    "O*NET-SOC Code,Title,dv_rating_alpha,dv_rating_beta,dv_rating_gamma,human_rating_alpha,human_rating_beta,"
    "human_rating_gamma\n"
    "15-1252.00,Software Developers,0.4,0.6,0.8,0.4,0.6,0.8\n"
    "43-4051.00,Customer Service Representatives,0.3,0.5,0.7,0.3,0.5,0.7\n"
    "29-1141.00,Registered Nurses,0.1,0.2,0.3,0.1,0.2,0.3\n"
)

POSTINGS: dict[str, Any] = {"target": "postings", "source": "board", "files": "*.csv", "id": "id",
            "fields": {"title": {"column": "title", "required": True}, "company": "company"}}
LAYOFFS: dict[str, Any] = {"target": "layoff_events", "source": "tracker", "files": "*.csv", "id": "id",
           "fields": {"company": {"column": "company", "required": True}, "description": "text"}}


def _onet(tmp_path: Path) -> tuple[Path, Path]:
    onet = tmp_path / "onet"
    onet.mkdir()
    (onet / "Occupation Data.txt").write_text(OCCUPATION_DATA, encoding="utf-8")
    (onet / "Alternate Titles.txt").write_text(ALTERNATE_TITLES, encoding="utf-8")
    (onet / "Technology Skills.txt").write_text(TECHNOLOGY, encoding="utf-8")
    exposure = tmp_path / "exposure" / "occ_level.csv"
    exposure.parent.mkdir()
    exposure.write_text(EXPOSURE, encoding="utf-8")
    return onet, exposure


def _ingest(con: duckdb.DuckDBPyConnection, folder: Path, mapping: dict[str, Any], text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "rows.csv").write_text(text, encoding="utf-8")
    for source in sources_for_path(folder, parse_mapping(mapping, "t")):
        assert ingest(con, source).status == "ok"


def _postings(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("SELECT source_id, occupation_code, occupation_title, occupation_major, occupation_method, "
                       "exposure_score, exposure_band, occupation_evidence IS NOT NULL FROM postings "
                       "ORDER BY source_id").fetchall()


def test_rules_and_fallback_without_onet_then_index_and_bands_after_import(con: duckdb.DuckDBPyConnection,
                                                                           tmp_path: Path) -> None:
    _ingest(con, tmp_path / "p", POSTINGS,
            "id,title,company\n1,Senior Backend Engineer,Acme\n2,Customer Service Agent (Remote),Beta\n"
            "3,Staff Nurses - ICU,Gamma\n4,Widget Wrangler,Delta\n")
    before = {r[0]: r for r in _postings(con)}
    assert before["1"][1:5] == ("15-1252.00", None, "15", "rule")  # no O*NET: rules still map, no title
    assert before["1"][5] is None and before["1"][6] is None  # no exposure table: no score, no band
    assert before["4"][4] in ("none", "role_family_fallback")

    onet, exposure = _onet(tmp_path)
    import_path(con, onet, "onet_technology_skills")
    import_path(con, exposure, "gpts_are_gpts_exposure")
    after = {r[0]: r for r in _postings(con)}
    assert after["1"] == ("1", "15-1252.00", "Software Developers", "15", "rule", 0.6, "high", True)
    assert after["2"][1:7] == ("43-4051.00", "Customer Service Representatives", "43", "title_index", 0.5, "high")
    assert after["3"][1:7] == ("29-1141.00", "Registered Nurses", "29", "title_index", 0.2, "low")
    assert after["4"][1] is None and after["4"][4] == "none"
    version = mapping_version(con)
    assert con.execute("SELECT count(*) FROM postings WHERE occupation_version = ?", [version]).fetchone() == (4,)

    # idempotent: nothing left to map, and re-running changes no value
    summary = map_occupations(con)
    assert (summary.postings, summary.layoffs) == (0, 0)
    assert _postings(con) == list(after.values())


def test_layoff_roles_get_codes_bands_and_evidence(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    onet, exposure = _onet(tmp_path)
    import_path(con, onet, "onet_technology_skills")
    import_path(con, exposure, "gpts_are_gpts_exposure")
    _ingest(con, tmp_path / "l", LAYOFFS,
            'id,company,text\n1,Acme,"Acme laid off 200 customer service agents and cut warehouse jobs."\n'
            "2,Beta,Beta cut costs.\n3,Gamma,\n")
    rows = dict((r[0], r[1:]) for r in con.execute(
        "SELECT source_id, occupation_codes, exposure_bands, occupation_evidence FROM layoff_events").fetchall())
    codes, bands, evidence = rows["1"]
    assert codes == "43-4051.00,53-7062.00"
    assert bands == "high,"  # the warehouse occupation has no exposure score in the fixture
    assert "'customer service agents' -> 43-4051.00" in evidence and "'warehouse' -> 53-7062.00" in evidence
    assert rows["2"] == ("", "", None)  # text naming no role
    assert rows["3"] == (None, None, None)  # no text
    before = con.execute("SELECT * FROM layoff_events ORDER BY event_id").fetchall()
    assert map_occupations(con).layoffs == 0
    _ingest(con, tmp_path / "l", LAYOFFS,  # same file again: nothing changes
            'id,company,text\n1,Acme,"Acme laid off 200 customer service agents and cut warehouse jobs."\n'
            "2,Beta,Beta cut costs.\n3,Gamma,\n")
    after = con.execute("SELECT * FROM layoff_events ORDER BY event_id").fetchall()
    strip = [tuple(v for k, v in enumerate(r) if k not in _volatile(con)) for r in before]
    assert strip == [tuple(v for k, v in enumerate(r) if k not in _volatile(con)) for r in after]


def _volatile(con: duckdb.DuckDBPyConnection) -> set[int]:
    cols = [r[0] for r in con.execute("DESCRIBE layoff_events").fetchall()]
    return {i for i, c in enumerate(cols) if c in ("last_seen", "run_id", "raw_id")}


def test_enrich_file_output_uses_the_database_index(con: duckdb.DuckDBPyConnection, db_path: Path,
                                                     tmp_path: Path) -> None:
    from jobshift.tagging import enrich_records, occupation_reference

    postings = tmp_path / "p.csv"
    postings.write_text("title,description\nStaff Nurse,Care for patients.\n", encoding="utf-8")
    without, note = occupation_reference(None)
    assert without is None and note is not None and "rules" in note
    [row] = list(enrich_records("postings", postings, without))
    assert (row["occupation_code"], row["occupation_method"], row["exposure_band"]) == (None, "none", None)

    onet, exposure = _onet(tmp_path)
    import_path(con, onet, "onet_technology_skills")
    import_path(con, exposure, "gpts_are_gpts_exposure")
    con.close()
    reference, note = occupation_reference(db_path)
    assert note is None
    [row] = list(enrich_records("postings", postings, reference))
    assert (row["occupation_code"], row["occupation_title"], row["occupation_method"], row["exposure_score"],
            row["exposure_band"]) == ("29-1141.00", "Registered Nurses", "title_index", 0.2, "low")
    layoffs = tmp_path / "l.csv"
    layoffs.write_text('text\n"Acme laid off 50 customer service agents."\n', encoding="utf-8")
    [row] = list(enrich_records("layoffs", layoffs, reference))
    assert (row["occupation_codes"], row["exposure_bands"]) == ("43-4051.00", "high")
