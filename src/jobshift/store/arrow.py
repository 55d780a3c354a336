"""Building Arrow tables with declared column types, the format batches take on their way into DuckDB."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from jobshift.fields import FieldType

ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
}


def table_from_rows(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, FieldType]) -> pa.Table:
    """An Arrow table with exactly `columns`, in order, typed as declared; missing keys become nulls."""
    arrays = [pa.array([row.get(name) for row in rows], type=ARROW_TYPES[kind]) for name, kind in columns.items()]
    return pa.Table.from_arrays(arrays, names=list(columns))
