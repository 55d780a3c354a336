"""The DuckDB -> Spark SQL transpiler of jobshift.spark.metrics: each rewrite, then DuckDB and Spark giving the
same rows for the constructs the metrics use that differ between the two engines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from jobshift.errors import ConfigError
from jobshift.metrics import list_metrics
from jobshift.metrics.runner import plain
from jobshift.spark.metrics import table_macros, transpile

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def test_every_metric_and_view_transpiles() -> None:
    for metric in list_metrics():
        spark_sql = transpile(metric.sql)
        assert "layoff_clusters_of(" not in spark_sql.lower(), metric.id
        assert "month_span(" not in spark_sql.lower(), metric.id
        assert "list_position(" not in spark_sql.lower(), metric.id


def test_table_macros_are_read_from_their_create_statements() -> None:
    macros = table_macros()
    assert macros["month_span"].params == ("lo", "hi")
    assert macros["layoff_clusters_of"].params == ("events",)


def test_list_position_gives_null_for_a_missing_element() -> None:
    assert transpile("SELECT list_position(['a', 'b'], x) FROM t") == \
        "SELECT NULLIF(ARRAY_POSITION(ARRAY('a', 'b'), x), 0) FROM t"


def test_list_index_is_one_based() -> None:
    assert transpile("SELECT ['a', 'b'][i] FROM t") == "SELECT ELEMENT_AT(ARRAY('a', 'b'), CAST(i AS INT)) FROM t"


def test_ordered_list_aggregates_keep_their_order() -> None:
    assert transpile("SELECT list(x ORDER BY x) FILTER (WHERE y) FROM t") == \
        "SELECT SORT_ARRAY(COLLECT_LIST(x) FILTER(WHERE y), TRUE) FROM t"
    assert transpile("SELECT list(DISTINCT x ORDER BY x DESC) FROM t") == \
        "SELECT SORT_ARRAY(COLLECT_SET(x), FALSE) FROM t"
    assert "NAMED_STRUCT('k', k, 'v', x)" in transpile("SELECT list(x ORDER BY k) FROM t")


def test_star_rename_and_materialized() -> None:
    assert transpile("SELECT p.* RENAME (a AS b) FROM t p") == "SELECT p.* EXCEPT (a), p.a AS b FROM t AS p"
    assert "MATERIALIZED" not in transpile("WITH x AS MATERIALIZED (SELECT 1 AS a) SELECT a FROM x")


def test_union_by_name_takes_the_left_column_order() -> None:
    sql = transpile("WITH l AS (SELECT 1 AS a, 2 AS b), r AS (SELECT 3 AS b, 4 AS a) "
                    "SELECT * FROM l UNION ALL BY NAME SELECT * FROM r")
    assert sql.endswith("UNION ALL SELECT a, b FROM (SELECT * FROM r) AS _by_name")


def test_table_macro_is_inlined_with_unique_cte_names() -> None:
    sql = transpile("WITH c AS (SELECT 1 AS x) SELECT * FROM layoff_clusters_of('f_layoffs') c1, "
                    "layoff_clusters_of('f_layoffs') c2, c")
    assert "FROM f_layoffs AS e" in sql
    assert "_layoff_clusters_of1_c" in sql and "_layoff_clusters_of2_c" in sql


def test_a_wrong_macro_call_or_bad_sql_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="month_span takes 2 arguments"):
        transpile("SELECT * FROM month_span(1)")
    with pytest.raises(ConfigError, match="cannot parse"):
        transpile("SELECT FROM WHERE (")


# Each query runs on DuckDB as written and on Spark transpiled; the rows must be equal.
TRICKY: dict[str, str] = {
    "list_position, absent -> NULL": "SELECT list_position(['a', 'b'], 'b') AS p, list_position(['a'], 'z') AS q",
    "list index (1-based)": "SELECT ['x', 'y', 'z'][2] AS v, ['x', 'y'][CAST(k AS BIGINT)] AS w FROM (VALUES (1)) t(k)",
    "ordered lists": "SELECT list(v ORDER BY v) AS up, list(v ORDER BY k DESC) AS down, "
                     "list(DISTINCT v ORDER BY v) AS uniq, list(v ORDER BY v) FILTER (WHERE k > 1) AS some "
                     "FROM (VALUES (1, 'b'), (2, 'a'), (3, 'b'), (4, 'c')) t(k, v)",
    "string_agg ordered": "SELECT string_agg(v, '+' ORDER BY k DESC) AS s FROM (VALUES (1, 'a'), (2, 'b')) t(k, v)",
    "strftime month": "SELECT strftime(DATE '2024-03-09', '%Y-%m') AS m",
    "regexp_matches with \\s": "SELECT regexp_matches('Seattle,  WA', ',\\s*' || 'WA' || '(\\s|,|$)') AS hit, "
                               "regexp_matches('Seattle WA', ',\\s*WA') AS miss",
    "month_span macro": "SELECT month FROM month_span(DATE '2023-11-20', DATE '2024-02-01') ORDER BY month",
    "month_span of NULL": "SELECT count(*) AS n FROM month_span(NULL::DATE, NULL::DATE)",
    "arg_min by tuple": "SELECT arg_min(id, (r, d IS NULL, d, id)) AS first "
                        "FROM (VALUES ('b', 1, NULL), ('a', 1, NULL), ('c', 1, DATE '2024-01-01')) t(id, r, d)",
    "QUALIFY": "SELECT k FROM (VALUES (1), (2), (3)) t(k) QUALIFY row_number() OVER (ORDER BY k DESC) <= 2 "
               "ORDER BY k",
    "string_split + unnest": "SELECT unnest(string_split('a,b.c', ',')) AS part ORDER BY part",
    "window FILTER": "SELECT max(k) FILTER (WHERE k < 3) OVER () AS m FROM (VALUES (1), (2), (5)) t(k) LIMIT 1",
    "integer division": "SELECT 3 / 2 AS half, count(*) / nullif(0, 0) AS none FROM (VALUES (1)) t(k)",
}


def _duckdb_rows(sql: str) -> list[tuple[Any, ...]]:
    from jobshift.metrics.catalog import sql_text

    con = duckdb.connect()
    text = sql_text("_filters.sql")
    start = text.index("CREATE OR REPLACE TEMP MACRO month_span")
    con.execute(text[start:text.index(";\n", start)])
    return [tuple(plain(v) for v in row) for row in con.execute(sql).fetchall()]


def test_tricky_constructs_give_the_same_rows_on_duckdb_and_spark(spark: SparkSession) -> None:
    problems = {}
    for name, sql in TRICKY.items():
        expected = _duckdb_rows(sql)
        got = [tuple(plain(v) for v in row) for row in spark.sql(transpile(sql)).collect()]
        if got != expected:
            problems[name] = (expected, got)
    assert problems == {}
