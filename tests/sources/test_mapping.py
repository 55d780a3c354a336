"""Mapping files: packaged ones load, bad ones fail with a message that says what to fix."""

from __future__ import annotations

import pytest

from jobshift.errors import MappingError
from jobshift.sources.mapping import available_mappings, load_mapping, parse_mapping

SHARED_DATASETS = {
    "layoffs_fyi_databyab", "warn_notices_biglocalnews", "ai_layoffs_tracker_events",
    "hn_whoishiring_2026_gantryops", "hn_whoishiring_2013_2018_gaganpreet", "linkedin_postings_sample_koriralex",
    "linkedin_ds_jobs_2024_venura", "analytics_engineer_jds_2026_jeremychia", "ruanyf_weekly_hiring_cn_darknight",
    "onet_technology_skills", "gpts_are_gpts_exposure",
}


def test_every_shared_dataset_has_a_mapping_that_loads() -> None:
    assert available_mappings() and set(available_mappings()) >= SHARED_DATASETS
    for name in available_mappings():
        mapping = load_mapping(name)
        assert mapping.parts, name


def test_unknown_mapping_lists_known_ones() -> None:
    with pytest.raises(MappingError, match="layoffs_fyi_databyab"):
        load_mapping("nope")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"target": "jobs", "id": "x", "fields": {"title": "t"}}, "target 'jobs'"),
        ({"target": "postings", "fields": {"title": "t"}}, "`id` is required"),
        ({"target": "postings", "id": "x", "fields": {"salary": "s"}}, "field 'salary' is not a column"),
        ({"target": "postings", "id": "x", "fields": {"title": {"colum": "t"}}}, "unknown keys"),
        ({"target": "postings", "id": "x", "fields": {"posted_at": {"column": "d", "type": "int"}}}, "has type"),
        ({"target": "postings", "id": "x", "fields": {"title": "t"}, "format": "xls"}, "format 'xls'"),
        ({"target": "postings", "id": "x", "fields": {"title": "t"}, "colour": 1}, "unknown keys"),
        ("just text", "a mapping is a YAML mapping"),
    ],
)
def test_invalid_mappings(document: object, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        parse_mapping(document, "test")


def test_parts_inherit_shared_keys() -> None:
    mapping = parse_mapping({"format": "tsv", "parts": [
        {"target": "occupations", "files": "a.txt", "fields": {"soc_code": "c", "title": "t"}},
        {"target": "occupation_exposure", "files": "b.txt", "fields": {"soc_code": "c"}},
    ]}, "m")
    assert [p.format for p in mapping.parts] == ["tsv", "tsv"]
    assert [p.target for p in mapping.parts] == ["occupations", "occupation_exposure"]
