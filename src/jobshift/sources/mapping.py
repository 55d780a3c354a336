"""Import mappings: a small YAML file saying how a dataset's columns become jobshift rows.

A mapping names its target table, the files it reads (globs under the imported folder), their format,
how to build each record's stable id, and for every field which source column(s) feed it and how to
parse them (type, date formats, scale, value map, constant, file-name pattern, sidecar file). A mapping
with several `parts` reads several kinds of file from one dataset folder. See docs/importing.md.

The packaged mappings are named after their dataset folder in ../shared/data
(`jobshift import ../shared/data/layoffs_fyi_databyab --mapping layoffs_fyi_databyab`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jobshift.errors import MappingError
from jobshift.fields import REFERENCE_TABLES, TARGET_FIELDS, FieldType
from jobshift.sources.readers import FORMATS

_SPEC_KEYS = {"column", "columns", "type", "formats", "scale", "value", "from_filename", "sidecar", "map",
              "required", "invalid", "join", "default", "strip_html", "item", "template", "case"}
_PART_KEYS = {"name", "target", "source", "files", "format", "encoding", "delimiter", "records", "id",
              "duplicate_keys", "where", "fields", "transform", "exclude_files", "description", "synthetic"}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one target field is read from a record."""

    name: str
    type: FieldType
    columns: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    scale: float | None = None
    value: Any = None
    from_filename: re.Pattern[str] | None = None
    sidecar: str | None = None
    map: dict[str, Any] | None = None
    required: bool = False
    invalid: str = "reject"          # reject | null: what a value that does not parse does
    join: str | None = None          # for list values: the separator
    item: str | None = None          # for lists of objects: the key whose values are joined
    template: str | None = None      # text values: "https://x/item?id={value}"
    case: str | None = None          # text values: upper | lower
    default: Any = None
    strip_html: bool = False


@dataclass(frozen=True, slots=True)
class IdSpec:
    """How the record's source id is built: one column as is, or a hash of several."""

    columns: tuple[str, ...]
    hash: bool
    include_file: bool


@dataclass(frozen=True, slots=True)
class MappingPart:
    """One kind of file in a dataset and how it maps to one table."""

    name: str
    target: str
    source: str
    files: tuple[str, ...]
    format: str | None
    encoding: str
    delimiter: str | None
    records: str | None
    id: IdSpec
    duplicate_keys: str              # last (later record wins) | number (#2, #3 … suffix)
    where: dict[str, Any]
    fields: tuple[FieldSpec, ...]
    transform: str | None
    exclude_files: tuple[str, ...] = ()
    description: str = ""
    synthetic: bool = False

    @property
    def field_types(self) -> dict[str, FieldType]:
        if self.target in TARGET_FIELDS:
            return TARGET_FIELDS[self.target]
        return REFERENCE_TABLES[self.target][0]


@dataclass(frozen=True, slots=True)
class Mapping:
    """A named mapping: one or more parts."""

    name: str
    description: str
    parts: tuple[MappingPart, ...]
    path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def available_mappings() -> list[str]:
    """Names of the packaged mappings."""
    folder = resources.files("jobshift").joinpath("mappings")
    return sorted(e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml"))


def load_mapping(name_or_path: str) -> Mapping:
    """Load a packaged mapping by name, or a mapping YAML file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        text, where = candidate.read_text(encoding="utf-8"), str(candidate)
    else:
        entry = resources.files("jobshift").joinpath("mappings", f"{name_or_path}.yaml")
        if not entry.is_file():
            known = ", ".join(available_mappings())
            raise MappingError(f"unknown mapping {name_or_path!r}; packaged mappings: {known}")
        text, where = entry.read_text(encoding="utf-8"), f"mapping {name_or_path}"
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MappingError(f"{where}: not valid YAML: {exc}") from exc
    return parse_mapping(document, where)


def parse_mapping(document: Any, where: str) -> Mapping:
    """Validate a mapping document and build its typed form."""
    if not isinstance(document, dict):
        raise MappingError(f"{where}: a mapping is a YAML mapping (key: value), got {type(document).__name__}")
    name = str(document.get("name") or Path(where).stem)
    shared = {k: v for k, v in document.items() if k not in ("name", "description", "parts")}
    raw_parts = document.get("parts") or [shared]
    if not isinstance(raw_parts, list):
        raise MappingError(f"{where}: `parts` must be a list")
    parts = []
    for index, raw in enumerate(raw_parts):
        if not isinstance(raw, dict):
            raise MappingError(f"{where}: part {index + 1} must be a mapping")
        merged = {**shared, **raw} if "parts" in document else raw
        parts.append(_parse_part(merged, f"{where}, part {raw.get('name', index + 1)}", name))
    return Mapping(name=name, description=str(document.get("description", "")), parts=tuple(parts), path=where)


def _parse_part(raw: dict[str, Any], where: str, mapping_name: str) -> MappingPart:
    unknown = set(raw) - _PART_KEYS
    if unknown:
        raise MappingError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_PART_KEYS)}")
    target = raw.get("target")
    if target not in TARGET_FIELDS and target not in REFERENCE_TABLES:
        allowed = sorted([*TARGET_FIELDS, *REFERENCE_TABLES])
        raise MappingError(f"{where}: target {target!r} is not one of {allowed}")
    fmt = raw.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise MappingError(f"{where}: format {fmt!r} is not one of {FORMATS}")
    files = raw.get("files") or ["*"]
    files = [files] if isinstance(files, str) else files
    excluded = raw.get("exclude_files") or []
    excluded = [excluded] if isinstance(excluded, str) else excluded
    types = TARGET_FIELDS[target] if target in TARGET_FIELDS else REFERENCE_TABLES[target][0]
    specs = raw.get("fields")
    if not isinstance(specs, dict) or not specs:
        raise MappingError(f"{where}: `fields` must map target fields to columns")
    fields = tuple(_parse_field(str(k), v, types, where) for k, v in specs.items())
    duplicate_keys = str(raw.get("duplicate_keys", "last"))
    if duplicate_keys not in ("last", "number"):
        raise MappingError(f"{where}: duplicate_keys must be `last` or `number`")
    return MappingPart(
        name=str(raw.get("name") or target),
        target=str(target),
        source=str(raw.get("source") or mapping_name),
        files=tuple(str(f) for f in files),
        format=fmt,
        encoding=str(raw.get("encoding", "utf-8")),
        delimiter=raw.get("delimiter"),
        records=raw.get("records"),
        id=_parse_id(raw.get("id"), target, where),
        duplicate_keys=duplicate_keys,
        where=dict(raw.get("where") or {}),
        fields=fields,
        transform=raw.get("transform"),
        exclude_files=tuple(str(f) for f in excluded),
        description=str(raw.get("description", "")),
        synthetic=bool(raw.get("synthetic", False)),
    )


def _parse_id(raw: Any, target: str, where: str) -> IdSpec:
    if raw is None:
        if target in REFERENCE_TABLES:
            return IdSpec(columns=(), hash=True, include_file=False)
        raise MappingError(f"{where}: `id` is required: the column(s) that identify a record stably")
    if isinstance(raw, str):
        return IdSpec(columns=(raw,), hash=False, include_file=False)
    if isinstance(raw, list):
        return IdSpec(columns=tuple(str(c) for c in raw), hash=True, include_file=False)
    if isinstance(raw, dict):
        columns = raw.get("columns") or raw.get("column")
        columns = [columns] if isinstance(columns, str) else columns
        if not columns:
            raise MappingError(f"{where}: `id.columns` must name at least one column")
        return IdSpec(columns=tuple(str(c) for c in columns), hash=bool(raw.get("hash", len(columns) > 1)),
                      include_file=bool(raw.get("include_file", False)))
    raise MappingError(f"{where}: `id` must be a column name, a list of columns, or a mapping")


def _parse_field(name: str, raw: Any, types: dict[str, FieldType], where: str) -> FieldSpec:
    if name not in types:
        raise MappingError(f"{where}: field {name!r} is not a column of the target; allowed: {sorted(types)}")
    ftype = types[name]
    if isinstance(raw, str):
        return FieldSpec(name=name, type=ftype, columns=(raw,))
    if isinstance(raw, list):
        return FieldSpec(name=name, type=ftype, columns=tuple(str(c) for c in raw))
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: field {name!r}: give a column name, a list of columns, or a mapping")
    unknown = set(raw) - _SPEC_KEYS
    if unknown:
        raise MappingError(f"{where}: field {name!r}: unknown keys {sorted(unknown)}; allowed: {sorted(_SPEC_KEYS)}")
    listed: Any = raw.get("columns", raw.get("column")) or ()
    columns = (listed,) if isinstance(listed, str) else tuple(str(c) for c in listed)
    declared = raw.get("type", ftype)
    if declared != ftype and not (ftype in ("date", "timestamp") and declared in ("date", "timestamp")):
        raise MappingError(f"{where}: field {name!r} has type {ftype}; the mapping says {declared}")
    formats = raw.get("formats", ())
    formats = (formats,) if isinstance(formats, str) else tuple(str(f) for f in formats)
    pattern = raw.get("from_filename")
    try:
        compiled = re.compile(pattern) if pattern else None
    except re.error as exc:
        raise MappingError(f"{where}: field {name!r}: bad from_filename pattern: {exc}") from exc
    invalid = str(raw.get("invalid", "reject"))
    if invalid not in ("reject", "null"):
        raise MappingError(f"{where}: field {name!r}: invalid must be `reject` or `null`")
    if not (columns or "value" in raw or compiled or raw.get("sidecar")):
        raise MappingError(f"{where}: field {name!r}: needs a column, a value, from_filename or sidecar")
    value_map = raw.get("map")
    return FieldSpec(
        name=name, type=ftype, columns=columns, formats=formats,
        scale=float(raw["scale"]) if raw.get("scale") is not None else None,
        value=raw.get("value"), from_filename=compiled, sidecar=raw.get("sidecar"),
        map={str(k).strip().lower(): v for k, v in value_map.items()} if isinstance(value_map, dict) else None,
        required=bool(raw.get("required", False)), invalid=invalid, join=raw.get("join"),
        default=raw.get("default"), strip_html=bool(raw.get("strip_html", False)), item=raw.get("item"),
        template=raw.get("template"), case=raw.get("case"),
    )
