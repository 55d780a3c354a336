"""The runner: provenance (sources, period, synthetic), read-only use, temp views, the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from jobshift.errors import ConfigError
from jobshift.metrics import list_metrics, run_all, run_metric
from jobshift.metrics.catalog import parse_header
from jobshift.store.db import open_read_only

if TYPE_CHECKING:
    from conftest import Db

HEADLINE = {
    "postings_distinct",
    "share_mentions_llm",
    "share_ai_skill_required",
    "top_skills",
    "role_family_counts_monthly",
    "median_pay_by_role",
    "ai_pay_premium",
    "layoff_events_monthly",
    "layoffs_yearly",
    "ai_attributed_share",
    "cuts_concentration",
    "cuts_by_company_class",
    "cutting_while_hiring",
    "gross_vs_net_monthly",
}


def test_catalogue_has_the_headline_set() -> None:
    metrics = list_metrics()
    ids = [m.id for m in metrics]
    assert set(ids) >= HEADLINE
    assert len(ids) == len(set(ids))
    for m in metrics:
        assert m.label and m.unit and m.definition and m.caveats and m.basis and m.sql


def test_header_parsing_and_errors() -> None:
    text = (
        "-- id: demo\n-- label: Demo\n-- unit: postings\n-- compute: scalar\n-- basis: f_postings\n"
        "-- definition: first line\n--   continued\n-- caveats: none\nSELECT 1 AS value;\n"
    )
    metric = parse_header("demo.sql", text)
    assert metric.definition == "first line continued"
    assert metric.sql == "SELECT 1 AS value"
    with pytest.raises(ConfigError, match="does not match"):
        parse_header("other.sql", text)
    with pytest.raises(ConfigError, match="lacks caveats"):
        parse_header("demo.sql", text.replace("-- caveats: none\n", ""))


def test_unknown_metric(db: Db) -> None:
    with pytest.raises(ConfigError, match="unknown metric"):
        run_metric(db.con, "nope")


def test_sources_period_and_synthetic(db: Db) -> None:
    db.posting("a", "2024-01-03", source="board_a", mentions_llm=True)
    db.posting("b", "2024-03-09", source="board_a", mentions_llm=False)
    db.posting("c", "2024-02-01", source="sample", mentions_llm=True, synthetic=True)
    result = run_metric(db.con, "share_mentions_llm")
    assert result.sources == [
        {"source": "board_a", "rows": 2, "first": "2024-01-03", "last": "2024-03-09"},
        {"source": "sample", "rows": 1, "first": "2024-02-01", "last": "2024-02-01"},
    ]
    assert result.period == "2024-01..2024-03"
    assert result.synthetic is True
    assert run_metric(db.con, "layoff_events_monthly").synthetic is False  # no synthetic layoffs


def test_empty_database_gives_no_data(db: Db) -> None:
    for result in run_all(db.con):
        assert result.n == 0, result.id
        assert result.sources == [] and result.period == ""
        assert result.value in (None, 0), result.id
        assert result.table in (None, []), result.id


def test_runs_read_only_and_cleans_up(db: Db, tmp_path: Path) -> None:
    db.posting("a", mentions_llm=True)
    db.con.close()
    ro = open_read_only(tmp_path / "t.duckdb")
    try:
        assert run_metric(ro, "share_mentions_llm").value == 1.0
        assert len(run_all(ro)) == len(list_metrics())
        temp = ro.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name IN ('f_postings', 'f_layoffs')"
        ).fetchone()
        assert temp == (0,)
    finally:
        ro.close()


def test_docs_describe_every_metric() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
    text = docs.read_text(encoding="utf-8")
    missing = [m.id for m in list_metrics() if f"`{m.id}`" not in text]
    assert not missing, f"docs/metrics.md lacks {missing}"
