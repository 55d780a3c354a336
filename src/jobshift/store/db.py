"""Opening the DuckDB database and bringing its schema up to date with versioned migrations.

Migrations are the numbered SQL files in `store/migrations/` (`0001_init.sql`, `0002_….sql`). Each runs
once, in its own transaction, and is recorded in `schema_migrations`; the schema is never built ad hoc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from jobshift.errors import StoreError

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema change."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The packaged migrations, in version order."""
    found: list[Migration] = []
    for entry in resources.files("jobshift.store").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"duplicate migration versions: {versions}")
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Versions already recorded in `schema_migrations` (empty for a new database)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    return {int(row[0]) for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations, each in one transaction; return the versions applied."""
    done = applied_versions(con)
    applied: list[int] = []
    for migration in migrations():
        if migration.version in done:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {migration.version:04d}_{migration.name} failed: {exc}") from exc
        applied.append(migration.version)
    return applied


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the database read-write (creating it if needed) and apply pending migrations."""
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise StoreError(f"{target}: folder {target.parent} does not exist")
    try:
        con = duckdb.connect(str(target))
    except duckdb.Error as exc:
        raise StoreError(f"{target}: cannot open database: {exc}") from exc
    migrate(con)
    return con


def open_read_only(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open an existing database read-only (for queries, reports and the web server)."""
    target = Path(path)
    if not target.exists():
        raise StoreError(f"{target}: no database here; run `jobshift run` or `jobshift import` first")
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"{target}: cannot open database read-only: {exc}") from exc
    pending = {m.version for m in migrations()} - _versions_read_only(con)
    if pending:
        con.close()
        raise StoreError(f"{target}: schema is behind (pending migrations {sorted(pending)}); run `jobshift status`")
    return con


def _versions_read_only(con: duckdb.DuckDBPyConnection) -> set[int]:
    try:
        return {int(r[0]) for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.CatalogException:
        return set()


def first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
    """Run a query and return its first row, consuming the whole result (DuckDB ≥ 2 requires it before the
    connection registers or runs anything else)."""
    rows = con.execute(sql, params or []).fetchall()
    return tuple(rows[0]) if rows else None
