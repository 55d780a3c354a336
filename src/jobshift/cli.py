"""The `jobshift` command: a thin Typer shell over the library.

Each command parses options, calls one library function and renders the result with Rich. Errors are
one line on stderr and a non-zero exit (1 for a jobshift error, 130 for Ctrl-C); `--debug` shows the
traceback instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from jobshift import __version__
from jobshift.cli_sources import sources_app
from jobshift.config import Settings, load_settings
from jobshift.errors import JobshiftError
from jobshift.pipeline import IngestResult

app = typer.Typer(
    name="jobshift",
    help="Measure the AI job shift: job postings and layoff events, enriched, with metrics traced to sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)
_state: dict[str, Any] = {"debug": False}
T = TypeVar("T")

WorkersOption = Annotated[str | None, typer.Option(
    "--workers", help="Processes that enrich while ingesting: a number or 'auto' (one per core); default 1 or "
    "[run] workers / JOBSHIFT_WORKERS.", show_default=False)]
DbOption = Annotated[Path | None, typer.Option("--db", help="Database file (default jobshift.duckdb or JOBSHIFT_DB).",
                                               show_default=False)]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Config file (default ./jobshift.toml).",
                                                   show_default=False)]


def _guard(action: Callable[[], T]) -> T:
    """Run a command body, turning errors into one clear line and an exit code."""
    try:
        return action()
    except JobshiftError as exc:
        if _state["debug"]:
            raise
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err_console.print("[bold red]interrupted:[/] the database is as it was before the source being written")
        raise typer.Exit(130) from None


class RichProgress:
    """Pipeline progress drawn as a Rich bar per source."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, source: str, total: int | None) -> None:
        self.task = self.progress.add_task(source, total=total)

    def advance(self, records: int) -> None:
        self.progress.advance(self.task, records)

    def finish(self) -> None:
        if self.task is not None:
            self.progress.update(self.task, visible=True)
            self.progress.stop_task(self.task)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("records"), TimeElapsedColumn(), console=err_console, transient=False,
                    disable=not err_console.is_terminal)


def _settings(config: Path | None, db: Path | None, **flags: Any) -> Settings:
    return load_settings(config, db=db, **flags)


def _summary_table(results: list[IngestResult], synthetic: bool = False) -> Table:
    title = "Ingest summary" + (" — SYNTHETIC SAMPLE" if synthetic else "")
    table = Table(title=title, title_justify="left")
    table.add_column("source", overflow="fold", min_width=12)
    table.add_column("status")
    for column in ("fetched", "new", "updated", "unchanged", "duplicates", "rejected", "seconds"):
        table.add_column(column, justify="right")
    for r in results:
        style = {"ok": "green", "unreachable": "yellow"}.get(r.status, "red")
        c = r.counts
        table.add_row(r.source, f"[{style}]{r.status}[/]", str(c.fetched), str(c.new), str(c.updated),
                      str(c.unchanged), str(c.duplicates), str(c.rejected), f"{r.seconds:.1f}")
    return table


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """jobshift — an observatory of the AI job shift."""
    _state["debug"] = debug
    if version:
        console.print(f"jobshift {__version__}")
        raise typer.Exit(0)


@app.command()
def run(
    db: DbOption = None,
    config: ConfigOption = None,
    offline: Annotated[bool, typer.Option("--offline", help="Skip live sources; use the synthetic sample "
                                          "when the database has no real data.")] = False,
    report_dir: Annotated[Path | None, typer.Option("--report-dir", help="Where to write the report.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb (the database) or spark (enrich, dedup and "
                                        "metrics over a Parquet lake; needs --lake).")] = "duckdb",
    lake: Annotated[Path | None, typer.Option("--lake", help="With --engine spark: the lake folder "
                                              "(`jobshift export lake DIR` writes one).", show_default=False)] = None,
    master: Annotated[str, typer.Option("--master", help="With --engine spark: Spark master URL "
                                        "(local[N], spark://host:7077, ...).")] = "local[2]",
    workers: WorkersOption = None,
) -> None:
    """Build or update the database from the configured sources, then print the headline report.

    Example: jobshift run --db jobshift.duckdb

    Example: jobshift run --engine spark --lake lake/ --master local[4]
    """
    from jobshift.runner import run as run_all
    from jobshift.store import connect

    def body() -> None:
        if engine != "duckdb" or lake is not None:
            _run_spark(engine, lake, master)
            return
        settings = _settings(config, db, offline=offline or None, report_dir=report_dir, workers=workers)
        con = connect(settings.db_path)
        try:
            with _progress() as bars:
                summary = run_all(con, settings, progress=RichProgress(bars),
                                  notify=lambda m: err_console.print(f"[yellow]•[/] {m}", highlight=False))
        finally:
            con.close()
        console.print(_summary_table(summary.results, summary.synthetic))
        for line in summary.headline:
            console.print(line, highlight=False, markup=False)
        console.print(f"Report: {settings.report_dir / 'index.html'}")
    _guard(body)


def _run_spark(engine: str, lake: Path | None, master: str) -> None:
    """`jobshift run --engine spark --lake DIR`: enrich and dedup the lake's postings on Spark, write them back,
    then the metrics on Spark when `jobshift.spark.metrics` offers `run_all_spark`."""
    import importlib

    from jobshift.errors import ConfigError
    from jobshift.lake import read_manifest

    if engine != "spark":
        raise ConfigError(f"--engine {engine!r}: use duckdb or spark" if engine != "duckdb"
                          else "--lake is for --engine spark")
    if lake is None:
        raise ConfigError("--engine spark needs --lake DIR (write one with `jobshift export lake DIR`)")
    read_manifest(lake)  # a clear error before Spark starts
    from jobshift.spark.enrich_job import open_spark, run_enrich

    spark = open_spark(master)
    try:
        summary = run_enrich(spark, lake)
        console.print(f"Spark ({master}): enriched {summary.postings:,} postings ({summary.posting_skills:,} "
                      f"skill rows; {summary.exact:,} exact and {summary.near:,} near copies of another posting) "
                      f"in {summary.seconds:.1f} s; wrote {', '.join(summary.tables)} to {lake}/", highlight=False)
        try:
            metrics = importlib.import_module("jobshift.spark.metrics")
        except ImportError:
            metrics = None
        run_metrics = getattr(metrics, "run_all_spark", None)
        if callable(run_metrics):
            table = Table("metric", "value", "n", "period", title="Metrics on Spark", title_justify="left")
            for result in run_metrics(spark, lake):
                value = getattr(result, "value", None)
                table.add_row(str(getattr(result, "id", result)), "-" if value is None else f"{value:,.4g}",
                              f"{getattr(result, 'n', 0):,}", str(getattr(result, "period", "")))
            console.print(table)
    finally:
        spark.stop()


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A data file, or a dataset folder the mapping knows.")],
    mapping: Annotated[str, typer.Option("--mapping", "-m", help="Mapping name (see --list) or a YAML file.")],
    db: DbOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Import a CSV / JSONL / JSON / Parquet file (or dataset folder) through a mapping.

    Example: jobshift import ../shared/data/layoffs_fyi_databyab --mapping layoffs_fyi_databyab
    """
    from jobshift.importing import import_path
    from jobshift.pipeline import mark_stale_runs
    from jobshift.store import connect

    def body() -> None:
        settings = _settings(config, db, workers=workers)
        con = connect(settings.db_path)
        try:
            mark_stale_runs(con)
            with _progress() as bars:
                results = import_path(con, path, mapping, progress=RichProgress(bars),
                                      batch_size=settings.batch_size, workers=settings.workers,
                                      notify=lambda m: err_console.print(f"[yellow]•[/] {m}", highlight=False))
        finally:
            con.close()
        console.print(_summary_table(results))
        dedup = [r.dedup for r in results if r.dedup is not None]
        if dedup:
            last = dedup[-1]
            console.print(f"Duplicate postings in the database after this import: {last.exact:,} exact and "
                          f"{last.near:,} near copies of another posting (metrics count each job once).",
                          highlight=False)
        rejected = sum(r.counts.rejected for r in results)
        if rejected:
            console.print(f"{rejected} record(s) rejected: see them with "
                          f"jobshift sql \"SELECT location, field, reason FROM rejects WHERE run_id = "
                          f"'{results[0].run_id}'\"", highlight=False)
    _guard(body)


@app.command()
def mappings() -> None:
    """List the packaged import mappings.

    Example: jobshift mappings
    """
    from jobshift.sources.mapping import available_mappings, load_mapping

    table = Table("mapping", "parts", "description")
    for name in available_mappings():
        mapping = load_mapping(name)
        table.add_row(name, ", ".join(f"{p.name}→{p.target}" for p in mapping.parts), mapping.description[:80])
    console.print(table)


@app.command()
def sample(
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write the sample's files to "
                                             "(JSONL; Parquet parts with --scale).")] = None,
    load: Annotated[bool, typer.Option("--load", help="Also load it into the database (only if it holds no "
                                       "real data).")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives the same data.")] = 2026,
    scale: Annotated[str | None, typer.Option("--scale", help="Resample this many postings (100k, 1M, 10M or "
                                              "a number) from the real data; needs --from-real.")] = None,
    from_real: Annotated[bool, typer.Option("--from-real", help="With --scale: draw from the real postings in "
                                            "the shared data folder.")] = False,
    data: Annotated[Path | None, typer.Option("--data", help="With --scale: the shared data folder (default "
                                              "JOBSHIFT_SHARED_DATA or ../shared/data).")] = None,
    shard_size: Annotated[int, typer.Option("--shard-size", help="With --scale --db: postings per ingest "
                                            "transaction (an interrupted run resumes at the next shard).")] = 250_000,
    memory_limit: Annotated[str, typer.Option("--memory-limit", help="With --scale --db: DuckDB memory_limit "
                                              "(it spills to DB.tmp/ beyond it).")] = "6GB",
    db: DbOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Write the deterministic SYNTHETIC sample (postings, layoffs, news) for demos and tests, or, with
    --scale N --from-real, N postings resampled from the real ones (flagged synthetic) for scale tests.

    Example: jobshift sample --out sample/ --load

    Example: jobshift sample --scale 1M --from-real --db scale.duckdb
    """
    from jobshift.sources.sample_data import generate_sample, write_sample

    def body() -> None:
        if scale is not None or from_real:
            _scale_sample(scale, from_real, data, out, db, config, seed, shard_size, memory_limit, workers)
            return
        data_ = generate_sample(seed=seed)
        folder = out or Path("sample")
        folder.mkdir(parents=True, exist_ok=True)
        for written in write_sample(data_, folder):
            console.print(f"wrote {written}")
        console.print("[bold reverse] SYNTHETIC SAMPLE — generated, not real data [/]")
        if load:
            _load_sample(_settings(config, db), seed)
    _guard(body)


def _scale_sample(scale: str | None, from_real: bool, data: Path | None, out: Path | None, db: Path | None,
                  config: Path | None, seed: int, shard_size: int, memory_limit: str | None,
                  workers: str | None = None) -> None:
    import os

    from jobshift.errors import ConfigError, StoreError
    from jobshift.pipeline import has_real_data
    from jobshift.sources.scale_sample import configure_duckdb, ingest_resampled, load_pool, parse_scale, write_parquet
    from jobshift.store import connect

    if scale is None or not from_real:
        raise ConfigError("use --scale N together with --from-real (the only resampling mode)")
    if (out is None) == (db is None):
        raise ConfigError("give exactly one of --out DIR (Parquet parts) or --db DB (ingest) with --scale")
    try:
        total = parse_scale(scale)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    env = os.environ.get("JOBSHIFT_SHARED_DATA")
    root = data or (Path(env) if env else Path("..") / "shared" / "data")
    console.print(f"reading the real postings in {root} ...")
    pool = load_pool(root)
    console.print(f"{len(pool):,} real postings with text; resampling {total:,} (seed {seed})")
    if out is not None:
        parts = write_parquet(pool, total, out, seed=seed)
        console.print(f"wrote {len(parts)} Parquet part(s) to {out}")
    else:
        settings = _settings(config, db, workers=workers)
        con = connect(settings.db_path)
        try:
            if has_real_data(con):
                raise StoreError(f"{settings.db_path} holds real data; resampled postings are flagged synthetic "
                                 "and never mixed with it")
            configure_duckdb(con, memory_limit=memory_limit, temp_dir=Path(f"{settings.db_path}.tmp"))
            with _progress() as bars:
                results = ingest_resampled(con, pool, total, seed=seed, shard_size=shard_size,
                                           progress=RichProgress(bars), workers=settings.workers)
        finally:
            con.close()
        if results:
            console.print(_summary_table(results, synthetic=True))
        else:
            console.print(f"{settings.db_path} already holds all {total:,} resampled postings (seed {seed})")
    console.print("[bold reverse] RESAMPLED FROM REAL POSTINGS — flagged synthetic, not observations [/]")


def _load_sample(settings: Settings, seed: int) -> None:
    from jobshift.errors import StoreError
    from jobshift.pipeline import has_real_data
    from jobshift.runner import RunSummary, load_sample
    from jobshift.store import connect

    con = connect(settings.db_path)
    try:
        if has_real_data(con):
            raise StoreError(f"{settings.db_path} holds real data; the synthetic sample is never mixed with it")
        summary = RunSummary(run_id="sample")
        with _progress() as bars:
            load_sample(con, summary, RichProgress(bars), settings)
    finally:
        con.close()
    console.print(_summary_table(summary.results, synthetic=True))


@app.command()
def status(db: DbOption = None, config: ConfigOption = None) -> None:
    """Show what is in the database: rows per table and source, each source's last run.

    Example: jobshift status --db jobshift.duckdb
    """
    from jobshift.status import schema_version, source_status, table_counts
    from jobshift.store import open_read_only

    def body() -> None:
        settings = _settings(config, db)
        con = open_read_only(settings.db_path)
        try:
            counts, sources, version = table_counts(con), source_status(con), schema_version(con)
        finally:
            con.close()
        console.print(f"{settings.db_path} — schema version {version}")
        tables = Table("table", "rows", title="Tables", title_justify="left")
        for name, n in counts.items():
            tables.add_row(name, f"{n:,}")
        console.print(tables)
        per = Table("source", "table", "rows", "synthetic", "last run", "at", "last ok", "rejects",
                    title="Sources", title_justify="left")
        for s in sources:
            per.add_row(s.source, s.table, f"{s.rows:,}", "yes" if s.synthetic else "", s.last_run_status or "-",
                        str(s.last_run_at or "-"), str(s.last_ok_at or "-"), f"{s.rejects:,}")
        console.print(per)
    _guard(body)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One read-only SQL statement.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, json, jsonl or parquet.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    limit: Annotated[int, typer.Option("--max-rows", help="Rows shown in table format.")] = 50,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Run a read-only SQL query against the database.

    Example: jobshift sql "SELECT source, count(*) FROM postings GROUP BY 1" --format csv
    """
    from jobshift.store.query import run_query, write_table

    def body() -> None:
        settings = _settings(config, db)
        result = run_query(settings.db_path, query)
        if fmt == "table":
            table = Table(*result.column_names)
            for row in result.slice(0, limit).to_pylist():
                table.add_row(*("" if v is None else str(v) for v in row.values()))
            console.print(table)
            if result.num_rows > limit:
                console.print(f"… {result.num_rows - limit:,} more rows (use --format csv or --max-rows)")
            return
        text = write_table(result, fmt, out)
        if text is not None:
            sys.stdout.write(text)
    _guard(body)


@app.command()
def export(
    what: Annotated[str | None, typer.Argument(help="`lake` to write the whole store as a Parquet lake.",
                                               show_default=False)] = None,
    lake_dir: Annotated[Path | None, typer.Argument(help="With `lake`: the lake folder (replaced if it is a lake).",
                                                    show_default=False)] = None,
    table: Annotated[str | None, typer.Option("--table", "-t", help="postings, layoffs, companies, skills, "
                                              "posting_skills, news, runs, rejects, …")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet (partitioned by month) or csv.")] = "parquet",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (csv) or folder (parquet).")] = None,
    memory_limit: Annotated[str, typer.Option("--memory-limit", help="With `lake`: DuckDB memory_limit while "
                                              "writing (it spills beyond it; a 10M-posting store's partitioned "
                                              "write takes all it is given).")] = "4GB",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Export a table for researchers (Parquet partitioned by month, or one CSV file), or the whole store as
    the Parquet lake the Spark engine reads (partitioned by source and month).

    Example: jobshift export --table postings --format parquet --out out/postings

    Example: jobshift export lake lake/
    """
    from jobshift.errors import ConfigError
    from jobshift.store.query import export_table

    def body() -> None:
        settings = _settings(config, db)
        if what is not None:
            if what != "lake" or lake_dir is None or table is not None:
                raise ConfigError("write `jobshift export lake DIR`, or `jobshift export --table T`")
            _export_lake(settings.db_path, lake_dir, memory_limit)
            return
        if table is None:
            raise ConfigError("which table? use --table T (or `jobshift export lake DIR` for everything)")
        target = out or Path("out") / (f"{table}.csv" if fmt == "csv" else table)
        target.parent.mkdir(parents=True, exist_ok=True)
        console.print(f"wrote {export_table(settings.db_path, table, fmt, target)}")
    _guard(body)


def _export_lake(db_path: Path, lake_dir: Path, memory_limit: str | None = None) -> None:
    import duckdb

    from jobshift.errors import ConfigError
    from jobshift.lake import export_lake
    from jobshift.sources.scale_sample import configure_duckdb
    from jobshift.store import open_read_only

    con = open_read_only(db_path)
    try:
        try:
            configure_duckdb(con, memory_limit=memory_limit)
        except duckdb.Error as exc:
            raise ConfigError(f"--memory-limit {memory_limit!r}: {exc}") from exc
        manifest = export_lake(con, lake_dir)
    finally:
        con.close()
    tables = Table("table", "rows", "partitioned by", title=f"Lake {lake_dir}", title_justify="left")
    for name, entry in sorted(manifest["tables"].items()):
        tables.add_row(name, f"{entry['rows']:,}", ", ".join(entry["partitioned_by"]) or "-")
    console.print(tables)


@app.command()
def report(
    period: Annotated[str | None, typer.Option("--period", help="Months START..END, e.g. 2026-01..2026-06 "
                                              "(either side may be empty).")] = None,
    fmt: Annotated[list[str] | None, typer.Option("--format", "-f", help="html, md or json (repeatable; "
                                                  "default all three).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Only this country code.")] = None,
    state: Annotated[str | None, typer.Option("--state", help="Only this US state (two letters).")] = None,
    company_class: Annotated[str | None, typer.Option("--company-class", help="ai_native, startup, incumbent "
                                                      "or unknown.")] = None,
    role_family: Annotated[str | None, typer.Option("--role-family", help="Postings of this role family.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the report (default report/).")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Write the report (HTML, Markdown, JSON, charts) from the database and print its headline figures.

    Example: jobshift report --period 2026-01..2026-06 --format html --out report/
    """
    from jobshift.errors import ConfigError
    from jobshift.metrics import Filters
    from jobshift.report import build_report, headline_lines
    from jobshift.store import open_read_only

    def body() -> None:
        settings = _settings(config, db, report_dir=out)
        start, end = None, None
        if period:
            if ".." not in period:
                raise ConfigError(f"--period {period!r}: write START..END, e.g. 2026-01..2026-06")
            start, end = (part.strip() or None for part in period.split("..", 1))
        filters = Filters(start=start, end=end, country=country, state=state, company_class=company_class,
                          role_family=role_family)
        formats = tuple(fmt) if fmt else ("html", "md", "json")
        unknown = [f for f in formats if f not in ("html", "md", "json")]
        if unknown:
            raise ConfigError(f"--format {unknown[0]!r}: use html, md or json")
        con = open_read_only(settings.db_path)
        try:
            settings.report_dir.mkdir(parents=True, exist_ok=True)
            built = build_report(con, settings.report_dir, filters=filters, formats=formats)
        finally:
            con.close()
        for line in headline_lines(built):
            console.print(line, highlight=False, markup=False)
        console.print(f"Report written to {settings.report_dir}/")
    _guard(body)


@app.command()
def enrich(
    kind: Annotated[str, typer.Argument(help="postings or layoffs")],
    path: Annotated[Path, typer.Argument(help="CSV or JSONL file: postings need title, description; "
                                         "layoffs need text.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write JSONL here instead of stdout.")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Database holding the imported O*NET titles and "
                                            "exposure scores (for occupations and exposure).",
                                            show_default=False)] = None,
) -> None:
    """Enrich your own CSV/JSONL of postings or layoff texts; one JSONL line out per record in, same order.

    Example: jobshift enrich postings my_jobs.csv -o tagged.jsonl --db jobshift.duckdb
    """
    from jobshift.errors import ConfigError
    from jobshift.tagging import KINDS, enrich_records, occupation_reference, write_jsonl

    def body() -> None:
        if kind not in KINDS:
            raise ConfigError(f"enrich what? {kind!r} is not one of {', '.join(KINDS)}")
        reference, note = occupation_reference(db)
        if note:
            err_console.print(note, highlight=False, markup=False)
        rows = enrich_records(kind, path, reference)
        if out is None:
            write_jsonl(rows, sys.stdout)
            return
        with out.open("w", encoding="utf-8") as handle:
            count = write_jsonl(rows, handle)
        err_console.print(f"wrote {count:,} records to {out}")
    _guard(body)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    db: DbOption = None,
    app_db: Annotated[str | None, typer.Option("--app-db", help="App database URL for accounts and comments "
                                               "(default: SQLite file beside the database; or "
                                               "postgresql+psycopg://user:pass@host/db).", show_default=False)] = None,
) -> None:
    """Serve the web app: dashboard pages, JSON API (/api/v1, /openapi.json), news with context cards, discussion.

    Example: jobshift serve --db jobshift.duckdb --port 8000
    """
    from jobshift.web.server import serve as run_server

    def body() -> None:
        settings = _settings(None, db)
        run_server(host, port, settings.db_path, app_db,
                   say=lambda line: console.print(line, highlight=False, markup=False, soft_wrap=True))
    _guard(body)


app.add_typer(sources_app, name="sources", help="Live sources: list their state, test one, add a job board.")


def main() -> None:
    """Entry point of the `jobshift` script."""
    app()
