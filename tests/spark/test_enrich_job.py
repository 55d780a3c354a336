"""Enrichment and dedup on Spark (jobshift.spark.enrich_job, dedup_job) give what the DuckDB pipeline stores.

The store is built by the DuckDB pipeline, exported as the lake, enriched and deduplicated again on Spark
from the lake's normalised postings; the postings Spark writes back must equal the stored ones column by
column (skills, role family, seniority, pay, flags, evidence, occupation, content hash, duplicate columns),
on the synthetic sample and on the real HN "Who is hiring" 2026 postings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest
from tests.conftest import shared_data_dir

from jobshift.lake import attach_lake, export_lake, read_manifest
from jobshift.spark import dedup_job
from jobshift.spark.enrich_job import SparkEnrichSummary, run_enrich, tagger_builds
from jobshift.spark.lake_io import read_table

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def _export(store: Path, target: Path) -> Path:
    con = duckdb.connect(str(store), read_only=True)
    try:
        export_lake(con, target)
    finally:
        con.close()
    return target


def _by_id(con: duckdb.DuckDBPyConnection, sql: str) -> dict[Any, dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _assert_same_postings(store: Path, lake: Path) -> None:
    stored = duckdb.connect(str(store), read_only=True)
    mem = duckdb.connect()
    attach_lake(mem, lake)
    described = "SELECT column_name, column_type FROM (DESCRIBE postings)"
    assert mem.execute(described).fetchall() == stored.execute(described).fetchall()
    want, got = _by_id(stored, "SELECT * FROM postings"), _by_id(mem, "SELECT * FROM postings")
    assert set(got) == set(want)
    differ = {(c, pid) for pid, row in want.items() for c in row if got[pid][c] != row[c]}
    assert sorted(differ)[:10] == []
    skills = "SELECT posting_id, skill_id, span_start, span_end, evidence FROM posting_skills"
    assert sorted(mem.execute(skills).fetchall()) == sorted(stored.execute(skills).fetchall())


@pytest.fixture(scope="module")
def sample_run(spark: SparkSession, sample_store: Path, tmp_path_factory: pytest.TempPathFactory) \
        -> tuple[Path, SparkEnrichSummary]:
    lake = _export(sample_store, tmp_path_factory.mktemp("spark_lake") / "lake")
    return lake, run_enrich(spark, lake)


def test_spark_enrichment_and_dedup_equal_the_duckdb_pipeline(sample_store: Path,
                                                             sample_run: tuple[Path, SparkEnrichSummary]) -> None:
    lake, summary = sample_run
    _assert_same_postings(sample_store, lake)
    con = duckdb.connect(str(sample_store), read_only=True)
    methods = dict(con.execute("SELECT duplicate_method, count(*) FROM postings GROUP BY 1").fetchall())
    assert methods.get("exact", 0) > 0 and methods.get("near", 0) > 0  # the fixture has both kinds
    assert (summary.exact, summary.near, summary.postings) == (methods["exact"], methods["near"], 600)
    entry = read_manifest(lake)["tables"]["postings"]
    assert entry["written_by"] == "spark" and entry["rows"] == 600 and entry["partitioned_by"] == ["source", "month"]


def test_spark_reads_the_lake_with_the_manifests_counts_and_columns(spark: SparkSession,
                                                                     sample_run: tuple[Path, SparkEnrichSummary]) \
        -> None:
    lake, _ = sample_run
    manifest = read_manifest(lake)
    for name in ("postings", "layoff_events", "companies", "layoff_clusters"):
        entry = manifest["tables"][name]
        frame = read_table(spark, lake, name)
        assert frame.count() == entry["rows"], name
        expected = [c for c, _ in entry["columns"]] + (["month"] if entry["partitioned_by"] else [])
        assert sorted(frame.columns) == sorted(expected), name
        if entry["partitioned_by"]:  # restored from the path as the string column the table has
            assert dict(frame.dtypes)["source"] == "string" and dict(frame.dtypes)["month"] == "string", name


def test_the_skill_tagger_is_built_once_per_worker_process(spark: SparkSession,
                                                            sample_run: tuple[Path, SparkEnrichSummary]) -> None:
    lake, _ = sample_run
    probe = read_table(spark, lake, "postings").select("posting_id").repartition(8)
    builds = probe.mapInArrow(tagger_builds, "pid bigint, builds bigint").collect()
    assert len(builds) == 8
    assert {r["builds"] for r in builds} == {1}  # every batch of every partition reused its process's tagger


def test_clusters_by_label_propagation_equal_union_find(spark: SparkSession) -> None:
    edges = [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("x", "y"), ("z", "y"), ("q", "p"), ("p", "q")]
    frame = spark.createDataFrame(edges, "a string, b string")
    spread = {r["posting_id"]: r["label"] for r in dedup_job._components(frame, local_limit=0).collect()}
    assert spread == dict(dedup_job._union_find(edges))
    assert spread == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "a", "x": "x", "y": "x", "z": "x",
                      "p": "p", "q": "p"}


@pytest.mark.slow
def test_real_hn_postings_enrich_and_dedup_as_on_duckdb(spark: SparkSession, tmp_path: Path) -> None:
    """The 1,720 HN "Who is hiring" 2026 postings (hundreds of exact and near copies) through both engines."""
    from jobshift.importing import import_path
    from jobshift.store import connect

    folder = shared_data_dir() / "hn_whoishiring_2026_gantryops"
    if not folder.is_dir():
        pytest.skip(f"real data folder {folder} is absent (set JOBSHIFT_SHARED_DATA to run this test)")
    store = tmp_path / "hn.duckdb"
    con = connect(store)
    try:
        import_path(con, folder, "hn_whoishiring_2026_gantryops")
        counts = con.execute("SELECT count(*), count(duplicate_of) FROM postings").fetchall()[0]
    finally:
        con.close()
    assert counts[0] > 1_500 and counts[1] > 100
    lake = _export(store, tmp_path / "lake")
    summary = run_enrich(spark, lake)
    assert summary.postings == counts[0] and summary.exact + summary.near == counts[1]
    _assert_same_postings(store, lake)


def test_cli_spark_run_enriches_then_runs_the_spark_metrics(spark: SparkSession, monkeypatch: pytest.MonkeyPatch,
                                                             sample_run: tuple[Path, SparkEnrichSummary]) -> None:
    """`jobshift run --engine spark --lake DIR`: the enrichment job, then `run_all_spark(spark, lake)` (stubbed
    here: both are tested on their own), on the session `open_spark` gives; the session is stopped after."""
    from typer.testing import CliRunner

    from jobshift.cli import app
    from jobshift.metrics.model import MetricResult
    from jobshift.spark import enrich_job, metrics

    lake, summary = sample_run
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(enrich_job, "open_spark", lambda master: calls.append(("open", master)) or spark)
    monkeypatch.setattr(enrich_job, "run_enrich", lambda s, path: calls.append(("enrich", path)) or summary)
    result_row = MetricResult(id="share_mentions_llm", label="LLM share", value=0.25, ci_low=0.2, ci_high=0.3, n=581,
                              unit="share", period="2025-11..2026-10", filters={}, sources=[], table=None, method="")
    monkeypatch.setattr(metrics, "run_all_spark", lambda s, path: calls.append(("metrics", path)) or [result_row])
    monkeypatch.setattr(spark, "stop", lambda: calls.append(("stop", None)))
    result = CliRunner().invoke(app, ["run", "--engine", "spark", "--lake", str(lake), "--master", "local[1]"])
    assert result.exit_code == 0, result.output
    assert [c[0] for c in calls] == ["open", "enrich", "metrics", "stop"] and calls[0][1] == "local[1]"
    assert "enriched 600 postings" in result.output and "share_mentions_llm" in result.output
