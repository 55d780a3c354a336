"""Reading and writing lake tables (`jobshift.lake`) from Spark, and the column types shared by both engines.

    frame = read_table(spark, "lake/", "normalised_postings")     # with its source / month columns
    write_table(frame, "lake/", "postings", columns)               # hive layout, staged then swapped in

A table is written into a staging folder inside the lake and swapped in when Spark has finished, then its
manifest entry is replaced: a failed job leaves the previous version of the table in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pyarrow as pa

from jobshift.errors import StoreError
from jobshift.fields import FieldType
from jobshift.lake import PARTITION_COLUMNS, read_manifest, record_table, replace_table, staging_dir, table_dir

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# One column type, in the three type systems it crosses: Arrow batches (mapInArrow), Spark DDL, DuckDB.
SPARK_DDL: Final[dict[str, str]] = {
    "str": "string", "float": "double", "bool": "boolean", "int": "bigint", "date": "date",
    "timestamp": "timestamp_ntz",
}
ARROW: Final[dict[str, pa.DataType]] = {
    "str": pa.string(), "float": pa.float64(), "bool": pa.bool_(), "int": pa.int64(), "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
}
DUCKDB: Final[dict[str, str]] = {
    "str": "VARCHAR", "float": "DOUBLE", "bool": "BOOLEAN", "int": "BIGINT", "date": "DATE", "timestamp": "TIMESTAMP",
}
_FROM_DUCKDB: Final[dict[str, FieldType]] = {
    "VARCHAR": "str", "DOUBLE": "float", "FLOAT": "float", "BOOLEAN": "bool", "BIGINT": "int", "INTEGER": "int",
    "SMALLINT": "int", "DATE": "date", "TIMESTAMP": "timestamp",
}


def field_type(duckdb_type: str) -> FieldType:
    """The FieldType of a scalar DuckDB column type (StoreError for lists, structs, ...)."""
    try:
        return _FROM_DUCKDB[duckdb_type.upper()]
    except KeyError:
        raise StoreError(f"the Spark enrichment cannot carry a column of type {duckdb_type}") from None


def read_table(spark: SparkSession, lake: Path | str, name: str) -> DataFrame:
    """One lake table as a DataFrame (partition columns restored as strings)."""
    manifest = read_manifest(lake)
    if name not in manifest["tables"]:
        raise StoreError(f"{lake}: the lake has no table {name} (tables: {', '.join(sorted(manifest['tables']))})")
    path = str(table_dir(lake, name).resolve())
    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    return spark.read.option("basePath", path).parquet(path)


def table_columns(lake: Path | str, name: str) -> list[tuple[str, str]]:
    """(column, DuckDB type) of a lake table as the manifest records them; [] when the lake lacks it."""
    entry = read_manifest(lake)["tables"].get(name)
    return [(str(c), str(t)) for c, t in entry.get("columns", [])] if entry else []


def write_table(frame: DataFrame, lake: Path | str, name: str, columns: Mapping[str, FieldType] | Sequence[
        tuple[str, str]], *, partitioned: bool) -> int:
    """Write `frame` as lake table `name` (replacing it), enter it in the manifest; returns its row count.

    `columns` are the table's columns (without `month`) with their types, as FieldTypes or DuckDB types.
    A partitioned frame must have `source` and `month` columns.
    """
    recorded = dict(table_columns(lake, name))  # keep the store's exact types (INTEGER, not BIGINT) where known
    pairs = columns.items() if isinstance(columns, Mapping) else columns
    typed = [(c, recorded.get(c) or (DUCKDB.get(t, t))) for c, t in pairs]
    names = [c for c, _ in typed]
    staged = staging_dir(lake, name)
    writer = frame.select(*names, "month") if partitioned else frame.select(*names)
    out = writer.write.mode("overwrite")
    if partitioned:
        out = out.partitionBy(*PARTITION_COLUMNS)
    out.parquet(str(staged))
    spark = frame.sparkSession
    rows = spark.read.parquet(str(staged)).count()
    replace_table(lake, name, staged)
    record_table(lake, name, partitioned_by=list(PARTITION_COLUMNS) if partitioned else [], rows=rows,
                 columns=typed, written_by="spark")
    return int(rows)


def arrow_schema(columns: Mapping[str, FieldType], extra: Sequence[tuple[str, pa.DataType]] = ()) -> pa.Schema:
    """The Arrow schema of batches with `columns` (plus `extra` fields)."""
    return pa.schema([(c, ARROW[t]) for c, t in columns.items()] + list(extra))


def spark_ddl(columns: Mapping[str, FieldType], extra: Sequence[tuple[str, str]] = ()) -> str:
    """The Spark DDL schema string of the same columns."""
    parts = [f"`{c}` {SPARK_DDL[t]}" for c, t in columns.items()] + [f"`{c}` {t}" for c, t in extra]
    return ", ".join(parts)

