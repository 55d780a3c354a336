"""The generic file importer: a `Source` that reads CSV / JSONL / JSON / Parquet files through a mapping.

`FileSource(part, files)` yields one raw record per file record (keyed by the mapping's id spec) and
normalises it field by field as the mapping declares. `sources_for_path(path, mapping)` picks the files
under a folder (or the single file given) for each part of a mapping.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jobshift.errors import InputFileError, MappingError, RowError
from jobshift.fields import TARGET_FIELDS
from jobshift.sources.base import RawRecord
from jobshift.sources.mapping import FieldSpec, Mapping, MappingPart
from jobshift.sources.readers import detect_format, read_records
from jobshift.sources.transforms import get_transform
from jobshift.sources.values import is_blank, parse_bool, parse_date, parse_float, parse_int, parse_timestamp

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(p|br|/p|li|/li|div|/div|h\d|/h\d)\b[^>]*>", re.IGNORECASE)


def fold(name: str) -> str:
    """Column-name key used to match mapping columns to headers: case, spaces and _ - folded."""
    return re.sub(r"[\s_\-]+", " ", name.strip().lower())


class FileSource:
    """One mapping part over a list of files."""

    def __init__(self, part: MappingPart, files: list[Path], origin: str) -> None:
        self.part = part
        self.files = files
        self._origin = origin
        self._transform = get_transform(part.transform) if part.transform else None

    @property
    def name(self) -> str:
        return self.part.source

    @property
    def target(self) -> str:
        return self.part.target

    @property
    def synthetic(self) -> bool:
        return self.part.synthetic

    @property
    def origin(self) -> str:
        return self._origin

    def cursor(self) -> str | None:
        return None

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        seen: Counter[str] = Counter()
        for path in self.files:
            fmt = self.part.format or detect_format(path)
            header, records = read_records(path, fmt, encoding=self.part.encoding,
                                           delimiter=self.part.delimiter, records_path=self.part.records)
            resolved = self._resolve_columns(path, header)
            context = {"file": str(path), "file_name": path.name, "columns": resolved}
            for location, record in records:
                if not self._selected(record):
                    continue
                key = self._key(path, record, resolved)
                if key and self.part.duplicate_keys == "number":
                    seen[key] += 1
                    if seen[key] > 1:
                        key = f"{key}#{seen[key]}"
                yield RawRecord(source_key=key, location=location, payload=record, context=context)

    def _resolve_columns(self, path: Path, header: list[str] | None) -> dict[str, str]:
        """Map each mapping column name to the file's actual header name; fail on missing required ones."""
        if header is None:
            return {}
        by_fold = {fold(h): h for h in header if h}
        resolved: dict[str, str] = {}
        for column in [c for spec in self.part.fields for c in spec.columns] + list(self.part.id.columns):
            actual = column if column in header else by_fold.get(fold(column))
            if actual is not None:
                resolved[column] = actual
        # An id entry may name a mapped field instead of a header: it reads that field's column.
        by_field = {spec.name: spec for spec in self.part.fields}
        for column in self.part.id.columns:
            spec = by_field.get(column)
            if column not in resolved and spec is not None:
                present = [resolved[c] for c in spec.columns if c in resolved]
                if present or not spec.required:
                    resolved[column] = present[0] if present else ""
        missing = [
            f"{spec.name} (from {' or '.join(spec.columns)})"
            for spec in self.part.fields
            if spec.required and spec.columns and not any(c in resolved for c in spec.columns)
        ]
        missing += [f"id column {c}" for c in self.part.id.columns if c not in resolved]
        if missing:
            shown = ", ".join(h for h in header if h)[:300]
            raise InputFileError(f"{path}: missing columns: {'; '.join(missing)}. The file has: {shown}")
        return resolved

    def _selected(self, record: dict[str, Any]) -> bool:
        return all(str(record.get(column)) == str(value) for column, value in self.part.where.items())

    def _key(self, path: Path, record: dict[str, Any], resolved: dict[str, str]) -> str:
        values = [_lookup(record, resolved.get(c, c)) for c in self.part.id.columns]
        if not self.part.id.columns:
            values = [record.get(spec.columns[0]) if spec.columns else None for spec in self.part.fields]
        elif any(is_blank(v) for v in values) and not self.part.id.hash:
            return ""
        text = "\x1f".join("" if is_blank(v) else str(v).strip() for v in values)
        key = hashlib.sha1(text.encode()).hexdigest()[:20] if self.part.id.hash or not self.part.id.columns else text
        return f"{path.name.split('.')[0]}:{key}" if self.part.id.include_file else key

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        record = dict(raw.payload)
        if "__invalid_json__" in record:
            raise RowError(f"not a valid record: {record['__invalid_json__']}")
        if "__extra_fields__" in record:
            raise RowError(f"row has {len(record['__extra_fields__'])} more non-empty field(s) than the header")
        if "__missing_fields__" in record:
            raise RowError(f"{record['__missing_fields__']} (truncated or malformed row)")
        if not raw.source_key:
            raise RowError(f"id column(s) {', '.join(self.part.id.columns)} empty", field="source_id")
        resolved: dict[str, str] = raw.context.get("columns", {})
        row: dict[str, Any] = {"source_id": raw.source_key} if self.part.target in TARGET_FIELDS else {}
        for spec in self.part.fields:
            try:
                row[spec.name] = self._field_value(spec, record, resolved, raw)
            except RowError as exc:
                raise RowError(f"{spec.name}: {exc.reason}", field=spec.name) from None
        if self._transform is not None:
            row = self._transform(row, record, raw.context)
        return row

    def _field_value(self, spec: FieldSpec, record: dict[str, Any], resolved: dict[str, str],
                     raw: RawRecord) -> Any:
        value: Any = None
        if spec.from_filename is not None:
            value = _filename_value(spec.from_filename, str(raw.context.get("file_name", "")))
        elif spec.sidecar:
            sidecar = Path(str(raw.context.get("file", ""))).parent / spec.sidecar
            value = sidecar.read_text(encoding="utf-8", errors="replace") if sidecar.is_file() else None
        elif spec.columns:
            for column in spec.columns:
                candidate = _lookup(record, resolved.get(column, column))
                if not is_blank(candidate):
                    value = candidate
                    break
        if is_blank(value) and spec.value is not None:
            value = spec.value
        if is_blank(value):
            if spec.required:
                raise RowError(f"required, but {' / '.join(spec.columns) or 'value'} is empty")
            return spec.default
        return self._coerce(spec, value)

    def _coerce(self, spec: FieldSpec, value: Any) -> Any:
        if isinstance(value, list):
            if spec.item:
                value = [v.get(spec.item) if isinstance(v, dict) else v for v in value]
            value = (spec.join or ", ").join(str(v) for v in value if not is_blank(v))
            if not value:
                return spec.default
        if spec.map is not None:
            key = str(value).strip().lower()
            if key in spec.map:
                value = spec.map[key]
                if value is None:
                    return None
        try:
            return _typed(spec, value)
        except RowError:
            if spec.invalid == "null":
                return None
            raise


def _typed(spec: FieldSpec, value: Any) -> Any:
    kind = spec.type
    if kind == "str":
        text = value if isinstance(value, str) else str(value)
        if spec.strip_html:
            text = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
        text = text.strip()
        if spec.case == "upper":
            text = text.upper()
        elif spec.case == "lower":
            text = text.lower()
        if text and spec.template:
            text = spec.template.format(value=text)
        return text or None
    if kind == "int":
        number = parse_float(value) * (spec.scale or 1.0)
        return parse_int(round(number, 6))
    if kind == "float":
        return parse_float(value) * (spec.scale or 1.0)
    if kind == "bool":
        return parse_bool(value)
    if kind == "date":
        return parse_date(value, spec.formats)
    return parse_timestamp(value, spec.formats)


def _filename_value(pattern: re.Pattern[str], file_name: str) -> str | None:
    """The part of a file name a pattern picks: its `value` group, else its first group, else the match."""
    match = pattern.search(file_name)
    if match is None:
        return None
    if not match.groups():
        return match.group(0)
    return match.groupdict().get("value") or match.group(1)


def _lookup(record: dict[str, Any], column: str) -> Any:
    """A column's value; dotted names walk into nested objects (`compensation.min`)."""
    if column in record:
        return record[column]
    node: Any = record
    for part in column.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def files_for_part(root: Path, part: MappingPart) -> list[Path]:
    """The files a part reads under a folder, in a stable order."""
    found: dict[Path, None] = {}
    for pattern in part.files:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and not any(fnmatch.fnmatch(path.name, x) for x in part.exclude_files):
                found[path] = None
    return list(found)


def sources_for_path(path: Path, mapping: Mapping) -> list[FileSource]:
    """One FileSource per mapping part that has files at `path` (a file or a dataset folder)."""
    if not path.exists():
        raise InputFileError(f"{path}: no such file or folder")
    sources: list[FileSource] = []
    if path.is_dir():
        for part in mapping.parts:
            files = files_for_part(path, part)
            if files:
                sources.append(FileSource(part, files, str(path)))
        if not sources:
            globs = "; ".join(f"{p.name}: {', '.join(p.files)}" for p in mapping.parts)
            raise InputFileError(f"{path}: no files match mapping {mapping.name} ({globs})")
        return sources
    matching = [p for p in mapping.parts if any(fnmatch.fnmatch(path.name, Path(g).name) for g in p.files)]
    if not matching and len(mapping.parts) == 1:
        matching = list(mapping.parts)
    if not matching:
        raise MappingError(f"{path}: mapping {mapping.name} has no part for a file named {path.name}")
    return [FileSource(part, [path], str(path)) for part in matching]
