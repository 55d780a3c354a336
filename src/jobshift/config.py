"""Settings: defaults, then `jobshift.toml`, then environment variables, then command-line flags.

    [database]
    path = "jobshift.duckdb"          # JOBSHIFT_DB
    [run]
    offline = false                   # JOBSHIFT_OFFLINE=1
    report_dir = "report"             # JOBSHIFT_REPORT_DIR
    batch_size = 2000
    workers = 1                       # JOBSHIFT_WORKERS; processes that enrich during an ingest ("auto" = cores)
    [http]                            # timeouts, retries, rate limit, cache (see docs/sources/live.md)
    timeout = 20
    [[sources]]                       # live sources; none listed = the defaults (see docs/config.md)
    kind = "greenhouse"
    tokens = ["example"]
    [[imports]]                       # files imported on every `jobshift run`
    path = "../shared/data/layoffs_fyi_databyab"
    mapping = "layoffs_fyi_databyab"

The config file is `./jobshift.toml`, or the path in JOBSHIFT_CONFIG / `--config`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobshift.errors import ConfigError

DEFAULT_DB = "jobshift.duckdb"
DEFAULT_CONFIG = "jobshift.toml"
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class ImportEntry:
    """A file or folder imported through a mapping on every run."""

    path: Path
    mapping: str


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one command."""

    db_path: Path = Path(DEFAULT_DB)
    offline: bool = False
    report_dir: Path = Path("report")
    batch_size: int = 2000
    workers: int = 1
    sources: list[dict[str, Any]] | None = None
    http: dict[str, Any] = field(default_factory=dict)
    imports: list[ImportEntry] = field(default_factory=list)
    config_path: Path | None = None


def load_settings(config: Path | None = None, *, db: Path | None = None, offline: bool | None = None,
                  report_dir: Path | None = None, workers: str | int | None = None) -> Settings:
    """Settings from the config file, the environment and explicit flags (flags win)."""
    env_config = os.environ.get("JOBSHIFT_CONFIG")
    path = config or (Path(env_config) if env_config else None)
    document: dict[str, Any] = {}
    if path is not None and not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if path is None and Path(DEFAULT_CONFIG).exists():
        path = Path(DEFAULT_CONFIG)
    if path is not None:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    database = _section(document, "database", path)
    run = _section(document, "run", path)
    base = path.parent if path is not None else Path(".")
    env_db = os.environ.get("JOBSHIFT_DB")
    env_offline = os.environ.get("JOBSHIFT_OFFLINE")
    env_report = os.environ.get("JOBSHIFT_REPORT_DIR")
    batch = run.get("batch_size", 2000)
    if not isinstance(batch, int) or batch < 1:
        raise ConfigError(f"{path}: run.batch_size must be a positive whole number, got {batch!r}")
    try:
        workers_ = parse_workers(workers if workers is not None
                                 else os.environ.get("JOBSHIFT_WORKERS") or run.get("workers", 1))
    except ValueError as exc:
        where = "--workers" if workers is not None else f"{path or 'JOBSHIFT_WORKERS'}: run.workers"
        raise ConfigError(f"{where}: {exc}") from None
    sources = document.get("sources")
    if sources is not None and not (isinstance(sources, list) and all(isinstance(s, dict) for s in sources)):
        raise ConfigError(f"{path}: [[sources]] entries must be tables")
    return Settings(
        db_path=db or (Path(env_db) if env_db else _relative(base, database.get("path", DEFAULT_DB))),
        offline=offline if offline is not None else (
            env_offline.strip().lower() in _TRUE if env_offline else bool(run.get("offline", False))),
        report_dir=report_dir or (Path(env_report) if env_report else _relative(base, run.get("report_dir", "report"))),
        batch_size=batch,
        workers=workers_,
        sources=sources,
        http=_section(document, "http", path),
        imports=[_import_entry(entry, base, path) for entry in document.get("imports", [])],
        config_path=path,
    )


def parse_workers(value: object) -> int:
    """Enrichment worker processes from a flag or setting: a whole number >= 1, or "auto" (one per core)."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "auto":
            return max(1, os.cpu_count() or 1)
        value = int(text) if text.isdigit() else value
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"workers must be a whole number >= 1 or 'auto', got {value!r}")
    return value


def _section(document: dict[str, Any], name: str, path: Path | None) -> dict[str, Any]:
    value = document.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return value


def _relative(base: Path, value: Any) -> Path:
    candidate = Path(str(value))
    return candidate if candidate.is_absolute() or base == Path(".") else base / candidate


def _import_entry(entry: Any, base: Path, path: Path | None) -> ImportEntry:
    if not isinstance(entry, dict) or "path" not in entry or "mapping" not in entry:
        raise ConfigError(f"{path}: each [[imports]] needs `path` and `mapping`")
    return ImportEntry(path=_relative(base, entry["path"]), mapping=str(entry["mapping"]))
