"""Metrics on Apache Spark from the same single definitions as on DuckDB.

No metric is written twice. At run time every metric's SQL (`metrics/sql/<id>.sql`), the filtered views
(`metrics/sql/_filters.sql`) and the table macros they call (`_filters.sql`, `store/migrations/*.sql`) are
parsed as DuckDB SQL with sqlglot, given the few rewrites below, and generated as Spark SQL. The rows Spark
returns go through the same compute step (`metrics.compute`) and the same provenance code
(`metrics.runner`: n, sources, period from the metric's `basis` rows), so a result is built exactly as the
DuckDB runner builds it.

    spark = spark_session("local[2]")
    results = run_all_spark(spark, "lake/")                          # reads the Parquet lake
    register_duckdb_tables(spark, con); run_metric_spark(spark, "top_skills", Filters(country="US"))

Rewrites of DuckDB constructs sqlglot does not carry over (each applied to the parsed DuckDB syntax tree):

    table macros          `FROM month_span(a, b) m`, `FROM layoff_clusters_of('f_layoffs') c`: the macro's
                          body (read from its CREATE MACRO) inlined as a subquery, parameters replaced by the
                          arguments and `query_table('x')` by the table x (its CTEs renamed apart, as
                          Spark hoists nested CTEs); within run_all_spark a call with constant arguments is
                          computed once per run as a cached view instead
    UNION ALL BY NAME     the right side re-selected in the left side's column order
    * RENAME (a AS b)     `t.* EXCEPT (a), t.a AS b` (Spark 4 has * EXCEPT)
    list_position(l, x)   nullif(array_position(l, x), 0): DuckDB gives NULL when x is absent, Spark 0
    l[i]                  element_at(l, CAST(i AS INT)): DuckDB lists are 1-based, Spark's [] 0-based
    list(x ORDER BY k)    ordered list aggregates: sort_array(collect_list/collect_set(x)) when k is x,
                          else collect_list(named_struct(k, x)) sorted and projected back to x
    AS MATERIALIZED       dropped (a planner hint Spark does not parse)

The filter values reach Spark as a one-row DataFrame registered as the temp view `metric_filters`, so no
user value is spliced into SQL text, as on DuckDB. Equality with DuckDB over real data, for every metric:
tests/spark/test_metrics_equality.py; docs/scale.md "Metrics on Spark".
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import sqlglot
from sqlglot import exp

from jobshift.errors import ConfigError, StoreError
from jobshift.metrics import runner as duck_runner
from jobshift.metrics.catalog import get_metric, list_metrics, sql_text
from jobshift.metrics.model import Filters, MetricResult

if TYPE_CHECKING:
    import duckdb
    from pyspark.sql import DataFrame, SparkSession

# The tables the metric SQL, the filtered views and the macros read (register_duckdb_tables copies these).
METRIC_TABLES: tuple[str, ...] = (
    "postings", "companies", "layoff_events", "layoff_event_links", "skills", "posting_skills",
)
# Partition columns the lake adds that are not columns of the table itself (see the lake layout).
LAKE_PARTITION_ONLY: tuple[str, ...] = ("month",)


# A view for a macro call with constant arguments: (call as DuckDB text, its body) -> view name.
Share = Callable[[str, exp.Expr], str]

# ---------------------------------------------------------------------------------------------- macros

@dataclass(frozen=True, slots=True)
class TableMacro:
    """A DuckDB `CREATE MACRO name(params) AS TABLE body`."""

    name: str
    params: tuple[str, ...]
    body: exp.Query


def _macro_texts() -> Iterator[str]:
    yield sql_text("_filters.sql")
    migrations = resources.files("jobshift.store").joinpath("migrations")
    for entry in sorted(migrations.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            yield entry.read_text(encoding="utf-8")


@cache
def table_macros() -> dict[str, TableMacro]:
    """Every table macro defined in `_filters.sql` and the store migrations, by lower-cased name."""
    found: dict[str, TableMacro] = {}
    for text in _macro_texts():
        for statement in _statements(text):
            if "MACRO" not in statement.upper():
                continue
            tree = sqlglot.parse_one(statement, read="duckdb")
            if not isinstance(tree, exp.Create) or str(tree.args.get("kind") or "").upper() != "MACRO":
                continue
            body = tree.args.get("expression")
            udf = tree.this
            if not isinstance(tree, exp.Create) or not isinstance(body, exp.Query) or not isinstance(
                    udf, exp.UserDefinedFunction):
                continue  # a scalar macro: none is used by the metrics
            name = udf.this.name if isinstance(udf.this, exp.Table) else udf.name
            params = tuple(p.name for p in udf.expressions)
            found[name.lower()] = TableMacro(name=name, params=params, body=body)
    return found


def _statements(text: str) -> list[str]:
    """The statements of a SQL script, split at top-level semicolons by sqlglot's tokenizer."""
    tokens = sqlglot.Dialect.get_or_raise("duckdb").tokenize(text)
    out: list[str] = []
    start = 0
    for token in tokens:
        if token.token_type == sqlglot.TokenType.SEMICOLON:
            out.append(text[start:token.start])
            start = token.end + 1
    if text[start:].strip():
        out.append(text[start:])
    return [s for s in out if s.strip()]


# ---------------------------------------------------------------------------------------------- rewrites

def _inline_macros(tree: exp.Expr, share: Share | None = None) -> exp.Expr:
    """Replace `FROM macro(args) alias` by `FROM (body with the arguments) alias`, repeatedly.

    With `share`, a call whose arguments are all literals (`layoff_clusters_of('f_layoffs')`) becomes a
    reference to the view `share(call, body)` names instead, so that the body is computed once.
    """
    macros = table_macros()
    serial = 0
    for _ in range(10):  # macros may call macros; ten levels is far more than any uses
        calls = [t for t in tree.find_all(exp.Table)
                 if isinstance(t.this, exp.Anonymous) and t.this.name.lower() in macros]
        if not calls:
            return tree
        for table in calls:
            call = cast(exp.Anonymous, table.this)
            macro = macros[call.name.lower()]
            if len(call.expressions) != len(macro.params):
                raise ConfigError(f"macro {macro.name} takes {len(macro.params)} arguments")
            args = dict(zip(macro.params, call.expressions, strict=True))
            body: exp.Expr = macro.body.copy()

            def substitute(node: exp.Expr, args: dict[str, exp.Expr] = args) -> exp.Expr:
                if isinstance(node, exp.Column) and not node.table and node.name in args:
                    return args[node.name].copy()
                return node

            body = body.transform(substitute)
            for inner in list(body.find_all(exp.Table)):
                fn = inner.this
                if isinstance(fn, exp.Anonymous) and fn.name.lower() == "query_table":
                    target = fn.expressions[0]
                    if not isinstance(target, exp.Literal) or not target.is_string:
                        raise ConfigError(f"macro {macro.name}: query_table needs a table name")
                    inner.replace(exp.Table(this=exp.to_identifier(target.this), alias=inner.args.get("alias")))
            serial += 1
            alias = table.args.get("alias") or exp.TableAlias(this=exp.to_identifier(f"_{macro.name}{serial}"))
            if share is not None and all(isinstance(a, exp.Literal) for a in call.expressions):
                view = share(call.sql(dialect="duckdb"), body)
                table.replace(exp.Table(this=exp.to_identifier(view), alias=alias))
                continue
            _prefix_ctes(body, f"_{macro.name}{serial}_")
            table.replace(exp.Subquery(this=body, alias=alias))
    raise ConfigError("table macros nest too deeply")


def _prefix_ctes(body: exp.Expr, prefix: str) -> None:
    """Give an inlined body's CTEs unique names: Spark hoists nested CTEs into one WITH, where a macro's `c`
    would clash with the metric's own `c`. A renamed reference keeps the old name as its alias."""
    with_ = body.args.get("with_") or body.args.get("with")
    if not isinstance(with_, exp.With):
        return
    renamed = {}
    for cte in with_.expressions:
        old = cte.alias_or_name
        renamed[old] = prefix + old
        cte.set("alias", exp.TableAlias(this=exp.to_identifier(prefix + old)))
    for table in body.find_all(exp.Table):
        if not table.args.get("db") and isinstance(table.this, exp.Identifier) and table.name in renamed:
            old = table.name
            table.set("this", exp.to_identifier(renamed[old]))
            if not table.args.get("alias"):
                table.set("alias", exp.TableAlias(this=exp.to_identifier(old)))


def _output_names(query: exp.Expr) -> list[str]:
    """Column names a SELECT produces; `SELECT * FROM cte` is resolved through the enclosing WITH."""
    if isinstance(query, exp.Subquery):
        return _output_names(query.this)
    if isinstance(query, exp.SetOperation):
        return _output_names(query.this)
    if not isinstance(query, exp.Select):
        raise ConfigError(f"cannot tell the columns of {query.sql('duckdb')[:80]}")
    names: list[str] = []
    for projection in query.expressions:
        if isinstance(projection, exp.Star):
            source = query.args.get("from_") or query.args.get("from")
            table = source.this if source is not None else None
            if not isinstance(table, exp.Table) or query.args.get("joins"):
                raise ConfigError("UNION BY NAME over * needs a single named source")
            names.extend(_output_names(_cte(query, table.name)))
        else:
            names.append(projection.alias_or_name)
    return names


def _cte(node: exp.Expr, name: str) -> exp.Expr:
    scope: exp.Expr | None = node
    while scope is not None:
        with_ = scope.args.get("with_") or scope.args.get("with")
        if isinstance(with_, exp.With):
            for cte in with_.expressions:
                if cte.alias_or_name == name:
                    return cast(exp.Expr, cte.this)
        scope = scope.parent
    raise ConfigError(f"UNION BY NAME: no CTE {name!r} to read the columns of")


def _union_by_name(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Union) and node.args.get("by_name"):
        names = _output_names(node.this)
        right = node.expression
        reselected = exp.select(*[exp.column(n) for n in names]).from_(
            exp.Subquery(this=right.copy(), alias=exp.TableAlias(this=exp.to_identifier("_by_name"))))
        node.set("by_name", None)
        node.set("expression", reselected)
    return node


def _star_rename(node: exp.Expr) -> exp.Expr:
    if not isinstance(node, exp.Select):
        return node
    projections: list[exp.Expr] = []
    changed = False
    for projection in node.expressions:
        star = projection.this if isinstance(projection, exp.Column) else projection
        renames = star.args.get("rename") if isinstance(star, exp.Star) else None
        if not renames:
            projections.append(projection)
            continue
        changed = True
        table = projection.table if isinstance(projection, exp.Column) else None
        old = [r.this.name for r in renames]
        new_star = exp.Star(except_=[exp.column(n) for n in old])
        projections.append(exp.Column(this=new_star, table=exp.to_identifier(table)) if table else new_star)
        for rename in renames:
            projections.append(exp.alias_(exp.column(rename.this.name, table=table), rename.alias))
    if changed:
        node.set("expressions", projections)
    return node


def _list_position(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Anonymous) and node.name.lower() in ("list_position", "list_indexof", "array_position"):
        haystack, needle = node.expressions
        position = exp.Anonymous(this="array_position", expressions=[haystack, needle])
        return exp.Nullif(this=position, expression=exp.Literal.number(0))
    if isinstance(node, exp.ArrayPosition):  # newer sqlglot parses it as a typed function
        position = exp.Anonymous(this="array_position", expressions=[node.this, node.expression])
        return exp.Nullif(this=position, expression=exp.Literal.number(0))
    return node


def _bracket(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
        index = node.expressions[0]
        # sqlglot's DuckDB parser already made an integer-typed index 0-based (a literal 2 became 1, a typed
        # expression got `+ -1`) and left any other index as written: undo the former, so all stay 1-based.
        if isinstance(index, exp.Literal) and index.is_int:
            index = exp.Literal.number(int(index.this) + 1)
        elif (isinstance(index, exp.Add) and isinstance(index.expression, exp.Neg)
              and index.expression.this == exp.Literal.number(1)):
            index = index.this
        index = exp.Cast(this=index, to=exp.DataType.build("INT"))  # element_at takes an INT
        return exp.Anonymous(this="element_at", expressions=[node.this, index])
    return node


def _ordered_list(node: exp.Expr) -> exp.Expr:
    """`list(x ORDER BY k) [FILTER (...)]` (DuckDB keeps the order; Spark's collect_list does not)."""
    wrapper = node if isinstance(node, exp.Filter) else None
    agg = node.this if wrapper is not None else node
    if not isinstance(agg, exp.ArrayAgg) or not isinstance(agg.this, exp.Order):
        return node
    order = agg.this
    keys = order.expressions
    inner = order.this
    distinct = isinstance(inner, exp.Distinct)
    value = inner.expressions[0] if isinstance(inner, exp.Distinct) else inner
    if len(keys) != 1:
        raise ConfigError("list(... ORDER BY) with several keys is not supported on Spark")
    key = keys[0]
    descending = bool(key.args.get("desc"))

    def collected(arg: exp.Expr) -> exp.Expr:
        fn = exp.Anonymous(this="collect_set" if distinct else "collect_list", expressions=[arg])
        return exp.Filter(this=fn, expression=wrapper.expression.copy()) if wrapper is not None else fn

    if key.this == value:
        sorted_ = exp.Anonymous(this="sort_array", expressions=[collected(value.copy()),
                                                                exp.Boolean(this=not descending)])
        return sorted_
    if distinct:
        raise ConfigError("list(DISTINCT x ORDER BY another column) is not supported on Spark")
    pair = exp.Anonymous(this="named_struct", expressions=[
        exp.Literal.string("k"), key.this.copy(), exp.Literal.string("v"), value.copy()])
    ordered = exp.Anonymous(this="sort_array", expressions=[collected(pair), exp.Boolean(this=not descending)])
    lam = exp.Lambda(this=exp.Dot(this=exp.column("_e"), expression=exp.to_identifier("v")),
                     expressions=[exp.to_identifier("_e")])
    return exp.Anonymous(this="transform", expressions=[ordered, lam])


def _unmaterialize(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        node.set("materialized", None)
    return node


_REWRITES = (_star_rename, _list_position, _bracket, _ordered_list, _unmaterialize)


def rewrite(tree: exp.Expr, share: Share | None = None) -> exp.Expr:
    """The DuckDB syntax tree with every rewrite in the module docstring applied."""
    tree = _inline_macros(tree, share)
    tree = tree.transform(_union_by_name)
    for step in _REWRITES:
        tree = tree.transform(step)
    return tree


def transpile(sql: str, share: Share | None = None) -> str:
    """One DuckDB statement (a metric's SELECT, a view's CREATE) as Spark SQL."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise ConfigError(f"cannot parse as DuckDB SQL: {exc}") from exc
    return _spark_sql(rewrite(tree, share))


def _spark_sql(tree: exp.Expr) -> str:
    return tree.sql(dialect="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)


# ---------------------------------------------------------------------------------------------- tables

def register_duckdb_tables(spark: SparkSession, con: duckdb.DuckDBPyConnection,
                           tables: Sequence[str] = METRIC_TABLES) -> None:
    """Copy DuckDB tables into Spark temp views of the same names (for tests and small databases).

    Each is cached: a DataFrame made from Arrow batches is decoded again on every scan otherwise.
    """
    for name in tables:
        arrow = con.sql(f'SELECT * FROM "{name}"').to_arrow_table()
        spark.createDataFrame(arrow).createOrReplaceTempView(name)
        spark.catalog.cacheTable(name)


def register_lake(spark: SparkSession, lake_dir: Path | str) -> list[str]:
    """Register every table of the lake at `lake_dir` (jobshift.lake) as a Spark temp view; returns the names.

    A partitioned table (`<table>/source=<s>/month=<YYYY-MM>/*.parquet`) loses its `month` partition
    column, which is not a column of the table; `source` comes back as the table's own column.
    """
    from jobshift.lake import read_manifest
    from jobshift.spark.lake_io import read_table

    tables: dict[str, dict[str, Any]] = read_manifest(lake_dir)["tables"]
    for name, entry in sorted(tables.items()):
        frame = read_table(spark, lake_dir, name)
        drop = [c for c in LAKE_PARTITION_ONLY if c in entry.get("partitioned_by", []) and c in frame.columns]
        frame.drop(*drop).createOrReplaceTempView(name)
    return sorted(tables)


# ---------------------------------------------------------------------------------------------- running

def _filters_frame(spark: SparkSession, filters: Filters) -> DataFrame:
    from pyspark.sql.types import DateType, StringType, StructField, StructType

    schema = StructType([
        StructField("start_date", DateType()), StructField("end_date", DateType()),
        StructField("country", StringType()), StructField("state", StringType()),
        StructField("company_class", StringType()), StructField("role_family", StringType()),
    ])
    row = (filters.start_date(), filters.end_date(), filters.country, filters.state, filters.company_class,
           filters.role_family)
    return spark.createDataFrame([row], schema)


@cache
def _view_statements() -> tuple[tuple[str, str], ...]:
    """(view name, Spark SELECT) for every CREATE VIEW in `_filters.sql`, in file order."""
    out: list[tuple[str, str]] = []
    for statement in _statements(sql_text("_filters.sql")):
        tree = sqlglot.parse_one(statement, read="duckdb")
        if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "VIEW":
            query = tree.args.get("expression")
            if not isinstance(query, exp.Query):
                continue
            out.append((tree.this.name, rewrite(query).sql(dialect="spark",
                                                            unsupported_level=sqlglot.ErrorLevel.RAISE)))
    return tuple(out)


def create_views_spark(spark: SparkSession, filters: Filters, cache: bool = True) -> None:
    """metric_filters, f_postings_all, f_postings and f_layoffs as Spark temp views for these filters.

    With `cache`, each view is cached (lazily, memory and disk) since every metric reads them again; the
    views of a previous call are uncached first.
    """
    drop_views_spark(spark)
    _filters_frame(spark, filters).createOrReplaceTempView("metric_filters")
    for name, select in _view_statements():
        spark.sql(select).createOrReplaceTempView(name)
        if cache:
            spark.catalog.cacheTable(name)


def drop_views_spark(spark: SparkSession) -> None:
    """Uncache and drop the views create_views_spark made."""
    for name in [n for n, _ in _view_statements()] + ["metric_filters"]:
        if spark.catalog.tableExists(name):
            if spark.catalog.isCached(name):
                spark.catalog.uncacheTable(name)
            spark.catalog.dropTempView(name)


class SparkCursor:
    """Just enough of a DuckDB connection for the runner: execute(DuckDB SQL), description, fetchall.

    It lets `metrics.runner` build provenance and the result from Spark rows with its own code.
    """

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self.description: list[tuple[str]] | None = None
        self._rows: list[tuple[Any, ...]] = []
        # Results by statement while the views stay the same: metrics sharing a basis (most read all of
        # f_postings or f_layoffs) run its provenance query once per run_all.
        self._seen: dict[str, tuple[list[tuple[str]], list[tuple[Any, ...]]]] = {}
        # Cached views of macro calls with constant arguments (layoff_clusters_of('f_layoffs')), by call.
        self.shared: dict[str, str] = {}

    def share(self, call: str, body: exp.Expr) -> str:
        """The cached temp view holding `body` (made on first use), named after the call."""
        if call not in self.shared:
            name = "_shared_" + re.sub(r"\W+", "_", call).strip("_").lower()
            self.spark.sql(_spark_sql(rewrite(body, self.share))).createOrReplaceTempView(name)
            self.spark.catalog.cacheTable(name)
            self.shared[call] = name
        return self.shared[call]

    def close(self) -> None:
        """Uncache and drop the shared views."""
        for name in self.shared.values():
            if self.spark.catalog.tableExists(name):
                self.spark.catalog.uncacheTable(name)
                self.spark.catalog.dropTempView(name)
        self.shared.clear()
        self._seen.clear()

    def execute(self, sql: str) -> SparkCursor:
        """Run one DuckDB statement on Spark, transpiled; keep its rows for fetchall."""
        if sql not in self._seen:
            frame = self.spark.sql(transpile(sql, self.share))
            self._seen[sql] = ([(name,) for name in frame.columns], [tuple(row) for row in frame.collect()])
        self.description, self._rows = self._seen[sql]
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        """The rows of the last statement."""
        return self._rows


def run_metric_spark(spark: SparkSession, metric_id: str, filters: Filters | None = None) -> MetricResult:
    """Run one metric by id on Spark over the tables already registered (register_lake / _duckdb_tables)."""
    get_metric(metric_id)  # an unknown id fails before any Spark work
    active = filters or Filters()
    create_views_spark(spark, active, cache=False)
    cursor = SparkCursor(spark)
    try:
        return _run(metric_id, active, cursor)
    finally:
        cursor.close()
        drop_views_spark(spark)


def _run(metric_id: str, filters: Filters, cursor: SparkCursor) -> MetricResult:
    from pyspark.errors import PySparkException

    metric = get_metric(metric_id)
    try:
        # the runner reads the connection only through execute / description / fetchall
        return duck_runner._run(cast("duckdb.DuckDBPyConnection", cursor), metric, filters)
    except PySparkException as exc:
        message = re.sub(r"\s+", " ", str(exc))[:500]
        raise StoreError(f"metric {metric.id} on Spark: query failed: {message}") from exc


def run_all_spark(spark: SparkSession, lake_dir: Path | str | None, filters: Filters | None = None,
                  on_metric: Callable[[str, float], None] | None = None) -> list[MetricResult]:
    """Every metric in catalogue order on Spark; reads the lake at `lake_dir` first (None: tables already
    registered). `on_metric(metric_id, seconds)` is called after each metric (the first pays for caching the
    filtered views it reads)."""
    if lake_dir is not None:
        register_lake(spark, lake_dir)
    active = filters or Filters()
    create_views_spark(spark, active)
    cursor = SparkCursor(spark)
    try:
        results: list[MetricResult] = []
        for metric in list_metrics():
            started = time.perf_counter()
            results.append(_run(metric.id, active, cursor))
            if on_metric is not None:
                on_metric(metric.id, time.perf_counter() - started)
        return results
    finally:
        cursor.close()
        drop_views_spark(spark)
