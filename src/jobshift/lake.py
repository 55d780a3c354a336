"""The Parquet lake: the interchange between the DuckDB store and the Spark engine.

    export_lake(con, "lake/")      # `jobshift export lake lake/`: every table of the store as Parquet
    attach_lake(con, "lake/")      # DuckDB views over the lake, named and typed as the store's tables

Layout (a contract shared with `jobshift.spark`):

    lake/_lake.json                                   manifest: format, version, tables, written_at, schema_version
    lake/<table>/source=<source>/month=<YYYY-MM>/*.parquet   tables with a `source` column and a date
    lake/<table>/*.parquet                            the other tables (companies, skills, posting_skills, ...)

`month` is the month of the date the metrics observe a row on (`PARTITIONED` below), `unknown` when the row
has none. The partition columns are not stored in the files (hive layout): readers restore them from the
path — Spark with `spark.read.option("basePath", lake/<table>).parquet(lake/<table>)`, DuckDB with
`read_parquet('lake/<table>/**/*.parquet', hive_partitioning = true)` — as strings, so `source` comes back
as the same VARCHAR column the table has and `month` is one extra column.

Tables in the lake: the raw records (`raw_records`, kept for re-processing), the normalised postings
(`normalised_postings`: what the sources said, before enrichment, the input of the Spark enrichment), the
enriched tables as the store holds them, and the materialised `layoff_clusters` view. The manifest lists
each table's partition columns, row count and columns with their DuckDB types, so `attach_lake` gives views
with exactly the store's columns (without `month`) and types.

An export is written into `<dir>.tmp-<pid>` and renamed into place when complete: a failed export leaves
no half lake, and exporting again replaces the lake. A folder that is neither empty nor a lake is refused.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import duckdb

from jobshift.errors import StoreError
from jobshift.fields import POSTING_FIELDS

__all__ = [
    "LAKE_FORMAT",
    "LAKE_VERSION",
    "MANIFEST",
    "NORMALISED_POSTINGS",
    "PARTITIONED",
    "PARTITION_COLUMNS",
    "attach_lake",
    "export_lake",
    "lake_glob",
    "read_manifest",
    "record_table",
    "replace_table",
    "staging_dir",
    "table_dir",
]

LAKE_FORMAT: Final = "jobshift-lake"
LAKE_VERSION: Final = 1
MANIFEST: Final = "_lake.json"
PARTITION_COLUMNS: Final = ("source", "month")
CHUNK_ROWS: Final = 250_000  # rows of a partitioned table written per COPY (see _copy)
NORMALISED_POSTINGS: Final = "normalised_postings"

# Tables partitioned by source and month: the date each is observed on (SQL over the table's columns).
# Postings and news: posted/published, else first seen (the metrics' obs_date); layoffs: announced, else
# effective; the bookkeeping tables: when the record was fetched, rejected or the run started.
PARTITIONED: Final[dict[str, str]] = {
    "postings": "coalesce(posted_at, first_seen)",
    NORMALISED_POSTINGS: "coalesce(posted_at, first_seen)",
    "layoff_events": "coalesce(announced_on, effective_on)",
    "news_items": "coalesce(published_at, first_seen)",
    "raw_records": "fetched_at",
    "rejects": "created_at",
    "ingest_runs": "started_at",
}
# Written as they are (`layoff_clusters` is the view materialised; its own `month` column stays a column).
UNPARTITIONED: Final = (
    "companies", "skills", "posting_skills", "layoff_event_links", "layoff_clusters",
    "occupations", "occupation_titles", "occupation_technology", "occupation_exposure",
)

# The normalised posting - the row a source gave, before `enrich.records.enrich_posting` - recovered from the
# stored one: enrichment fills role_family / seniority only when the source left them empty (role_evidence
# then does not start with "<field> from the source"), and sets salary_min / max / currency / period only
# when it read them from salary_text (pay_evidence is then that text, not "fields: ..." or empty).
_FROM_SOURCE_PAY = "(pay_evidence IS NULL OR pay_evidence LIKE 'fields: %')"
_NORMALISED_EXPR: Final[dict[str, str]] = {
    "role_family": "CASE WHEN role_evidence LIKE 'role_family from the source%' THEN role_family END",
    "seniority": "CASE WHEN role_evidence LIKE 'seniority from the source%' "
                 "OR role_evidence LIKE 'role_family from the source; seniority from the source%' "
                 "THEN seniority END",
    **{name: f"CASE WHEN {_FROM_SOURCE_PAY} THEN {name} END"
       for name in ("salary_min", "salary_max", "salary_currency", "salary_period")},
}
NORMALISED_POSTING_COLUMNS: Final[tuple[str, ...]] = (
    "posting_id", "source", *POSTING_FIELDS, "first_seen", "last_seen", "raw_id", "run_id", "synthetic",
)


def _normalised_postings_columns() -> str:
    return ", ".join(f"{_NORMALISED_EXPR[c]} AS {c}" if c in _NORMALISED_EXPR else c
                     for c in NORMALISED_POSTING_COLUMNS)


def table_dir(lake: Path | str, table: str) -> Path:
    """The folder of one table in the lake."""
    return Path(lake) / table


def lake_glob(lake: Path | str, table: str) -> str:
    """The file pattern DuckDB reads a table with (partitioned or not)."""
    return str(table_dir(lake, table) / "**" / "*.parquet")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _existing(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()
    return {str(r[0]) for r in rows}


def _schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    try:
        row = con.execute("SELECT max(version) FROM schema_migrations").fetchall()
    except duckdb.CatalogException:
        return None
    return int(row[0][0]) if row and row[0][0] is not None else None


def _sources() -> Iterator[tuple[str, str, str]]:
    """(lake table, store table, select list over it) for every table the lake holds."""
    for name in PARTITIONED:
        if name == NORMALISED_POSTINGS:
            yield name, "postings", _normalised_postings_columns()
        else:
            yield name, name, "*"
    for name in UNPARTITIONED:
        yield name, name, "*"


def export_lake(con: duckdb.DuckDBPyConnection, directory: Path | str) -> dict[str, Any]:
    """Write every table of the store at `con` as the lake at `directory` (replacing a lake there).

    Returns the manifest written. Raises StoreError when `directory` holds something that is not a lake.
    """
    target = Path(directory)
    _check_replaceable(target)
    present = _existing(con)
    staging = target.parent / f"{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    tables: dict[str, Any] = {}
    try:
        for name, base, columns in _sources():
            if base not in present:
                continue
            tables[name] = _copy(con, name, base, columns, staging / name)
        manifest = {
            "format": LAKE_FORMAT,
            "version": LAKE_VERSION,
            "tables": tables,
            "written_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "schema_version": _schema_version(con),
        }
        _write_json(staging / MANIFEST, manifest)
        _swap_into_place(staging, target)
    except duckdb.Error as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"lake export to {target} failed: {exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _copy(con: duckdb.DuckDBPyConnection, name: str, base: str, select: str, out: Path) -> dict[str, Any]:
    """COPY one table (`select` over the store's table `base`) into `out`; returns its manifest entry."""
    query = f"SELECT {select} FROM {base}"
    columns = [[str(r[0]), str(r[1])] for r in con.execute(f"DESCRIBE {query}").fetchall()]
    rows = int(con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0])
    out.mkdir(parents=True)
    month = PARTITIONED.get(name)
    if month is None:
        con.execute(f"COPY ({query}) TO {_sql_string(str(out / 'data_0.parquet'))} (FORMAT parquet)").fetchall()
        partitioned_by: list[str] = []
    else:
        partitioned_by = list(PARTITION_COLUMNS)

        def with_month(rows_sql: str) -> str:
            return f"SELECT *, coalesce(strftime({month}, '%Y-%m'), 'unknown') AS month FROM ({rows_sql})"

        if rows:
            # In slices of the table's row ids, each appended as new files to the partition folders: one
            # partitioned COPY of a whole 10M-posting table holds every partition's rows until it ends (it
            # spilled 19 GB past a 4 GB memory limit); a slice of CHUNK_ROWS writes without spilling.
            end = int(con.execute(f"SELECT coalesce(max(rowid) + 1, 0) FROM {base}").fetchall()[0][0])
            for low in range(0, end, CHUNK_ROWS):
                part = with_month(f"{query} WHERE rowid >= {low} AND rowid < {low + CHUNK_ROWS}")
                con.execute(f"COPY ({part}) TO {_sql_string(str(out))} "
                            "(FORMAT parquet, PARTITION_BY (source, month), APPEND)").fetchall()
        else:
            # No rows, no partition folders: one empty file keeps the table's schema readable.
            con.execute(f"COPY ({with_month(query)} LIMIT 0) TO {_sql_string(str(out / 'empty.parquet'))} "
                        "(FORMAT parquet)").fetchall()
    return {"partitioned_by": partitioned_by, "rows": rows, "columns": columns, "written_by": "duckdb"}


def _check_replaceable(target: Path) -> None:
    if not target.exists():
        if not target.parent.is_dir():
            raise StoreError(f"{target}: folder {target.parent} does not exist")
        return
    if not target.is_dir():
        raise StoreError(f"{target} is a file, not a lake folder")
    if any(target.iterdir()):
        read_manifest(target)  # refuses a folder that is not a lake


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename `staging` to `target`; an old `target` is moved aside first and removed after."""
    old = target.parent / f"{target.name}.old-{uuid.uuid4().hex[:8]}"
    if target.exists():
        target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(directory: Path | str) -> dict[str, Any]:
    """The manifest of the lake at `directory`; StoreError when there is none or it is not a jobshift lake."""
    root = Path(directory)
    if not root.is_dir():
        raise StoreError(f"{root}: no lake here (write one with `jobshift export lake {root}`)")
    path = root / MANIFEST
    if not path.is_file():
        raise StoreError(f"{root} is not a jobshift lake: it has no {MANIFEST} (write one with "
                         f"`jobshift export lake {root}`)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: cannot read the lake manifest: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != LAKE_FORMAT:
        raise StoreError(f"{root} is not a jobshift lake: {MANIFEST} has format "
                         f"{manifest.get('format') if isinstance(manifest, dict) else None!r}, not {LAKE_FORMAT!r}")
    if manifest.get("version") != LAKE_VERSION:
        raise StoreError(f"{root}: lake version {manifest.get('version')!r}; this jobshift reads version "
                         f"{LAKE_VERSION}")
    if not isinstance(manifest.get("tables"), dict):
        raise StoreError(f"{path}: the manifest lists no tables")
    return manifest


def record_table(directory: Path | str, name: str, *, partitioned_by: Sequence[str], rows: int,
                 columns: Sequence[Sequence[str]], written_by: str) -> dict[str, Any]:
    """Enter (or replace) one table in the manifest after a writer other than the export wrote it."""
    root = Path(directory)
    manifest = read_manifest(root)
    manifest["tables"][name] = {"partitioned_by": list(partitioned_by), "rows": int(rows),
                                "columns": [list(c) for c in columns], "written_by": written_by}
    manifest["written_at"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    _write_json(root / MANIFEST, manifest)
    return manifest


def staging_dir(directory: Path | str, name: str) -> Path:
    """A fresh folder inside the lake to write a new version of table `name` into (see replace_table)."""
    path = Path(directory) / f".tmp-{name}-{uuid.uuid4().hex[:8]}"
    shutil.rmtree(path, ignore_errors=True)
    return path


def replace_table(directory: Path | str, name: str, staged: Path) -> None:
    """Put the table written into `staged` in place of table `name` (the old version is removed after)."""
    _swap_into_place(staged, table_dir(directory, name))


def attach_lake(con: duckdb.DuckDBPyConnection, directory: Path | str, *, schema: str = "main") -> list[str]:
    """Create a view per lake table in `schema` of `con`, with the store's column names, order and types.

    The partition column `month` is left out (it is not a column of the tables); `source` comes back as
    the VARCHAR it is. Returns the view names.
    """
    root = Path(directory).resolve()
    manifest = read_manifest(root)
    if schema != "main":
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"').fetchall()
    names: list[str] = []
    for name, entry in sorted(manifest["tables"].items()):
        if not table_dir(root, name).is_dir():
            raise StoreError(f"{root}: the manifest lists {name} but the lake has no {name}/ folder")
        columns = entry.get("columns") or []
        select = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in columns
                           if not (c == "month" and "month" in entry.get("partitioned_by", []))) or "*"
        hive = "true" if entry.get("partitioned_by") else "false"
        con.execute(
            f'CREATE OR REPLACE VIEW "{schema}"."{name}" AS SELECT {select} FROM read_parquet('
            f"{_sql_string(lake_glob(root, name))}, hive_partitioning = {hive}, hive_types_autocast = false, "
            "union_by_name = true)"
        ).fetchall()
        names.append(name)
    return names

