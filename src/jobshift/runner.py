"""`jobshift run`: every configured source and import, the offline fallback, then metrics and the report.

For each live source and each configured import: ingest (one transaction each). A source that cannot be
reached is reported with its reason and does not stop the others. Only when nothing real is in the
database afterwards (all sources unreachable, or `offline`) is the bundled synthetic sample loaded, and
then every output is labelled SYNTHETIC SAMPLE. Interfaces get results through callbacks; nothing here
prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from jobshift.config import Settings
from jobshift.errors import JobshiftError
from jobshift.importing import import_path
from jobshift.pipeline import (
    IngestResult,
    Progress,
    has_real_data,
    ingest,
    mark_stale_runs,
    new_run_id,
    record_skipped,
)
from jobshift.sources.base import Source
from jobshift.store.db import first_row

Notify = Callable[[str], None]


@dataclass
class RunSummary:
    """What a run did, per source, and whether its outputs are synthetic."""

    run_id: str
    results: list[IngestResult] = field(default_factory=list)
    synthetic: bool = False
    report: Any = None
    headline: list[str] = field(default_factory=list)


def live_sources(settings: Settings) -> list[Source]:
    """The live sources named in the config, or the defaults."""
    from jobshift.sources.registry import DEFAULT_SOURCES, build_sources

    chosen = settings.sources if settings.sources is not None else DEFAULT_SOURCES
    return build_sources({"sources": chosen, "http": settings.http})


def run(con: duckdb.DuckDBPyConnection, settings: Settings, *, progress: Progress | None = None,
        notify: Notify = lambda message: None, sources: list[Source] | None = None) -> RunSummary:
    """Build or update the database, then write the report. Returns the per-source summary."""
    summary = RunSummary(run_id=new_run_id())
    stale = mark_stale_runs(con)
    if stale:
        notify(f"{stale} earlier run(s) had been killed mid-way; they are marked interrupted (nothing was kept)")
    for entry in settings.imports:
        try:
            summary.results += import_path(con, entry.path, entry.mapping, progress=progress,
                                           batch_size=settings.batch_size, run_id=summary.run_id, link=False,
                                           workers=settings.workers)
        except JobshiftError as exc:
            notify(f"import {entry.path} ({entry.mapping}) failed: {exc}")
            summary.results.append(IngestResult(source=f"import:{entry.mapping}", run_id=summary.run_id,
                                                status="failed", message=str(exc)))
    if settings.offline:
        notify("offline: live sources skipped")
    else:
        _ingest_live(con, sources if sources is not None else live_sources(settings), summary, progress,
                     settings, notify)
    if not has_real_data(con):
        notify("no real data could be fetched or imported: building from the bundled SYNTHETIC SAMPLE")
        load_sample(con, summary, progress, settings)
    _link(con, summary, notify)
    summary.synthetic = _any_synthetic(con)
    summary.report, summary.headline = _report(con, settings)
    return summary


# After this many sources failed to resolve their host names, and none succeeded, the network is taken to
# be down: the remaining sources are not tried (some, like the WARN scrapers, retry for a minute each).
NO_NETWORK_AFTER = 3
_DNS_FAILURE = ("name or service not known", "temporary failure in name resolution", "failed to resolve",
                "nodename nor servname", "no address associated", "are you offline")


def _ingest_live(con: duckdb.DuckDBPyConnection, sources: list[Source], summary: RunSummary,
                 progress: Progress | None, settings: Settings, notify: Notify) -> None:
    dns_failures = 0
    reached = False
    for source in sources:
        if dns_failures >= NO_NETWORK_AFTER and not reached:
            message = f"not tried: no network ({dns_failures} sources could not resolve their hosts)"
            record_skipped(con, summary.run_id, source, message)
            notify(f"{source.name}: {message}")
            summary.results.append(IngestResult(source=source.name, run_id=summary.run_id, status="unreachable",
                                                message=message))
            continue
        result = _ingest_one(con, source, summary.run_id, progress, settings, notify)
        summary.results.append(result)
        if result.status == "ok":
            reached = True
        elif result.status == "unreachable" and any(m in (result.message or "").lower() for m in _DNS_FAILURE):
            dns_failures += 1


def load_sample(con: duckdb.DuckDBPyConnection, summary: RunSummary, progress: Progress | None,
                settings: Settings) -> None:
    """Ingest the bundled synthetic sample and give its companies their classes."""
    from jobshift.sources.sample import apply_sample_company_classes, sample_sources
    from jobshift.sources.sample_data import generate_sample

    data = generate_sample()
    for source in sample_sources(data):
        summary.results.append(ingest(con, source, run_id=summary.run_id, progress=progress,
                                      batch_size=settings.batch_size, workers=settings.workers))
    apply_sample_company_classes(con, data)


def _ingest_one(con: duckdb.DuckDBPyConnection, source: Source, run_id: str, progress: Progress | None,
                settings: Settings, notify: Notify) -> IngestResult:
    try:
        result = ingest(con, source, run_id=run_id, progress=progress, batch_size=settings.batch_size,
                        workers=settings.workers)
        for problem in result.problems:
            notify(f"{source.name}: skipped: {problem}")
        if result.closed:
            notify(f"{source.name}: {result.closed} posting(s) left their board and were closed")
        return result
    except JobshiftError as exc:
        row = first_row(con, "SELECT status FROM ingest_runs WHERE run_id = ? AND source = ?",
                          [run_id, source.name])
        status = str(row[0]) if row else "failed"
        notify(f"{source.name}: {status}: {exc}")
        return IngestResult(source=source.name, run_id=run_id, status=status, message=str(exc))


def _link(con: duckdb.DuckDBPyConnection, summary: RunSummary, notify: Notify) -> None:
    """News-reported layoffs become events; every layoff event is linked to its real-world event."""
    from jobshift.linking import update_layoff_events

    try:
        linked = update_layoff_events(con, run_id=summary.run_id)
    except JobshiftError as exc:
        notify(f"linking layoff events failed (the data stored is kept; metrics count each row): {exc}")
        return
    if linked.news is not None:
        summary.results.append(linked.news)
    notify(linked.line())


def _any_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    row = first_row(con, "SELECT (SELECT count(*) FROM postings WHERE synthetic) + "
                      "(SELECT count(*) FROM layoff_events WHERE synthetic)")
    return bool(row and row[0])


def _report(con: duckdb.DuckDBPyConnection, settings: Settings) -> tuple[Any, list[str]]:
    from jobshift.report import build_report, headline_lines

    settings.report_dir.mkdir(parents=True, exist_ok=True)
    report = build_report(con, settings.report_dir)
    return report, headline_lines(report)
