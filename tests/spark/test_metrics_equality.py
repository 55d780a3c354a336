"""Every metric of the catalogue gives the same result on Spark (local[2]) as on DuckDB, over real data.

A DuckDB store is built from a subset of ../shared/data that feeds every metric (two layoff trackers, WARN
notices of two states, HN "Who is hiring" 2026, the LinkedIn sample), exported as the Parquet lake, and
read by Spark from the lake. Both engines run every metric with the default filters and with a date range
+ country; values, intervals, n, sources, period and tables must agree (tables as the same rows, floats
within 1e-9 relative). A metric Spark cannot run fails the test: there is no skip list.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest
from tests.conftest import shared_data_dir

from jobshift.importing import import_path
from jobshift.lake import export_lake
from jobshift.metrics import Filters, MetricResult, list_metrics, run_all, run_metric
from jobshift.spark.metrics import register_duckdb_tables, run_all_spark, run_metric_spark
from jobshift.store import connect

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.slow

# (mapping, dataset folder, files to take; None = all): small enough to import in well under a minute.
DATASETS: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("layoffs_fyi_databyab", None),
    ("ai_layoffs_tracker_events", None),
    ("warn_notices_biglocalnews", ("wa.csv", "or.csv")),
    ("hn_whoishiring_2026_gantryops", None),
    ("linkedin_postings_sample_koriralex", None),
)
# The non-default set keeps the WARN notices of 2019-2022 (country US); the postings of this subset have no
# country yet, so under it the postings metrics run over empty views (the default set gives them rows).
FILTER_SETS = {
    "default": Filters(),
    "2019-01..2022-12, US": Filters(start="2019-01", end="2022-12", country="US"),
}
REL = 1e-9


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    data = shared_data_dir()
    if not data.is_dir():
        pytest.skip(f"real data folder {data} is absent (set JOBSHIFT_SHARED_DATA to run this test)")
    work = tmp_path_factory.mktemp("spark_metrics")
    con = connect(work / "real.duckdb")
    for name, files in DATASETS:
        path = data / name
        if files is not None:  # a few files of a large dataset, copied into tmp
            path = work / name
            path.mkdir()
            for file in files:
                shutil.copy(data / name / file, path / file)
        for result in import_path(con, path, name):
            assert result.status == "ok", (name, result.message)
    yield con
    con.close()


# Small data on a small machine: compiling whole-stage code and adaptive re-planning cost more than they save
# (measured: a run over every metric ~40% faster without them). Set for this module only, then restored.
SMALL_DATA_CONF = {
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.shuffle.partitions": "2",
}


@pytest.fixture(scope="module", autouse=True)
def small_data_conf(spark: SparkSession) -> Iterator[None]:
    before: dict[str, str | None] = {key: spark.conf.get(key) for key in SMALL_DATA_CONF}
    for key, value in SMALL_DATA_CONF.items():
        spark.conf.set(key, value)
    yield
    for key, old in before.items():
        if old is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, old)


@pytest.fixture(scope="module")
def lake(real_db: duckdb.DuckDBPyConnection, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("lake") / "lake"
    export_lake(real_db, target)
    return target


def _close(a: Any, b: Any, where: str) -> list[str]:
    """Differences between two plain values (floats within REL), as readable lines."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or not isinstance(a, int | float) or not isinstance(b, int | float):
            return [] if a == b else [f"{where}: {a!r} != {b!r}"]
        return [] if math.isclose(a, b, rel_tol=REL, abs_tol=1e-12) else [f"{where}: {a!r} != {b!r}"]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [line for i, (x, y) in enumerate(zip(a, b, strict=True)) for line in _close(x, y, f"{where}[{i}]")]
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return [line for k in a for line in _close(a[k], b[k], f"{where}.{k}")]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def _sort_key(row: dict[str, Any]) -> str:
    return repr(sorted((k, round(v, 6) if isinstance(v, float) else v) for k, v in row.items()))


def differences(duck: MetricResult, spark: MetricResult) -> list[str]:
    """Every way two results of one metric differ (empty when they agree)."""
    out: list[str] = []
    for name in ("id", "value", "ci_low", "ci_high", "n", "period", "filters", "sources", "synthetic", "extra"):
        out += _close(getattr(duck, name), getattr(spark, name), name)
    if (duck.table is None) != (spark.table is None):
        out.append(f"table: {'no table' if duck.table is None else 'a table'} on DuckDB, not on Spark")
    elif duck.table is not None and spark.table is not None:
        if len(duck.table) != len(spark.table):
            out.append(f"table: {len(duck.table)} rows on DuckDB, {len(spark.table)} on Spark")
        else:
            out += _close(sorted(duck.table, key=_sort_key), sorted(spark.table, key=_sort_key), "table")
    return out


def test_differences_sees_a_changed_value_and_a_missing_row() -> None:
    """The comparison itself can fail (so the equality test below can)."""
    base = MetricResult(id="m", label="m", value=0.5, ci_low=0.4, ci_high=0.6, n=10, unit="share", period="",
                        filters={}, sources=[], table=[{"a": 1, "b": 0.25}, {"a": 2, "b": 0.5}], method="")
    same = MetricResult(**{**{k: getattr(base, k) for k in base.__slots__},
                           "table": [{"a": 2, "b": 0.5 * (1 + 1e-12)}, {"a": 1, "b": 0.25}]})
    assert differences(base, same) == []
    moved = MetricResult(**{**{k: getattr(base, k) for k in base.__slots__}, "value": 0.5001,
                            "table": [{"a": 1, "b": 0.25}]})
    assert differences(base, moved) == ["value: 0.5 != 0.5001", "table: 2 rows on DuckDB, 1 on Spark"]


@pytest.mark.parametrize("label", list(FILTER_SETS))
def test_every_metric_is_equal_on_duckdb_and_on_spark_over_the_lake(
        spark: SparkSession, real_db: duckdb.DuckDBPyConnection, lake: Path, label: str) -> None:
    filters = FILTER_SETS[label]
    duck = run_all(real_db, filters)
    timed: list[tuple[str, float]] = []
    on_spark = run_all_spark(spark, lake, filters, on_metric=lambda metric_id, s: timed.append((metric_id, s)))
    assert [r.id for r in on_spark] == [m.id for m in list_metrics()] == [metric_id for metric_id, _ in timed]
    assert all(s > 0 for _, s in timed)
    problems = {d.id: diff for d, s in zip(duck, on_spark, strict=True) if (diff := differences(d, s))}
    assert problems == {}
    fed = [r.id for r in duck if r.has_data]
    if label == "default":
        assert len(fed) == len(duck), f"the data subset leaves {sorted({r.id for r in duck} - set(fed))} empty"
    else:
        assert "layoff_events_monthly" in fed and "ai_attributed_share" in fed


def test_tables_copied_from_duckdb_give_the_same_metric(spark: SparkSession,
                                                        real_db: duckdb.DuckDBPyConnection) -> None:
    """register_duckdb_tables (no lake) feeds the same metric SQL to the same result."""
    register_duckdb_tables(spark, real_db)
    filters = FILTER_SETS["2019-01..2022-12, US"]
    for metric_id in ("layoff_events_monthly", "ai_attributed_share"):
        assert differences(run_metric(real_db, metric_id, filters), run_metric_spark(spark, metric_id, filters)) == []
