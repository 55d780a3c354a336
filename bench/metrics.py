"""Metric and report speed on 1,000,000 postings and 100,000 layoff events, with pandas as the baseline.

    python bench/metrics.py [--runs 5] [--report-runs 3] [--db PATH] [--rebuild] [--no-write]

Target (issue 6, item 5): every metric under 1 s and the full report (all formats) under 30 s on this
2-core machine. Results replace the "## Metrics (bench/metrics.py)" section of BENCHMARKS.md.

The benchmark database
----------------------
1. The real data sets in ../shared/data (or $JOBSHIFT_SHARED_DATA) are imported once with the library
   (`jobshift.importing.import_path`, the same path as `jobshift import`) into
   `<dir>/bench_metrics_real.duckdb` (default dir: $TMPDIR/jobshift-bench; `--db PATH` puts both files next
   to PATH). That file is a cache: it is reused until `--rebuild`.
2. It is copied to `bench_metrics_1m.duckdb` and resampled there, in SQL (DuckDB), up to exactly
   1,000,000 postings and 100,000 layoff events:
   - every real row is kept as it is; copies come from a cross join of the real rows with
     `range(1, K + 1) AS r(copy)`, K = ceil(missing / real rows). All copies 1..K-1 are taken whole and
     the last one partly: rows are ranked by (copy, hash(id, copy, 'pick')) and the first `missing` kept,
     so the mix of sources, role families, reasons and companies follows the real data.
   - a copy gets the id `<id>#r<copy>` (posting_id / event_id and source_id), so ids stay unique;
   - its date is spread over 2019-01-01..2026-10-31 by `hash(id, copy) % days`: a posting's posted_at
     becomes that day (keeping the original time of day), an event's announced_on becomes that day and its
     effective_on keeps its original distance from the announcement. The monthly metrics thus see ~94
     well-filled months (plus the real rows' own months, back to the 1980s for some WARN notices);
   - posting_skills rows are copied with their posting (same skills, new posting_id);
   - company_id, company, pay, role family, seniority, country, flags, reason and headcount are unchanged,
     so companies stays consistent and cutting_while_hiring still finds the same companies.
   Rows keep synthetic = FALSE: the database is a bench artefact (its name says so), not data to publish.
   `hash` is DuckDB's own; one DuckDB version always gives the same database.

What is timed
-------------
- jobshift: `run_metric(con, id)` for every id in `list_metrics()`, without filters and with the period
  filter 2024-01..2024-12, on a read-only connection opened after the build: one warm-up, then the median
  (min–max) of --runs runs. A run is what a user pays: creating the filtered views, the provenance query
  (sources, n, period), the metric's SQL and the Python compute step (intervals, bootstrap).
- the full report: `build_report` (html, md, json, SVG and PNG charts) into a fresh temp dir, median of
  --report-runs runs after one warm-up.
- pandas, in the same run: the tables are loaded into DataFrames once (not timed; load time and memory
  reported), the columns of the filtered views (obs_date, month, company name, ai_role, ai_opening,
  pay_usd) are derived once (timed separately, as "prepare"), then each of nine representative metrics is
  computed with pandas — the metric's own rows and its provenance (rows, first and last date per source) —
  and handed to the same Python compute step (`jobshift.metrics.compute.COMPUTE`), so only the engine
  differs. The results are compared with jobshift's (value, interval, n, period, sources, table, extras;
  floats to 1e-9 relative) and the run fails if any differs. pandas is single-threaded; DuckDB uses both
  cores. jobshift re-derives the view columns on every run, pandas does not (that favours pandas).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from benchmarks_md import write_section  # bench/ is on sys.path when a script here runs
from jobshift.fields import AI_ROLE_FAMILIES
from jobshift.importing import import_path
from jobshift.metrics import Filters, get_metric, list_metrics, run_metric
from jobshift.metrics.compute import COMPUTE
from jobshift.metrics.runner import _rows, basis_sources
from jobshift.metrics.views import filtered_views
from jobshift.report.build import FORMATS, build_report
from jobshift.store import connect, open_read_only
from jobshift.store.db import migrations

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("JOBSHIFT_SHARED_DATA", REPO.parent / "shared" / "data"))
BENCH_MD = REPO / "BENCHMARKS.md"
SECTION = "## Metrics (bench/metrics.py)"
DATASETS = (
    "hn_whoishiring_2026_gantryops",
    "hn_whoishiring_2013_2018_gaganpreet",
    "linkedin_postings_sample_koriralex",
    "linkedin_ds_jobs_2024_venura",
    "analytics_engineer_jds_2026_jeremychia",
    "layoffs_fyi_databyab",
    "warn_notices_biglocalnews",
    "ai_layoffs_tracker_events",
)
N_POSTINGS = 1_000_000
N_LAYOFFS = 100_000
SPAN_START, SPAN_END = date(2019, 1, 1), date(2026, 11, 1)  # resampled dates fall in [start, end)
PERIOD = Filters(start="2024-01", end="2024-12")
METRIC_TARGET_S = 1.0
REPORT_TARGET_S = 30.0
REL_TOL = 1e-9
DEDUP_MARK = "layoff_clusters_of("  # metrics using the cross-source de-duplication have no pandas twin yet


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- database


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    return [r[0] for r in rows]


def _select_list(con: duckdb.DuckDBPyConnection, table: str, alias: str, overrides: dict[str, str]) -> str:
    """Every column of `table` in order, as `alias.col` unless overridden by an expression."""
    return ", ".join(f"{overrides[c]} AS {c}" if c in overrides else f"{alias}.{c}" for c in _columns(con, table))


def _resample(con: duckdb.DuckDBPyConnection, table: str, id_col: str, target: int) -> int:
    """Add copies of the real rows of `table` until it holds `target` rows; returns the copies added."""
    real = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
    missing = target - real
    if missing <= 0:
        raise SystemExit(f"{table}: {real} real rows already reach {target}; nothing to resample")
    copies = math.ceil(missing / real)
    days = (SPAN_END - SPAN_START).days
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE pick AS
        SELECT t.{id_col} AS orig_id, r.copy, t.{id_col} || '#r' || r.copy AS new_id,
               DATE '{SPAN_START.isoformat()}' + CAST(hash(t.{id_col}, r.copy) % {days} AS INTEGER) AS new_day
        FROM {table} t, range(1, {copies + 1}) AS r(copy)
        QUALIFY row_number() OVER (ORDER BY r.copy, hash(t.{id_col}, r.copy, 'pick'), t.{id_col}) <= {missing}
        """
    )
    if table == "postings":
        overrides = {
            "posting_id": "k.new_id",
            "source_id": "t.source_id || '#r' || k.copy",
            "posted_at": "k.new_day + coalesce(t.posted_at - date_trunc('day', t.posted_at), INTERVAL 0 SECOND)",
        }
    else:
        overrides = {
            "event_id": "k.new_id",
            "source_id": "t.source_id || '#r' || k.copy",
            "announced_on": "k.new_day",
            "effective_on": "k.new_day + CAST(t.effective_on - coalesce(t.announced_on, t.effective_on) AS INTEGER)",
        }
    select = _select_list(con, table, "t", overrides)
    con.execute(f"INSERT INTO {table} SELECT {select} FROM pick k JOIN {table} t ON t.{id_col} = k.orig_id")
    if table == "postings":
        select = _select_list(con, "posting_skills", "ps", {"posting_id": "k.new_id"})
        con.execute(
            f"INSERT INTO posting_skills SELECT {select} "
            "FROM pick k JOIN posting_skills ps ON ps.posting_id = k.orig_id"
        )
    con.execute("DROP TABLE pick")
    return missing


def _sizes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
        for t in ("postings", "layoff_events", "posting_skills", "companies", "skills")
    }


def build_database(db: Path, rebuild: bool) -> dict[str, Any]:
    """The 1M/100k database at `db` (built unless it is there with the right sizes); its sizes and timings."""
    real_db = db.with_name("bench_metrics_real.duckdb")
    info: dict[str, Any] = {"import_s": None, "resample_s": None}
    if db.exists() and not rebuild:
        if _schema_behind(db) or _schema_behind(real_db):
            log(f"{db}: schema older than the packaged migrations (enrichment may differ too); rebuilding")
            rebuild = True
        else:
            con = duckdb.connect(str(db), read_only=True)
            sizes = _sizes(con)
            con.close()
            if sizes["postings"] == N_POSTINGS and sizes["layoff_events"] == N_LAYOFFS:
                log(f"using the cached benchmark database {db}")
                return {**info, **sizes, "real": _real_sizes(real_db)}
    if rebuild or not real_db.exists():
        missing = [name for name in DATASETS if not (DATA / name).exists()]
        if missing:
            raise SystemExit(f"data sets missing under {DATA}: {', '.join(missing)}")
        partial = real_db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        con = connect(partial)
        started = time.perf_counter()
        for name in DATASETS:
            t = time.perf_counter()
            import_path(con, DATA / name, name)
            log(f"imported {name} in {time.perf_counter() - t:.1f} s")
        con.execute("CHECKPOINT")
        con.close()
        partial.replace(real_db)
        info["import_s"] = time.perf_counter() - started
    partial = db.with_suffix(".partial")
    shutil.copyfile(real_db, partial)
    con = connect(partial)
    started = time.perf_counter()
    added_p = _resample(con, "postings", "posting_id", N_POSTINGS)
    added_l = _resample(con, "layoff_events", "event_id", N_LAYOFFS)
    con.execute("CHECKPOINT")
    info["resample_s"] = time.perf_counter() - started
    sizes = _sizes(con)
    con.close()
    partial.replace(db)
    log(f"resampled: +{added_p:,} postings, +{added_l:,} layoff events in {info['resample_s']:.1f} s")
    return {**info, **sizes, "real": _real_sizes(real_db)}


def _schema_behind(path: Path) -> bool:
    """True when `path` exists and lacks a packaged migration."""
    if not path.exists():
        return False
    con = duckdb.connect(str(path), read_only=True)
    try:
        done = {int(r[0]) for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.Error:
        return True
    finally:
        con.close()
    return bool({m.version for m in migrations()} - done)


def _real_sizes(real_db: Path) -> dict[str, int]:
    con = duckdb.connect(str(real_db), read_only=True)
    try:
        return _sizes(con)
    finally:
        con.close()


# --------------------------------------------------------------------------------------------- timing


def timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """One warm-up call, then `runs` timed calls; the times and the last result."""
    out = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return times, out


def phases(con: duckdb.DuckDBPyConnection, metric_id: str, runs: int) -> dict[str, float]:
    """Where an unfiltered run of a metric spends its time (median of `runs`): provenance, metric SQL, compute.

    "provenance" is runner.basis_sources (rows, first and last date per source); creating the views is
    not included (it is the same few milliseconds for every metric).
    """
    metric = get_metric(metric_id)
    spent: dict[str, list[float]] = {"provenance": [], "sql": [], "compute": []}
    with filtered_views(con, Filters()):
        for _ in range(runs):
            t0 = time.perf_counter()
            basis_sources(con, metric)
            t1 = time.perf_counter()
            rows = _rows(con, metric.sql)
            t2 = time.perf_counter()
            COMPUTE[metric.compute](rows)
            t3 = time.perf_counter()
            for key, seconds in (("provenance", t1 - t0), ("sql", t2 - t1), ("compute", t3 - t2)):
                spent[key].append(seconds)
    return {key: statistics.median(values) for key, values in spent.items()}


def profile(con: duckdb.DuckDBPyConnection, metric_id: str, out_dir: Path) -> str:
    """EXPLAIN ANALYZE of a metric's SQL (unfiltered) written to out_dir; a one-line summary of the costliest
    operators (DuckDB's JSON profile; operator times add up the time of both threads)."""
    sql = get_metric(metric_id).sql
    profile_json = out_dir / f"profile_{metric_id}.json"
    with filtered_views(con, Filters()):
        rows = con.execute("EXPLAIN ANALYZE " + sql).fetchall()
        (out_dir / f"explain_{metric_id}.txt").write_text("\n".join(str(r[-1]) for r in rows), encoding="utf-8")
        con.execute("SET enable_profiling = 'json'")
        con.execute(f"SET profiling_output = '{profile_json}'")
        try:
            con.execute(sql).fetchall()
        finally:
            con.execute("SET enable_profiling = 'no_output'")
    doc = json.loads(profile_json.read_text(encoding="utf-8"))
    ops: list[tuple[float, str, int]] = []

    def walk(nodes: list[dict[str, Any]] | dict[str, Any]) -> None:
        for node in nodes if isinstance(nodes, list) else [nodes]:
            rows = int(node.get("intermediate_rows") or 0)
            ops.append((float(node.get("timing") or 0), str(node.get("name")), rows))
            walk(node.get("children") or [])

    walk(doc["operator"])
    query = doc.get("query", {})
    top = ", ".join(f"{name} {seconds:.2f} s ({rows:,} rows)" for seconds, name, rows in sorted(ops, reverse=True)[:3])
    return (f"query {float(query.get('total_time', 0)):.2f} s wall, {float(query.get('cpu_time', 0)):.2f} s CPU; "
            f"costliest operators: {top}")


# --------------------------------------------------------------------------------------------- pandas


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_frames(db: Path) -> tuple[dict[str, pd.DataFrame], float, float]:
    """The raw columns the metrics read, as DataFrames; load seconds and resident MB added."""
    before = rss_mb()
    started = time.perf_counter()
    con = duckdb.connect(str(db), read_only=True)
    frames = {
        "postings": con.execute(
            "SELECT posting_id, source, company, company_id, posted_at, first_seen, country, role_family, "
            "seniority, mentions_llm, ai_skill_required, salary_min_usd, salary_max_usd FROM postings"
        ).df(),
        "layoffs": con.execute(
            "SELECT event_id, source, company, company_id, announced_on, effective_on, headcount, reason, "
            "roles_named FROM layoff_events"
        ).df(),
        "companies": con.execute("SELECT company_id, name, company_class FROM companies").df(),
        "posting_skills": con.execute("SELECT posting_id, skill_id FROM posting_skills").df(),
        "skills": con.execute("SELECT skill_id, name, category FROM skills").df(),
    }
    con.close()
    return frames, time.perf_counter() - started, rss_mb() - before


def prepare(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The columns of f_postings / f_layoffs (metrics/sql/_filters.sql), derived once, no filters."""
    companies = frames["companies"].rename(columns={"name": "co_name"})
    p = frames["postings"].merge(companies, on="company_id", how="left")
    p["obs_date"] = p["posted_at"].fillna(p["first_seen"]).dt.normalize()
    p["month"] = p["obs_date"].dt.strftime("%Y-%m")
    p["company_name"] = p["co_name"].fillna(p["company"])
    p["mentions_llm"] = p["mentions_llm"].astype("boolean")
    p["ai_skill_required"] = p["ai_skill_required"].astype("boolean")
    p["ai_role"] = p["role_family"].isin(AI_ROLE_FAMILIES)
    p["ai_opening"] = p["ai_role"] | p["ai_skill_required"].fillna(False).astype(bool)
    both = (p["salary_min_usd"] + p["salary_max_usd"]) / 2
    p["pay_usd"] = both.where(p["salary_min_usd"].notna() & p["salary_max_usd"].notna(),
                              p["salary_min_usd"].fillna(p["salary_max_usd"]))
    lay = frames["layoffs"].merge(companies, on="company_id", how="left")
    lay["obs_date"] = pd.to_datetime(lay["announced_on"].fillna(lay["effective_on"]))
    lay["month"] = lay["obs_date"].dt.strftime("%Y-%m")
    lay["company_name"] = lay["co_name"].fillna(lay["company"])
    lay["company_key"] = lay["company_id"].fillna(lay["company"].str.strip().str.lower())
    lay["headcount"] = lay["headcount"].astype("Float64")
    return {"p": p, "l": lay, "ps": frames["posting_skills"], "skills": frames["skills"], "companies": companies}


def _day(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _int(value: Any) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def _share(num: float, den: float) -> float | None:
    return num / den if den else None


def pd_sources(*bases: pd.DataFrame) -> list[dict[str, Any]]:
    """runner.basis_sources over pandas frames: rows, first and last obs_date per source."""
    merged: dict[str, dict[str, Any]] = {}
    for basis in bases:
        agg = basis.groupby("source", sort=True)["obs_date"].agg(["size", "min", "max"])
        for source, row in agg.iterrows():
            entry = merged.setdefault(str(source), {"source": str(source), "rows": 0, "first": None, "last": None})
            entry["rows"] += int(row["size"])
            for key, pick, value in (("first", min, row["min"]), ("last", max, row["max"])):
                dates = [d for d in (entry[key], _day(value)) if d is not None]
                entry[key] = pick(dates) if dates else None
    return sorted(merged.values(), key=lambda s: (-s["rows"], s["source"]))


def month_span(dates: pd.Series) -> list[str]:
    lo, hi = dates.min(), dates.max()
    if pd.isna(lo):
        return []
    return [str(m) for m in pd.period_range(lo, hi, freq="M").strftime("%Y-%m")]


def pd_postings_distinct(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    p = d["p"]
    n = int(p["posting_id"].nunique())
    return [{"value": n, "n": n}], pd_sources(p)


def pd_share_mentions_llm(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    b = d["p"][d["p"]["mentions_llm"].notna()]
    return [{"k": int(b["mentions_llm"].sum()), "n": len(b)}], pd_sources(b)


def pd_top_skills(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    p = d["p"]
    total = len(p)
    joined = d["ps"].merge(p[["posting_id"]], on="posting_id").merge(d["skills"], on="skill_id")
    counts = joined.groupby(["name", "category"])["posting_id"].nunique().reset_index(name="n")
    top = counts.sort_values(["n", "name"], ascending=[False, True], kind="stable").head(25)
    rows = [
        {"skill": r.name, "category": r.category, "n": int(r.n), "share": _share(r.n, total),
         "wilson_k": int(r.n), "wilson_n": total}
        for r in top.itertuples(index=False)
    ]
    return rows, pd_sources(p)


def pd_role_family_counts_monthly(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    p = d["p"]
    family = p["role_family"].fillna("unclassified")
    counts = p.groupby([family, p["month"]]).size()
    families = sorted(family.unique())
    grid = pd.MultiIndex.from_product([families, month_span(p["obs_date"])], names=["role_family", "month"])
    n = counts.reindex(grid, fill_value=0)
    prev = n.groupby(level="role_family").shift(1)
    rows = [
        {"month": month, "role_family": fam, "n": int(v), "prev_n": None if pd.isna(pv) else int(pv)}
        for (fam, month), v, pv in zip(n.index, n.to_numpy(), prev.to_numpy(), strict=True)
    ]
    return rows, pd_sources(p)


SENIORITY_ORDER = ["intern", "junior", "mid", "senior", "staff", "principal", "manager", "director", "exec", "unknown"]


def pd_median_pay_by_role(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    b = d["p"][d["p"]["pay_usd"].notna()]
    keys = [b["role_family"].fillna("unclassified").rename("role_family"),
            b["seniority"].fillna("unknown").rename("seniority")]
    rows = []
    for (family, seniority), pay in b.groupby(keys)["pay_usd"]:
        values = sorted(pay.tolist())
        rows.append({"role_family": family, "seniority": seniority, "n": len(values),
                     "median_usd": float(pay.median()), "pay_values": values})
    position = {s: i for i, s in enumerate(SENIORITY_ORDER)}
    rows.sort(key=lambda r: (r["role_family"], position.get(r["seniority"], len(position))))
    return rows, pd_sources(b)


def pd_layoff_events_monthly(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lay = d["l"]
    b = lay[lay["obs_date"].notna()]
    agg = b.groupby("month").agg(events=("event_id", "size"), headcount=("headcount", "sum"),
                                 headcount_known=("headcount", "count"))
    agg = agg.reindex(month_span(lay["obs_date"]), fill_value=0)
    rows = [
        {"month": m, "events": int(r.events), "headcount": int(r.headcount), "headcount_known": int(r.headcount_known)}
        for m, r in zip(agg.index, agg.itertuples(index=False), strict=True)
    ]
    return rows, pd_sources(b)


REASON_GROUPS = (
    ("ai_explicit", ("ai_explicit",)),
    ("automation", ("automation",)),
    ("ai_explicit + automation", ("ai_explicit", "automation")),
    ("restructuring", ("restructuring",)),
    ("economic", ("economic",)),
    ("closure", ("closure",)),
    ("unknown", ("unknown",)),
)


def pd_ai_attributed_share(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lay = d["l"]
    reason = lay["reason"].fillna("unknown")
    by_reason = lay.groupby(reason).agg(events=("event_id", "size"), headcount=("headcount", "sum"))
    events, with_hc, headcount = len(lay), int(lay["headcount"].count()), _int(lay["headcount"].sum())
    rows = []
    for group, reasons in REASON_GROUPS:
        part = by_reason.reindex(list(reasons)).fillna(0)
        k, hc = int(part["events"].sum()), int(part["headcount"].sum())
        rows.append({"reason_group": group, "events": k, "event_share": _share(k, events), "wilson_k": k,
                     "wilson_n": events, "headcount": hc, "headcount_share": _share(hc, headcount)})
    by = {r["reason_group"]: r for r in rows}
    rows[0].update(
        metric_value=by["ai_explicit"]["headcount_share"], metric_n=events, extra_events_with_headcount=with_hc,
        extra_event_share_ai_explicit=by["ai_explicit"]["event_share"],
        extra_headcount_share_ai_or_automation=by["ai_explicit + automation"]["headcount_share"],
        extra_headcount_share_unknown=by["unknown"]["headcount_share"],
    )
    return rows, pd_sources(lay)


def pd_cuts_concentration(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    b = d["l"][d["l"]["headcount"].notna()]
    by = b.groupby("company_key").agg(company=("company_name", "min"), events=("event_id", "size"),
                                      headcount=("headcount", "sum")).reset_index()
    total = float(by["headcount"].sum())
    by["share"] = by["headcount"].astype(float) / total if total else None
    by = by.sort_values(["headcount", "company"], ascending=[False, True], kind="stable").reset_index(drop=True)
    by["rank"] = by.index + 1
    top5 = float(by["share"].head(5).sum()) if total else None
    hhi = 10000 * float((by["share"] ** 2).sum()) if total else None
    rows = [
        {"rank": int(r.rank), "company": r.company, "events": int(r.events), "headcount": int(r.headcount),
         "share": None if pd.isna(r.share) else float(r.share), "keep_row": True}
        for r in by.head(10).itertuples(index=False)
    ]
    if rows:
        rows[0].update(metric_value=top5, extra_hhi=hhi, extra_companies=len(by))
    return rows, pd_sources(b)


def pd_cutting_while_hiring(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lay, p = d["l"], d["p"]
    lb = lay[lay["company_id"].notna()]
    pb = p[p["ai_opening"] & p["company_id"].notna()]
    cuts = lb.groupby("company_id").agg(layoff_events=("event_id", "size"), headcount_known=("headcount", "count"),
                                        cuts_headcount=("headcount", "sum"), first_cut=("obs_date", "min"),
                                        last_cut=("obs_date", "max"))
    ai = pb.groupby("company_id").agg(ai_openings=("posting_id", "size"), first_ai_posting=("obs_date", "min"),
                                      last_ai_posting=("obs_date", "max"))
    both = cuts.join(ai, how="inner").join(d["companies"].set_index("company_id"), how="left")
    both["company"] = both["co_name"].fillna(pd.Series(both.index, index=both.index))
    both = both.reset_index().sort_values(["cuts_headcount", "ai_openings", "company"],
                                          ascending=[False, False, True], kind="stable")
    rows = [
        {"company": r.company, "company_id": r.company_id,
         "company_class": "unknown" if pd.isna(r.company_class) else r.company_class,
         "layoff_events": int(r.layoff_events), "cuts_headcount": _int(r.cuts_headcount),
         "headcount_known": int(r.headcount_known), "ai_openings": int(r.ai_openings),
         "first_cut": _day(r.first_cut), "last_cut": _day(r.last_cut),
         "first_ai_posting": _day(r.first_ai_posting), "last_ai_posting": _day(r.last_ai_posting), "keep_row": True}
        for r in both.itertuples(index=False)
    ]
    summary = {"metric_value": len(rows), "metric_n": len(cuts)}
    if rows:
        rows[0].update(summary)
    else:
        rows = [{**summary, "keep_row": False}]
    return rows, pd_sources(lb, pb)


def pd_share_python_cloud_llm(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tagged = d["p"][d["p"]["mentions_llm"].notna()]
    ps = d["ps"].merge(d["skills"][["skill_id", "category"]], on="skill_id")
    python = tagged["posting_id"].isin(ps.loc[ps["skill_id"] == "python", "posting_id"])
    cloud = tagged["posting_id"].isin(ps.loc[ps["category"] == "cloud", "posting_id"])
    llm = tagged["mentions_llm"].fillna(False).astype(bool)
    row = {"k": int((python & cloud & llm).sum()), "n": len(tagged), "extra_python": int(python.sum()),
           "extra_python_cloud": int((python & cloud).sum())}
    return [row], pd_sources(tagged)


def pd_skill_combinations(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    p, ps, skills = d["p"], d["ps"], d["skills"].set_index("skill_id")
    counts = ps.groupby("skill_id").size().reset_index(name="n")
    order = list(counts.sort_values(["n", "skill_id"], ascending=[False, True], kind="stable").head(62)["skill_id"])
    bit = pd.Series([1 << i for i in range(len(order))], index=order, dtype="int64")
    mine = ps[ps["skill_id"].isin(bit.index) & ps["posting_id"].isin(p["posting_id"])]
    masks = mine["skill_id"].map(bit).groupby(mine["posting_id"]).sum().value_counts()  # one row per skill set
    sets = {tuple(sorted(s for i, s in enumerate(order) if int(mask) >> i & 1)): int(n) for mask, n in masks.items()}
    per_skill: dict[str, int] = {}
    for combo, postings in sets.items():
        for skill in combo:
            per_skill[skill] = per_skill.get(skill, 0) + int(postings)
    top = {s for s, _ in sorted(per_skill.items(), key=lambda kv: (-kv[1], kv[0]))[:30]}
    found: dict[tuple[str, ...], int] = {}
    for combo, postings in sets.items():
        kept = [s for s in combo if s in top]
        for size in (2, 3):
            for group in itertools.combinations(kept, size):
                found[group] = found.get(group, 0) + int(postings)
    total = len(p)
    rows = []
    for size, name, limit in ((2, "pair", 15), (3, "triple", 10)):
        ranked = sorted(((c, n) for c, n in found.items() if len(c) == size), key=lambda cn: (-cn[1], list(cn[0])))
        for rank, (combo, n) in enumerate(ranked[:limit], start=1):
            rows.append({"size": name, "rank": rank, "skills": " + ".join(skills.loc[s, "name"] for s in combo),
                         "categories": " + ".join(skills.loc[s, "category"] for s in combo), "n": n,
                         "share": _share(n, total), "wilson_k": n, "wilson_n": total})
    return rows, pd_sources(p)


ROLE_ORDER = ["ai_engineer", "ml_infra_engineer", "applied_research_scientist", "ai_adjacent", "software_engineer",
              "data_scientist_analyst", "other_tech", "customer_support", "sales_marketing", "content_writing",
              "data_entry_ops", "qa_testing", "recruiting_hr", "management", "other"]


def pd_roles_cut_vs_created(d: dict[str, pd.DataFrame]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lay, p = d["l"], d["p"]
    named = lay["roles_named"]
    naming = lay[named.notna() & (named != "")]
    cut = (naming.assign(family=naming["roles_named"].str.split(",")).explode("family")
           .groupby("family").agg(cut_events=("event_id", "size"), headcount=("headcount", "sum")))
    pb = p[p["role_family"].notna()]
    created = pb.groupby("role_family").size()
    total_postings = int(created.sum())
    families = sorted(set(cut.index) | set(created.index),
                      key=lambda f: (ROLE_ORDER.index(f) if f in ROLE_ORDER else 99, f))
    k_naming = len(naming)
    summary = {"metric_value": k_naming, "metric_n": len(lay), "extra_events_naming_no_role": int((named == "").sum()),
               "extra_events_without_text": int(named.isna().sum()), "extra_postings_with_role_family": total_postings}
    rows = []
    for family in families:
        events = int(cut["cut_events"].get(family, 0))
        postings = int(created.get(family, 0))
        rows.append({"role_family": family, "cut_events": events,
                     "cut_events_headcount": _int(cut["headcount"].get(family, 0)) if events else 0,
                     "cut_share": events / k_naming if k_naming else None,
                     "wilson_k_cut_share": events, "wilson_n_cut_share": k_naming,
                     "postings": postings, "created_share": _share(postings, total_postings),
                     "wilson_k_created_share": postings, "wilson_n_created_share": total_postings,
                     **summary, "keep_row": True})
    return rows, pd_sources(lay, pb)


PANDAS: dict[str, Callable[[dict[str, pd.DataFrame]], tuple[list[dict[str, Any]], list[dict[str, Any]]]]] = {
    "postings_distinct": pd_postings_distinct,
    "share_mentions_llm": pd_share_mentions_llm,
    "top_skills": pd_top_skills,
    "role_family_counts_monthly": pd_role_family_counts_monthly,
    "median_pay_by_role": pd_median_pay_by_role,
    "layoff_events_monthly": pd_layoff_events_monthly,
    "ai_attributed_share": pd_ai_attributed_share,
    "cuts_concentration": pd_cuts_concentration,
    "cutting_while_hiring": pd_cutting_while_hiring,
    "share_python_cloud_llm": pd_share_python_cloud_llm,
    "skill_combinations": pd_skill_combinations,
    "roles_cut_vs_created": pd_roles_cut_vs_created,
}


def pd_metric(metric_id: str, d: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """A metric computed with pandas, finished by jobshift's own compute step; shaped like a MetricResult."""
    rows, sources = PANDAS[metric_id](d)
    computed = COMPUTE[get_metric(metric_id).compute](rows)
    firsts = [s["first"] for s in sources if s["first"]]
    lasts = [s["last"] for s in sources if s["last"]]
    table = computed.table
    if not sources and table is not None:
        table = []
    return {
        "value": computed.value, "ci_low": computed.ci_low, "ci_high": computed.ci_high,
        "n": sum(s["rows"] for s in sources) if computed.n is None else computed.n,
        "period": f"{min(firsts)[:7]}..{max(lasts)[:7]}" if firsts and lasts else "",
        "sources": sources, "table": table, "extra": computed.extra,
    }


def js_view(result: Any) -> dict[str, Any]:
    keys = ("value", "ci_low", "ci_high", "n", "period", "sources", "table", "extra")
    return {k: getattr(result, k) for k in keys}


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two results differ (floats compared to REL_TOL; int and float of the same number are equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only on one side" for k in sorted(set(a) ^ set(b))]
        for key in a.keys() & b.keys():
            out += differences(a[key], b[key], f"{path}.{key}")
        return out
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return [f"{path}: {len(a)} vs {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in differences(x, y, f"{path}[{i}]")]
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return [] if a == b else [f"{path}: {a!r} vs {b!r}"]
    if isinstance(a, int | float) and isinstance(b, int | float):
        return [] if math.isclose(a, b, rel_tol=REL_TOL, abs_tol=REL_TOL) else [f"{path}: {a!r} vs {b!r}"]
    if isinstance(a, date | datetime) or isinstance(b, date | datetime):
        return [] if str(a)[:10] == str(b)[:10] else [f"{path}: {a!r} vs {b!r}"]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


# --------------------------------------------------------------------------------------------- output


def fmt_s(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} ({min(times):.3f}–{max(times):.3f})"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
            f"pandas {pd.__version__}")


def render(res: dict[str, Any], args: argparse.Namespace) -> str:
    sizes = res["sizes"]
    real = sizes["real"]
    lines = [
        SECTION,
        "",
        f"Reproduce: `python bench/metrics.py --runs {args.runs} --report-runs {args.report_runs}` (real data from "
        "`../shared/data` or `$JOBSHIFT_SHARED_DATA`, imported once and resampled in DuckDB; the databases are "
        "cached under `$TMPDIR/jobshift-bench/`, `--rebuild` rebuilds them; how the resampling works is in the "
        "script's docstring).",
        "",
        f"Machine: {machine()}. Shared and noisy: medians are quoted, min–max beside them.",
        "",
        f"Sizes: {sizes['postings']:,} postings ({real['postings']:,} real), {sizes['layoff_events']:,} layoff "
        f"events ({real['layoff_events']:,} real), {sizes['posting_skills']:,} posting_skills rows "
        f"({real['posting_skills']:,} real), {sizes['companies']:,} companies, {sizes['skills']:,} skills. "
        "Resampled rows are copies of real ones with new ids and dates spread over 2019-01..2026-10.",
        "",
        f"jobshift: `run_metric` on a read-only connection, one warm-up then the median of {args.runs} runs "
        "(views, provenance query, metric SQL and the Python compute step). pandas: the same metric (its rows and "
        "its provenance) on DataFrames, finished by the same Python compute step; DataFrames loaded once in "
        f"{res['pd_load_s']:.1f} s ({res['pd_load_mb']:,.0f} MB resident), the filtered-view columns derived once "
        f"in {res['pd_prepare_s']:.1f} s (not in the per-metric times; jobshift pays that in every run). "
        "pandas is single-threaded, DuckDB uses both cores.",
        "",
        "| metric | jobshift s, all data (min–max) | jobshift s, 2024-01..2024-12 (min–max) | provenance / SQL / "
        "compute s | pandas s | pandas / jobshift | same without compute | equal | < 1 s |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for mid, row in res["metrics"].items():
        med = statistics.median(row["all"])
        worst = max(med, statistics.median(row["period"]))
        ph = row["phases"]
        split = f"{ph['provenance']:.2f} / {ph['sql']:.2f} / {ph['compute']:.2f}"
        if "pandas" in row:
            pmed, pengine = statistics.median(row["pandas"]), statistics.median(row["pandas_engine"])
            engine = ph["provenance"] + ph["sql"]
            pandas_cells = (f"{pmed:.3f} | {pmed / med:.1f}× | {pengine / engine:.1f}× | "
                            f"{'yes' if not row['diffs'] else 'NO'}")
        elif row.get("pandas_skipped"):
            pandas_cells = "– | – | – | – (de-dup)"
        else:
            pandas_cells = "– | – | – | –"
        verdict = "PASS" if worst < METRIC_TARGET_S else "**FAIL**"
        lines.append(f"| `{mid}` | {fmt_s(row['all'])} | {fmt_s(row['period'])} | {split} | {pandas_cells} | "
                     f"{verdict} |")
    rep = res["report"]
    rep_med = statistics.median(rep)
    lines += [
        "",
        f"Full report (`build_report`, html + md + json, SVG and PNG charts, all data): median {rep_med:.1f} s "
        f"({min(rep):.1f}–{max(rep):.1f}, {len(rep)} runs) — target {REPORT_TARGET_S:.0f} s: "
        f"{'PASS' if rep_med < REPORT_TARGET_S else 'FAIL'}.",
        "",
    ]
    fails = [m for m, r in res["metrics"].items()
             if max(statistics.median(r["all"]), statistics.median(r["period"])) >= METRIC_TARGET_S]
    lines.append(f"Metrics over the 1 s target: {', '.join(f'`{m}`' for m in fails) if fails else 'none'}.")
    for mid in fails:
        row = res["metrics"][mid]
        ph = row["phases"]
        where = max(ph, key=lambda k: ph[k])
        place = {
            "provenance": "the provenance query (runner.basis_sources)",
            "sql": "the metric's SQL and fetching its rows into Python (runner._rows)",
            "compute": f"the Python compute step `compute: {get_metric(mid).compute}` (metrics/compute.py, "
                       "metrics/stats.py), not DuckDB",
        }[where]
        lines.append(
            f"- `{mid}`: most of a run ({ph[where]:.2f} s of {sum(ph.values()):.2f} s) is in {place}. "
            f"DuckDB profile of the SQL alone: {row.get('profile', 'not profiled')}."
        )
    diffs = {m: r["diffs"] for m, r in res["metrics"].items() if r.get("diffs")}
    compared = [m for m, r in res["metrics"].items() if "pandas" in r]
    skipped = [m for m, r in res["metrics"].items() if r.get("pandas_skipped")]
    if skipped:
        lines += [
            "",
            f"Not compared with pandas in this run: {', '.join(f'`{m}`' for m in skipped)} — they now count layoff "
            "events de-duplicated across sources (`layoff_clusters_of`, docs/events.md), which the pandas baseline "
            "does not reproduce yet (\"(de-dup)\" in the table).",
        ]
    lines += [
        "",
        f"pandas vs jobshift: {len(compared) - len(diffs)} of {len(compared)} metrics give the same value, "
        "interval, n, period, sources (rows, first and last date), table and extras (floats to 1e-9 relative)"
        + ("." if not diffs else f"; differing: {', '.join(diffs)} (see the run's output)."),
        "\"pandas / jobshift\" compares whole runs, both finished by the same Python compute step; \"same without "
        "compute\" compares the engines alone (pandas rows + provenance vs jobshift provenance + SQL).",
    ]
    lines += res.get("notes", [])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "jobshift-bench"
                        / "bench_metrics_1m.duckdb", help="benchmark database (built here if absent)")
    parser.add_argument("--rebuild", action="store_true", help="re-import and resample even if cached")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per metric (after one warm-up)")
    parser.add_argument("--report-runs", type=int, default=3, help="timed full-report runs (after one warm-up)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument("--explain-dir", type=Path, default=None,
                        help="write EXPLAIN ANALYZE of metrics over the target here (default: next to --db)")
    args = parser.parse_args(argv)
    db: Path = args.db.resolve()
    db.parent.mkdir(parents=True, exist_ok=True)

    sizes = build_database(db, args.rebuild)
    log(f"sizes: {sizes}")
    res: dict[str, Any] = {"sizes": sizes, "metrics": {}, "notes": []}

    load_start = os.getloadavg()[0]
    con = open_read_only(db)
    for metric in list_metrics():
        row: dict[str, Any] = {}
        row["all"], row["result"] = timed(lambda m=metric.id: run_metric(con, m), args.runs)
        row["period"], _ = timed(lambda m=metric.id: run_metric(con, m, PERIOD), args.runs)
        row["phases"] = phases(con, metric.id, args.runs)
        res["metrics"][metric.id] = row
        log(f"{metric.id}: {fmt_s(row['all'])} s all, {fmt_s(row['period'])} s 2024; {row['phases']}")

    report_times = []
    build_report(con, Path(tempfile.mkdtemp(prefix="jobshift-bench-report-")), formats=FORMATS)  # warm-up
    for _ in range(args.report_runs):
        out = Path(tempfile.mkdtemp(prefix="jobshift-bench-report-"))
        started = time.perf_counter()
        build_report(con, out, formats=FORMATS)
        report_times.append(time.perf_counter() - started)
        shutil.rmtree(out, ignore_errors=True)
    res["report"] = report_times
    log(f"report: {fmt_s(report_times)} s")

    explain_dir = args.explain_dir or db.parent
    for mid, row in res["metrics"].items():
        if max(statistics.median(row["all"]), statistics.median(row["period"])) >= METRIC_TARGET_S:
            row["profile"] = profile(con, mid, explain_dir)
            log(f"{mid} misses the target; {row['profile']}; EXPLAIN ANALYZE in {explain_dir}/explain_{mid}.txt")
    con.close()

    frames, res["pd_load_s"], res["pd_load_mb"] = load_frames(db)
    started = time.perf_counter()
    prepared = prepare(frames)
    res["pd_prepare_s"] = time.perf_counter() - started
    log(f"pandas: loaded in {res['pd_load_s']:.1f} s (+{res['pd_load_mb']:.0f} MB), prepared in "
        f"{res['pd_prepare_s']:.1f} s")
    failed = False
    for mid in PANDAS:
        row = res["metrics"][mid]
        if DEDUP_MARK in get_metric(mid).sql:
            # the metric now counts de-duplicated events (layoff_event_links, docs/events.md); the pandas
            # baseline still adds up source rows, so a comparison would only show that difference
            row["pandas_skipped"] = True
            log(f"pandas {mid}: skipped (the metric de-duplicates events; no pandas equivalent yet)")
            continue
        row["pandas"], pd_result = timed(lambda m=mid: pd_metric(m, prepared), args.runs)
        row["pandas_engine"], _ = timed(lambda m=mid: PANDAS[m](prepared), args.runs)
        row["diffs"] = differences(js_view(row["result"]), pd_result)
        status = "equal" if not row["diffs"] else f"{len(row['diffs'])} differences: {row['diffs'][:5]}"
        log(f"pandas {mid}: {fmt_s(row['pandas'])} s, without compute {fmt_s(row['pandas_engine'])} s; {status}")
        failed = failed or bool(row["diffs"])

    res["notes"].append(
        f"Load average (1 min) when the timed runs started: {load_start:.1f}; when they ended: "
        f"{os.getloadavg()[0]:.1f} (2 cores; above 2 means other jobs were competing for the CPUs)."
    )
    section = render(res, args)
    print(section)
    if not args.no_write:
        write_section(section)
        log(f"updated {BENCH_MD}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
