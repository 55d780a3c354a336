"""Importing files through a mapping: the library function behind `jobshift import`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from jobshift.pipeline import IngestResult, Progress, ingest, new_run_id
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import load_mapping


def import_path(con: duckdb.DuckDBPyConnection, path: Path, mapping_name: str, *,
                progress: Progress | None = None, batch_size: int = 2000,
                run_id: str | None = None) -> list[IngestResult]:
    """Import a file or dataset folder; one transaction per mapping part. Raises on a file-level error."""
    mapping = load_mapping(mapping_name)
    run_id = run_id or new_run_id()
    return [ingest(con, source, run_id=run_id, progress=progress, batch_size=batch_size)
            for source in sources_for_path(path, mapping)]
