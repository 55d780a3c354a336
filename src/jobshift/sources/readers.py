"""Reading records out of files: CSV, JSON Lines, JSON (array or object, optionally nested) and Parquet.

Each reader yields `(location, record)` pairs where location is `file:line` (CSV, JSONL) or `file:#index`
(JSON, Parquet) so that every reject and error can name the exact place. Gzip (`.gz`) is read
transparently. Problems with the file as a whole (wrong encoding, truncated, not the declared format)
raise `InputFileError` naming the file; problems with one record are left to the caller.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from jobshift.errors import InputFileError

Record = dict[str, Any]

FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def detect_format(path: Path) -> str:
    """Guess a file's format from its extension (ignoring a trailing .gz)."""
    name = path.name.lower().removesuffix(".gz")
    for suffix, fmt in ((".csv", "csv"), (".tsv", "tsv"), (".txt", "tsv"), (".jsonl", "jsonl"),
                        (".ndjson", "jsonl"), (".json", "json"), (".parquet", "parquet")):
        if name.endswith(suffix):
            return fmt
    raise InputFileError(f"{path}: cannot tell the format from the name; set `format:` in the mapping")


def _open_binary(path: Path) -> IO[bytes]:
    try:
        if path.name.lower().endswith(".gz"):
            return cast(IO[bytes], gzip.open(path, "rb"))
        return path.open("rb")
    except OSError as exc:
        raise InputFileError(f"{path}: cannot open: {exc.strerror or exc}") from exc


def read_records(path: Path, fmt: str, *, encoding: str = "utf-8", delimiter: str | None = None,
                 records_path: str | None = None) -> tuple[list[str] | None, Iterator[tuple[str, Record]]]:
    """Return the file's column names (None when records carry their own keys) and a record iterator."""
    if fmt in ("csv", "tsv"):
        return _read_csv(path, encoding, delimiter or ("\t" if fmt == "tsv" else ","))
    if fmt == "jsonl":
        return None, _read_jsonl(path, encoding)
    if fmt == "json":
        return None, _read_json(path, encoding, records_path)
    if fmt == "parquet":
        return _read_parquet(path)
    raise InputFileError(f"{path}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _decode_error(path: Path, where: str, encoding: str, exc: UnicodeDecodeError) -> InputFileError:
    bad = exc.object[exc.start] if exc.start < len(exc.object) else 0
    return InputFileError(
        f"{path}: {where}: not valid {encoding} ({exc.reason}, byte 0x{bad:02x}); "
        "set `encoding:` in the mapping (e.g. latin-1, cp1252)"
    )


class _QuoteCount:
    """Counts double quotes seen: a well-formed CSV always has an even number of them."""

    def __init__(self) -> None:
        self.quotes = 0


def _cr_only(handle: IO[bytes]) -> bool:
    """True for old Mac-style files whose lines end in a bare CR (no LF anywhere in the first 64 KiB)."""
    peek = getattr(handle, "peek", None)
    head = peek(65536)[:65536] if peek else b""
    return b"\r" in head and b"\n" not in head


def _decoded_lines(path: Path, handle: IO[bytes], encoding: str, tally: _QuoteCount) -> Iterator[str]:
    """Decode line by line, so an encoding error names its physical line."""
    for number, line in enumerate(handle, start=1):
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _decode_error(path, f"line {number}", encoding, exc) from exc
        tally.quotes += text.count('"')
        yield text


def _read_csv(path: Path, encoding: str, delimiter: str) -> tuple[list[str], Iterator[tuple[str, Record]]]:
    handle = _open_binary(path)
    tally = _QuoteCount()
    if _cr_only(handle):
        data = handle.read()
        handle.close()
        handle = io.BytesIO(data.replace(b"\r", b"\n"))
    if encoding.lower().replace("-", "").startswith(("utf16", "utf32")):
        lines: Iterator[str] = iter(io.TextIOWrapper(handle, encoding=encoding, newline=""))
    else:
        lines = _decoded_lines(path, handle, encoding, tally)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise InputFileError(f"{path}: file is empty (no header row)") from None
    except (OSError, EOFError, zlib.error) as exc:
        handle.close()
        raise InputFileError(f"{path}: cannot read: {exc}") from exc
    header = [h.lstrip("\ufeff").strip() for h in header]
    named = max((i + 1 for i, h in enumerate(header) if h), default=0)

    def rows() -> Iterator[tuple[str, Record]]:
        with handle:
            line = start = reader.line_num + 1
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    if tally.quotes % 2:
                        raise InputFileError(
                            f"{path}: a quoted field opened near line {start} is never "
                            "closed (truncated or malformed file)") from None
                    return
                except csv.Error as exc:
                    raise InputFileError(f"{path}: line {line}: {exc} (truncated or malformed file?)") from exc
                except (OSError, EOFError, zlib.error) as exc:
                    raise InputFileError(f"{path}: near line {line}: cannot read: {exc}") from exc
                start, line = line, reader.line_num + 1
                if not values:
                    continue
                yield f"{path}:{start}", _row_dict(header, values, named)
    return header, rows()


def _row_dict(header: list[str], values: list[str], named: int) -> Record:
    """A record from one row; `named` is how many header cells up to the last named one (trailing unnamed
    columns, as some exports pad to 16,384, are not required)."""
    record: Record = {}
    for name, value in zip(header, values, strict=False):
        if name and (name not in record or record[name] in ("", None)):
            record[name] = value
    if len(values) > len(header):
        extra = [v for v in values[len(header):] if v.strip()]
        if extra:
            record["__extra_fields__"] = extra
    elif 1 < len(values) < named:
        record["__missing_fields__"] = f"row has {len(values)} fields, the header names {named}"
    return record


def _read_jsonl(path: Path, encoding: str) -> Iterator[tuple[str, Record]]:
    stream = io.TextIOWrapper(_open_binary(path), encoding=encoding, errors="strict")
    with stream:
        number = 0
        while True:
            try:
                line = stream.readline()
            except UnicodeDecodeError as exc:
                raise _decode_error(path, f"line {number + 1}", encoding, exc) from exc
            except (OSError, EOFError, zlib.error) as exc:
                raise InputFileError(f"{path}: line {number + 1}: cannot read: {exc}") from exc
            if not line:
                return
            number += 1
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{path}:{number}", {"__invalid_json__": f"{exc.msg} at column {exc.colno}"}
                continue
            if not isinstance(value, dict):
                yield f"{path}:{number}", {"__invalid_json__": f"expected an object, got {type(value).__name__}"}
                continue
            yield f"{path}:{number}", value


def _read_json(path: Path, encoding: str, records_path: str | None) -> Iterator[tuple[str, Record]]:
    with _open_binary(path) as handle:
        try:
            document = json.loads(handle.read().decode(encoding))
        except UnicodeDecodeError as exc:
            raise _decode_error(path, "content", encoding, exc) from exc
        except json.JSONDecodeError as exc:
            raise InputFileError(
                f"{path}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg} (truncated file?)"
            ) from exc
        except (OSError, EOFError, zlib.error) as exc:
            raise InputFileError(f"{path}: cannot read: {exc} (truncated file?)") from exc
    node: Any = document
    for part in (records_path or "").split("."):
        if not part:
            continue
        if not isinstance(node, dict) or part not in node:
            raise InputFileError(f"{path}: no key {part!r} on the way to records path {records_path!r}")
        node = node[part]
    items = [node] if isinstance(node, dict) else node
    if not isinstance(items, list):
        raise InputFileError(f"{path}: records path {records_path!r} is not a list or object")

    def rows() -> Iterator[tuple[str, Record]]:
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield f"{path}:#{index}", item
            else:
                yield f"{path}:#{index}", {"__invalid_json__": f"expected an object, got {type(item).__name__}"}
    return rows()


def _read_parquet(path: Path) -> tuple[list[str], Iterator[tuple[str, Record]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputFileError(f"{path}: not a readable Parquet file: {exc}") from exc
    names = list(parquet.schema_arrow.names)

    def rows() -> Iterator[tuple[str, Record]]:
        index = 0
        try:
            for batch in parquet.iter_batches(batch_size=10_000):
                for record in batch.to_pylist():
                    yield f"{path}:#{index}", record
                    index += 1
        except (OSError, pa.ArrowException) as exc:
            raise InputFileError(f"{path}: near record {index}: cannot read: {exc} (truncated file?)") from exc
    return names, rows()
