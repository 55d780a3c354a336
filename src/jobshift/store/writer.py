"""Idempotent writes of one source's batches: raw records, target rows, skills, companies and rejects.

Rows are keyed `<source>:<source_id>`. Batches are staged in temporary tables; `finish` keeps the last
record of each key, classifies rows as new, updated (content hash changed) or unchanged, inserts the new,
rewrites the changed and only moves `last_seen` on the unchanged, so re-running an ingest never duplicates
anything. Reference tables are replaced key by key as batches arrive. The caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from jobshift.fields import ENRICHED_FIELDS, REFERENCE_TABLES, TARGET_FIELDS, TARGET_KEYS, FieldType
from jobshift.store.arrow import table_from_rows

_BOOKKEEPING: dict[str, FieldType] = {
    "source": "str",
    "first_seen": "timestamp",
    "last_seen": "timestamp",
    "content_hash": "str",
    "raw_id": "str",
    "run_id": "str",
}
_RAW_COLUMNS: dict[str, FieldType] = {
    "raw_id": "str", "source": "str", "source_key": "str", "content_hash": "str",
    "location": "str", "payload": "str", "fetched_at": "timestamp", "run_id": "str",
}
_REJECT_COLUMNS: dict[str, FieldType] = {
    "reject_id": "str", "run_id": "str", "source": "str", "location": "str", "field": "str",
    "reason": "str", "raw": "str", "created_at": "timestamp",
}
_COMPANY_COLUMNS: dict[str, FieldType] = {
    "company_id": "str", "name": "str", "normalised_name": "str", "company_class": "str",
    "class_evidence": "str", "industry": "str", "stage": "str", "employees": "int",
    "first_seen": "timestamp", "last_seen": "timestamp",
}
_SKILL_COLUMNS: dict[str, FieldType] = {
    "posting_id": "str", "skill_id": "str", "span_start": "int", "span_end": "int", "evidence": "str",
}


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def payload_json(payload: Mapping[str, Any]) -> str:
    """Stable JSON text of a raw payload (sorted keys, non-JSON values as strings)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)


@dataclass
class Counts:
    """What one ingest did."""

    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates: int = 0  # records repeating a key already seen in the same run (the last one wins)

    def add(self, other: Counts) -> None:
        for name in ("fetched", "new", "updated", "unchanged", "rejected", "duplicates"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PreparedRow:
    """A normalised, enriched row ready to store, with its raw record and extras."""

    row: dict[str, Any]
    raw_id: str
    skills: list[dict[str, Any]] = field(default_factory=list)
    company: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class RawRow:
    raw_id: str
    source_key: str
    content_hash: str
    location: str
    payload: str


@dataclass(frozen=True, slots=True)
class RejectRow:
    location: str
    field: str | None
    reason: str
    raw: str | None


class BatchWriter:
    """Writes batches for one source and run into an open transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, source: str, target: str, run_id: str,
                 now: datetime, synthetic: bool = False) -> None:
        self.con = con
        self.source = source
        self.target = target
        self.run_id = run_id
        self.now = now
        self.synthetic = synthetic
        self._seq = 0
        self._staged = False
        if target in TARGET_FIELDS:
            self.key = TARGET_KEYS[target]
            self.columns: dict[str, FieldType] = {
                self.key: "str", **TARGET_FIELDS[target], **ENRICHED_FIELDS[target], **_BOOKKEEPING,
                "synthetic": "bool",
            }
        else:
            types, keys = REFERENCE_TABLES[target]
            self.key = ""
            self.reference_keys = keys
            self.columns = dict(types)

    def write_raw(self, raws: Sequence[RawRow]) -> None:
        if not raws:
            return
        rows = [{"raw_id": r.raw_id, "source": self.source, "source_key": r.source_key,
                 "content_hash": r.content_hash, "location": r.location, "payload": r.payload,
                 "fetched_at": self.now, "run_id": self.run_id} for r in raws]
        self._insert("raw_records", table_from_rows(rows, _RAW_COLUMNS), ignore_conflicts=True)

    def write_rejects(self, rejects: Sequence[RejectRow]) -> None:
        if not rejects:
            return
        rows = [{"reject_id": sha1(f"{self.run_id}\x1f{self.source}\x1f{r.location}\x1f{r.reason}"),
                 "run_id": self.run_id, "source": self.source, "location": r.location, "field": r.field,
                 "reason": r.reason, "raw": r.raw, "created_at": self.now} for r in rejects]
        self._insert("rejects", table_from_rows(rows, _REJECT_COLUMNS), ignore_conflicts=True)

    def write_skill_taxonomy(self, skills: Sequence[Mapping[str, Any]]) -> None:
        """Bring the `skills` table in line with the taxonomy (insert new ids, update names/categories)."""
        columns: dict[str, FieldType] = {"skill_id": "str", "name": "str", "category": "str", "onet_id": "str",
                                         "ai_kind": "str"}
        self.con.register("_taxonomy", table_from_rows(skills, columns))
        try:
            self._run(
                "INSERT INTO skills (skill_id, name, category, onet_id, ai_kind) "
                "SELECT skill_id, name, category, onet_id, ai_kind FROM _taxonomy "
                "ON CONFLICT (skill_id) DO UPDATE SET name = excluded.name, category = excluded.category, "
                "onet_id = excluded.onet_id, ai_kind = excluded.ai_kind"
            )
        finally:
            self.con.unregister("_taxonomy")

    def write_rows(self, prepared: Sequence[PreparedRow]) -> Counts:
        """Stage a batch; target rows are merged by `finish`. Reference rows are written at once."""
        if not self.key:
            return self._write_reference([p.row for p in prepared])
        self._ensure_stage()
        rows: list[dict[str, Any]] = []
        skill_rows: list[dict[str, Any]] = []
        for item in prepared:
            self._seq += 1
            item.row[self.key] = f"{self.source}:{item.row['source_id']}"
            item.row["source"] = self.source
            item.row["content_hash"] = _content_hash(item.row, self.columns, sorted(s["skill_id"] for s in item.skills))
            item.row.update(first_seen=self.now, last_seen=self.now, raw_id=item.raw_id, run_id=self.run_id,
                            synthetic=self.synthetic, _seq=self._seq)
            rows.append(item.row)
            skill_rows += [{**skill, "posting_id": item.row[self.key], "_seq": self._seq} for skill in item.skills]
        self._insert("_stage", table_from_rows(rows, {**self.columns, "_seq": "int"}))
        if skill_rows and self.target == "postings":
            self._insert("_stage_skills", table_from_rows(skill_rows, {**_SKILL_COLUMNS, "_seq": "int"}))
        self._write_companies([p.company for p in prepared if p.company])
        return Counts()

    def _ensure_stage(self) -> None:
        if self._staged:
            return
        self._run(f"CREATE OR REPLACE TEMP TABLE _stage AS SELECT *, 0::BIGINT AS _seq FROM {self.target} LIMIT 0")
        self._run("CREATE OR REPLACE TEMP TABLE _stage_skills AS "
                  "SELECT *, 0::BIGINT AS _seq FROM posting_skills LIMIT 0")
        self._staged = True

    def finish(self) -> Counts:
        """Merge the staged rows: the last record of each key wins; classify new / updated / unchanged.

        Staging the whole run first makes the counts and the result independent of how the input repeats a
        key: a record that appears twice in one run (an edited comment fetched by two runs) is one row,
        counted once, and running the same input again changes nothing.
        """
        counts = Counts()
        if not self.key or not self._staged:
            return counts
        key, target = self.key, self.target
        self._run(f"CREATE OR REPLACE TEMP TABLE _final AS SELECT * FROM _stage "
                  f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _seq DESC) = 1")
        self._run(f"CREATE OR REPLACE TEMP TABLE _status AS SELECT b.{key} AS key, b._seq, CASE "
                  f"WHEN t.{key} IS NULL THEN 'new' WHEN t.content_hash = b.content_hash THEN 'same' "
                  f"ELSE 'changed' END AS state FROM _final b LEFT JOIN {target} t ON t.{key} = b.{key}")
        tally = dict(self._run("SELECT state, count(*) FROM _status GROUP BY 1"))
        staged = self._run("SELECT count(*) FROM _stage")[0][0]
        counts.new, counts.updated = tally.get("new", 0), tally.get("changed", 0)
        counts.unchanged = tally.get("same", 0)
        counts.duplicates = int(staged) - counts.new - counts.updated - counts.unchanged
        assignments = ", ".join(f"{c} = b.{c}" for c in self.columns if c not in (key, "first_seen"))
        # Each statement only when its rows exist: an UPDATE or DELETE joins the whole stored table, so an
        # ingest of only new rows (a growing archive) would otherwise pay scans that grow with the store.
        if counts.updated:
            self._run(f"UPDATE {target} SET {assignments} FROM _final b "
                      f"WHERE {target}.{key} = b.{key} AND {target}.content_hash <> b.content_hash")
        if counts.unchanged:
            self._run(f"UPDATE {target} SET last_seen = b.last_seen FROM _final b "
                      f"WHERE {target}.{key} = b.{key} AND {target}.content_hash = b.content_hash")
        names = ", ".join(self.columns)
        self._run(f"INSERT INTO {target} ({names}) SELECT {names} FROM _final b "
                  f"WHERE b.{key} IN (SELECT key FROM _status WHERE state = 'new')")
        if target == "postings":
            skill_names = ", ".join(_SKILL_COLUMNS)
            if counts.updated:
                self._run("DELETE FROM posting_skills WHERE posting_id IN "
                          "(SELECT key FROM _status WHERE state = 'changed')")
            self._run(f"INSERT OR IGNORE INTO posting_skills ({skill_names}) SELECT {skill_names} FROM _stage_skills s "
                      "WHERE EXISTS (SELECT 1 FROM _status w WHERE w.key = s.posting_id AND w._seq = s._seq "
                      "AND w.state <> 'same')")
        for table in ("_final", "_status", "_stage", "_stage_skills"):
            self._run(f"DROP TABLE IF EXISTS {table}")
        self._staged = False
        return counts

    def _write_companies(self, companies: Sequence[dict[str, Any]]) -> None:
        merged: dict[str, dict[str, Any]] = {}
        for company in companies:
            current = merged.setdefault(company["company_id"], {"first_seen": self.now, "last_seen": self.now})
            for name, value in company.items():
                if value is not None and current.get(name) is None:
                    current[name] = value
        if not merged:
            return
        self.con.register("_companies", table_from_rows(list(merged.values()), _COMPANY_COLUMNS))
        try:
            fill = ", ".join(f"{c} = coalesce(companies.{c}, b.{c})"
                             for c in ("company_class", "class_evidence", "industry", "stage", "employees"))
            self._run(
                f"UPDATE companies SET last_seen = b.last_seen, {fill} FROM _companies b "
                "WHERE companies.company_id = b.company_id"
            )
            names = ", ".join(_COMPANY_COLUMNS)
            self._run(
                f"INSERT INTO companies ({names}) SELECT {names} FROM _companies b "
                "WHERE NOT EXISTS (SELECT 1 FROM companies c WHERE c.company_id = b.company_id)"
            )
        finally:
            self.con.unregister("_companies")

    def _write_reference(self, rows: Sequence[dict[str, Any]]) -> Counts:
        counts = Counts()
        unique: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in rows:
            key = tuple(row.get(k) for k in self.reference_keys)
            if key in unique:
                counts.unchanged += 1
            unique[key] = row
        self.con.register("_reference", table_from_rows(list(unique.values()), self.columns))
        try:
            match = " AND ".join(f"t.{k} = b.{k}" for k in self.reference_keys)
            existing = self._run(
                f"SELECT count(*) FROM _reference b WHERE EXISTS (SELECT 1 FROM {self.target} t WHERE {match})"
            )
            replaced = int(existing[0][0]) if existing else 0
            self._run(
                f"DELETE FROM {self.target} t WHERE EXISTS (SELECT 1 FROM _reference b WHERE {match})"
            )
            names = ", ".join(self.columns)
            self._run(f"INSERT INTO {self.target} ({names}) SELECT {names} FROM _reference")
        finally:
            self.con.unregister("_reference")
        counts.new += len(unique) - replaced
        counts.unchanged += replaced
        return counts

    def _run(self, sql: str) -> list[Any]:
        """Execute and consume the result (DuckDB ≥ 2 refuses to unregister a view while one is pending)."""
        return self.con.execute(sql).fetchall()

    def _insert(self, table: str, data: Any, *, ignore_conflicts: bool = False) -> None:
        self.con.register("_insert", data)
        try:
            names = ", ".join(data.column_names)
            verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
            self._run(f"{verb} INTO {table} ({names}) SELECT {names} FROM _insert")
        finally:
            self.con.unregister("_insert")


def _content_hash(row: Mapping[str, Any], columns: Mapping[str, FieldType], skill_ids: list[str]) -> str:
    """Hash of what the row says (source and enriched fields, skills), not of when it was seen."""
    skip = {"first_seen", "last_seen", "raw_id", "run_id", "content_hash", "synthetic"}
    material: dict[str, Any] = {k: row.get(k) for k in columns if k not in skip}
    material["__skills__"] = skill_ids
    return sha1(json.dumps(material, sort_keys=True, default=str))
