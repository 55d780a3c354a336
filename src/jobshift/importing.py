"""Importing files through a mapping: the library function behind `jobshift import`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from jobshift.pipeline import IngestResult, Progress, ingest, new_run_id
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import load_mapping


def import_path(con: duckdb.DuckDBPyConnection, path: Path, mapping_name: str, *,
                progress: Progress | None = None, batch_size: int = 2000,
                run_id: str | None = None, link: bool = True,
                notify: Callable[[str], None] | None = None, workers: int = 1) -> list[IngestResult]:
    """Import a file or dataset folder; one transaction per mapping part. Raises on a file-level error.

    When the import wrote layoff events or news items and `link` is set, every layoff event is linked to its
    real-world event (`jobshift.linking`), after news items (when imported) were read for layoffs; that
    news_layoffs ingest, if any, is added to the results. `jobshift run` passes link=False and links once at
    its end. `workers` > 1 enriches in that many processes (`jobshift.enrich_workers`). `notify` gets the
    linking summary line ("linking: 55,158 layoff events form 55,000 real-world events ...").
    """
    mapping = load_mapping(mapping_name)
    run_id = run_id or new_run_id()
    sources = sources_for_path(path, mapping)
    results = [ingest(con, source, run_id=run_id, progress=progress, batch_size=batch_size, workers=workers)
               for source in sources]
    targets = {source.target for source in sources}
    if link and targets & {"layoff_events", "news_items"}:
        from jobshift.linking import update_layoff_events

        linked = update_layoff_events(con, run_id=run_id, news="news_items" in targets)
        if linked.news is not None:
            results.append(linked.news)
        if notify is not None:
            notify(linked.line())
    return results
