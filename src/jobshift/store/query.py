"""Read-only SQL for users (`jobshift sql`) and table exports (`jobshift export`).

User queries run on a read-only connection with external file access switched off, so `jobshift sql`
can neither change the database nor read or write files; results come back as Arrow and are written
by PyArrow in the format asked for.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from jobshift.errors import QueryError, StoreError
from jobshift.store.db import open_read_only

TABLE_ALIASES = {"layoffs": "layoff_events", "news": "news_items", "runs": "ingest_runs"}
EXPORTABLE = ("postings", "layoff_events", "companies", "skills", "posting_skills", "news_items",
              "ingest_runs", "rejects", "raw_records", "occupations", "occupation_titles",
              "occupation_technology", "occupation_exposure")
_MONTH_COLUMN = {"postings": "coalesce(posted_at, first_seen)", "layoff_events": "coalesce(announced_on, effective_on)",
                 "news_items": "coalesce(published_at, first_seen)"}


def run_query(db_path: Path, sql: str) -> pa.Table:
    """Run one read-only statement and return its result as Arrow."""
    con = open_read_only(db_path)
    try:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return con.sql(sql).to_arrow_table()
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message.lower() or "read only" in message.lower():
            raise QueryError(f"jobshift sql is read-only: {message}") from exc
        raise QueryError(f"query failed: {message}") from exc
    finally:
        con.close()


def write_table(table: pa.Table, fmt: str, out: Path | None) -> str | None:
    """Write `table` as csv/json/jsonl/parquet to `out` (or return the text for stdout)."""
    if fmt == "parquet":
        if out is None:
            raise QueryError("--format parquet needs --out FILE")
        pq.write_table(table, out)
        return None
    if fmt == "csv":
        sink = pa.BufferOutputStream()
        pacsv.write_csv(table, sink)
        text: str = sink.getvalue().to_pybytes().decode("utf-8")
    elif fmt in ("json", "jsonl"):
        rows = table.to_pylist()
        if fmt == "json":
            text = json.dumps(rows, default=_json_default, ensure_ascii=False, indent=2) + "\n"
        else:
            text = "".join(json.dumps(r, default=_json_default, ensure_ascii=False) + "\n" for r in rows)
    else:
        raise QueryError(f"unknown format {fmt!r}; use table, csv, json, jsonl or parquet")
    if out is not None:
        out.write_text(text, encoding="utf-8")
        return None
    return text


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def export_table(db_path: Path, table: str, fmt: str, out: Path) -> Path:
    """Export a whole table: CSV as one file; Parquet as a folder partitioned by month where it has dates."""
    name = TABLE_ALIASES.get(table, table)
    if name not in EXPORTABLE:
        raise StoreError(f"cannot export {table!r}; tables: {', '.join(EXPORTABLE)} (or layoffs, news, runs)")
    con = open_read_only(db_path)
    try:
        month = _MONTH_COLUMN.get(name)
        if fmt == "csv":
            pacsv.write_csv(con.sql(f"SELECT * FROM {name}").to_arrow_table(), out)
        elif fmt == "parquet":
            select = f"SELECT *, strftime({month}, '%Y-%m') AS month FROM {name}" if month else f"SELECT * FROM {name}"
            data: pa.Table = con.sql(select).to_arrow_table()
            if month:
                data = data.set_column(data.schema.get_field_index("month"), "month",
                                       pc.fill_null(data.column("month"), "unknown"))
                pq.write_to_dataset(data, root_path=str(out), partition_cols=["month"],
                                    existing_data_behavior="delete_matching")
            else:
                out.mkdir(parents=True, exist_ok=True)
                pq.write_table(data, out / f"{name}.parquet")
        else:
            raise StoreError(f"unknown export format {fmt!r}; use parquet or csv")
    except duckdb.Error as exc:
        raise StoreError(f"export of {name} failed: {exc}") from exc
    finally:
        con.close()
    return out
