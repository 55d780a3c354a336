"""`jobshift sources …`: inspect, try and extend the live sources (a Typer sub-app the main CLI mounts).

    list                      each source's state from `ingest_runs` (last run, last success, counts, cursor)
    test NAME [TOKEN]         fetch one board / feed / state (all pages) and print the rows it would store
    add ATS TOKEN             add a board to ./jobshift.boards.yaml (merged over the packaged list)

Mount with `app.add_typer(sources_app, name="sources")`. Errors print one line on stderr and exit 1.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from jobshift.errors import ConfigError, JobshiftError, RowError
from jobshift.sources.ats_board import COMPANY_CLASSES, Board
from jobshift.sources.base import Source
from jobshift.sources.hn_algolia import HNWhoIsHiringSource
from jobshift.sources.http import HttpCache, HttpClient, HttpConfig
from jobshift.sources.news_rss import Feed, NewsSource
from jobshift.sources.registry import BOARD_KINDS, DEFAULT_SOURCES, USER_BOARDS_FILE, add_board, build_sources
from jobshift.sources.warn import WarnSource
from jobshift.store.db import open_read_only

sources_app = typer.Typer(name="sources", no_args_is_help=True, add_completion=False,
                          help="Inspect, try and extend the live sources (job boards, HN, WARN, news).")

_COLUMNS = {
    "postings": ("source_id", "company", "title", "location", "remote", "posted_at", "salary"),
    "layoff_events": ("source_id", "company", "announced_on", "headcount", "state", "location",
                      "notice_type"),
    "news_items": ("source_id", "published_at", "title", "url"),
}
_STATE_KEYS = ("source", "last_started", "last_status", "last_success", "fetched", "new", "updated",
               "rejected", "stored", "cursor", "message")


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"


@sources_app.callback()
def _quiet_logs() -> None:
    """Retry notices (stamina) and skipped-board warnings stay quiet unless the caller configured logging."""
    if not logging.getLogger().handlers:
        for name in ("stamina", "jobshift"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


def _default_db() -> Path:
    return Path(os.environ.get("JOBSHIFT_DB", "jobshift.duckdb"))


@sources_app.command("list")
def list_sources(
    db: Annotated[Path | None, typer.Option(help="Database to read (default $JOBSHIFT_DB or "
                                                 "./jobshift.duckdb).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or jsonl.")] = Format.table,
) -> None:
    """Show each source's state: last run, last success, counts and cursor.

    Example: jobshift sources list --db data/jobshift.duckdb
    """
    db = db or _default_db()
    try:
        names = [s.name for s in build_sources({"sources": list(DEFAULT_SOURCES), "http": {"cache_dir": ""}})]
        states = _states(db) if db.exists() else {}
    except JobshiftError as exc:
        raise _fail(exc) from exc
    rows = [states.get(name, {"source": name, "last_status": "never run"}) for name in names]
    rows += [state for name, state in states.items() if name not in names]
    if fmt is Format.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, default=str, ensure_ascii=False))
        return
    table = Table()
    table.add_column("source", no_wrap=True)
    table.add_column("last run", no_wrap=True)
    table.add_column("last success", no_wrap=True)
    table.add_column("new/upd/rej of fetched", no_wrap=True)
    table.add_column("stored", justify="right")
    table.add_column("cursor", max_width=20, overflow="ellipsis", no_wrap=True)
    table.add_column("message", overflow="fold")
    for row in rows:
        counts = "" if row.get("fetched") is None else (
            f"{row.get('new')}/{row.get('updated')}/{row.get('rejected')} of {row.get('fetched')}")
        status = f"{row.get('last_status')} {_cell(row.get('last_started'))}".strip()
        table.add_row(str(row.get("source")), status, _cell(row.get("last_success")), counts,
                      _cell(row.get("stored")), _cell(row.get("cursor")), _cell(row.get("message"), 200))
    Console().print(table)


def _states(db: Path) -> dict[str, dict[str, Any]]:
    con = open_read_only(db)
    try:
        found = con.execute("""
            WITH ranked AS (
              SELECT *, row_number() OVER (PARTITION BY source ORDER BY started_at DESC) AS n
              FROM ingest_runs),
            ok AS (
              SELECT source, max(finished_at) AS last_success,
                     arg_max(cursor, finished_at) FILTER (WHERE cursor IS NOT NULL) AS cursor
              FROM ingest_runs WHERE status = 'ok' GROUP BY source),
            stored AS (
              SELECT source, count(*) AS stored FROM (
                SELECT source FROM postings UNION ALL SELECT source FROM layoff_events
                UNION ALL SELECT source FROM news_items) GROUP BY source)
            SELECT r.source, r.started_at, r.status, ok.last_success, r.fetched, r.new, r.updated, r.rejected,
                   coalesce(stored.stored, 0), ok.cursor, r.message
            FROM ranked r LEFT JOIN ok USING (source) LEFT JOIN stored USING (source)
            WHERE r.n = 1 ORDER BY r.source""").fetchall()
    finally:
        con.close()
    return {row[0]: dict(zip(_STATE_KEYS, row, strict=True)) for row in found}


def _cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _source_for(name: str, token: str | None, base_url: str | None, client: HttpClient, months: int,
                csv: Path | None, articles: bool) -> Source:
    kind = name.strip().lower()
    if kind in BOARD_KINDS:
        if not token:
            raise ConfigError(f"`sources test {kind}` needs a TOKEN (the board's name, e.g. stripe)")
        return BOARD_KINDS[kind]([Board(kind, token)], base_url=base_url, client=client)
    if kind in ("hn_whoishiring", "hn"):
        return HNWhoIsHiringSource(months, base_url=base_url, client=client)
    if kind == "warn":
        if csv is not None:
            return WarnSource(csv_files={(token or csv.stem)[:2]: csv})
        return WarnSource([token] if token else ["ca"])
    if kind == "news":
        feeds = [Feed(token, token)] if token else None
        return NewsSource(feeds, client=client, fetch_articles=articles)
    known = sorted([*BOARD_KINDS, "hn_whoishiring", "warn", "news"])
    raise ConfigError(f"unknown source {name!r}; known: {', '.join(known)}")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


@sources_app.command("test")
def test_source(
    name: Annotated[str, typer.Argument(help="greenhouse, lever, ashby, smartrecruiters, hn_whoishiring, "
                                             "warn or news.")],
    token: Annotated[str | None, typer.Argument(help="Board token; WARN state; news feed URL.")] = None,
    base_url: Annotated[str | None, typer.Option(help="API base URL (e.g. a local replay server).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or jsonl.")] = Format.table,
    limit: Annotated[int, typer.Option(help="Rows to print (all are fetched and normalised).")] = 50,
    months: Annotated[int, typer.Option(help="hn_whoishiring: threads to read.")] = 1,
    csv: Annotated[Path | None, typer.Option(help="warn: read this warn-scraper CSV, do not scrape.")] = None,
    articles: Annotated[bool, typer.Option(help="news: fetch and extract article text.")] = False,
) -> None:
    """Fetch one board / feed / state (all pages) and print the normalised rows; nothing is stored.

    Examples: jobshift sources test greenhouse stripe --format jsonl --limit 5;
    jobshift sources test lever palantir --base-url http://127.0.0.1:8080;
    jobshift sources test warn ca --csv exports/ca.csv
    """
    started = time.perf_counter()
    config = HttpConfig(attempts=3, retry_budget=20.0)
    rows, rejected = 0, 0
    console = Console()
    try:
        with HttpClient(config, cache=HttpCache(None)) as client:
            source = _source_for(name, token, base_url, client, months, csv, articles)
            columns = _COLUMNS.get(source.target, ("source_id",))
            table = Table(*columns)
            for raw in source.fetch(None):
                try:
                    row = source.normalise(raw)
                except RowError as exc:
                    rejected += 1
                    typer.echo(f"rejected {raw.location}: {exc.reason}", err=True)
                    continue
                rows += 1
                if rows > limit:
                    continue
                if fmt is Format.jsonl:
                    typer.echo(json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False))
                else:
                    values = (_salary(row) if c == "salary" else row.get(c) for c in columns)
                    table.add_row(*(_cell(v, 48) for v in values))
    except JobshiftError as exc:
        raise _fail(exc) from exc
    if fmt is Format.table:
        console.print(table)
    problems = getattr(source, "problems", [])
    for problem in problems:
        typer.echo(f"problem: {problem}", err=True)
    typer.echo(f"{rows} row(s) ({min(rows, limit)} shown), {rejected} rejected, from {source.origin} in "
               f"{time.perf_counter() - started:.1f}s; nothing stored", err=True)


def _salary(row: dict[str, Any]) -> str | None:
    if row.get("salary_min") is not None:
        return (f"{row['salary_min']:,.0f}-{row.get('salary_max') or row['salary_min']:,.0f} "
                f"{row.get('salary_currency') or ''}/{row.get('salary_period') or '?'}")
    return row.get("salary_text")


@sources_app.command("add")
def add(
    ats: Annotated[str, typer.Argument(help="greenhouse, lever, ashby or smartrecruiters.")],
    token: Annotated[str, typer.Argument(help="The board's token in that ATS (e.g. stripe).")],
    company: Annotated[str | None, typer.Option(help="Company display name (default: the token).")] = None,
    company_class: Annotated[str | None, typer.Option(help="ai_native, startup or incumbent.")] = None,
    file: Annotated[Path, typer.Option(help="User boards file.")] = Path(USER_BOARDS_FILE),
) -> None:
    """Add a board to the user boards file (merged with the packaged list by the `boards` source).

    Example: jobshift sources add greenhouse stripe --company Stripe --company-class startup
    """
    try:
        kind = ats.strip().lower()
        if kind not in BOARD_KINDS:
            raise ConfigError(f"unknown ATS {ats!r}; known: {', '.join(sorted(BOARD_KINDS))}")
        if company_class is not None and company_class not in COMPANY_CLASSES:
            raise ConfigError(f"--company-class must be one of {', '.join(COMPANY_CLASSES)}")
        added = add_board(file, Board(kind, token.strip(), company, company_class))
    except JobshiftError as exc:
        raise _fail(exc) from exc
    verb = "added" if added else "already listed:"
    typer.echo(f"{verb} {kind} {token} in {file}; check it with `jobshift sources test {kind} {token}`")


if __name__ == "__main__":  # pragma: no cover
    sources_app(sys.argv[1:])
