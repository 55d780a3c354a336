"""Scale benchmark: enrichment and metrics at 100k / 1M (/ 10M) resampled postings, DuckDB and Spark local.

    python bench/scale.py [--sizes 100k,1M] [--10m] [--workdir DIR] [--shard-size 250000] [--workers N]
                          [--memory-limit 6GB] [--spark | --no-spark] [--spark-max 1M] [--estimate 1M,10M] [--reuse]
                          [--no-write]

For each size, in a child process of its own (so its peak memory is its own):

1. DuckDB: `jobshift.sources.scale_sample.ingest_resampled` - the path of
   `jobshift sample --scale N --from-real --db DB`: N postings resampled from the real ones (see that
   module), normalised, enriched, deduplicated and company-classed by the pipeline, one transaction per
   shard.  Timed: the ingest (pool loading excluded and reported apart).  Then every metric
   (`jobshift.metrics.run_all`), timed.  Peak RSS of the child (`resource.getrusage`, ru_maxrss) covers
   both; DuckDB's memory_limit and temp_directory are set as `sample` sets them.
   Resumable: each finished shard appends its time to `<workdir>/duckdb-<size>.shards.jsonl` and the
   database keeps its progress in the run log, so a killed 10M run continues at the next shard
   (ingest time = sum over shards; peak RSS = max over the processes that ran).
2. Spark local[2] (when the lake / Spark helpers exist: `jobshift.lake.export_lake`,
   `jobshift.spark.enrich_job.run_enrich`, `jobshift.spark.metrics.run_all_spark`): the DuckDB database
   is exported to a Parquet lake, enriched on Spark and every metric run on Spark; peak RSS is the
   driver's (the executors run inside the driver's JVM in local mode; the JVM's RSS is read from
   /proc for the child processes).  Rows say "not available" when an entry point is missing or fails.

Results: Markdown on stdout, and the "## Scale (bench/scale.py)" section of BENCHMARKS.md (--no-write:
stdout only).  The machine is shared (2 cores, load from other jobs): the growth table compares sizes
measured in the same run, per posting, which is what the run can say honestly.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks_md import write_section  # bench/ is on sys.path when a script here runs

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jobshift.sources.scale_sample import parse_scale  # noqa: E402

SECTION = "## Scale (bench/scale.py)"


def data_root() -> Path:
    env = os.environ.get("JOBSHIFT_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (its own high-water mark; children are sampled apart by
    GroupRss: a spawned child's ru_maxrss includes the parent's pages at fork time, so RUSAGE_CHILDREN
    would count the parent again for every worker)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _proc_stats() -> dict[str, tuple[str, float]]:
    """pid -> (parent pid, CPU seconds user + system) of every process, from /proc/<pid>/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[str, tuple[str, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[-1].split()
            stats[stat.parent.name] = (fields[1], (int(fields[11]) + int(fields[12])) / tick)
        except (OSError, IndexError, ValueError):
            continue
    return stats


def descendant_pids(stats: dict[str, tuple[str, float]] | None = None) -> list[str]:
    """Every process below this one (enrichment workers; the Spark JVM and, below it, its Python workers)."""
    stats = _proc_stats() if stats is None else stats
    children: dict[str, list[str]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [str(os.getpid())]
    while todo:
        for kid in children.get(todo.pop(), []):
            found.append(kid)
            todo.append(kid)
    return found


def _status_kb(pid: str, field: str = "VmRSS") -> int:
    """A kB field of /proc/<pid>/status (VmRSS: resident now; VmHWM: resident peak); 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class GroupRss:
    """Samples, every `interval` seconds in a thread, the resident memory of this process plus every process
    below it (enrichment workers, the Spark JVM and its Python workers) and keeps the largest sum: the group's
    peak, within one interval. It also keeps the CPU time last seen of each process below this one, so
    `tree_cpu_seconds()` counts the Spark JVM and its Python workers, which are never waited for (to within one
    interval of a process that ended between samples)."""

    def __init__(self, interval: float = 0.5) -> None:
        import threading

        self.peak_kb = 0
        self._cpu: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def sample(self) -> None:
        """One reading of the group's memory and its processes' CPU times."""
        stats = _proc_stats()
        below = descendant_pids(stats)
        total = _status_kb(str(os.getpid())) + sum(_status_kb(pid) for pid in below)
        with self._lock:
            self.peak_kb = max(self.peak_kb, total)
            for pid in below:
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), stats[pid][1])

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(interval)

    def peak_mb(self) -> float:
        return self.peak_kb / 1024

    def tree_cpu_seconds(self) -> float:
        """CPU seconds of this process (all its threads) and every process seen below it, up to now."""
        self.sample()
        own = resource.getrusage(resource.RUSAGE_SELF)
        with self._lock:
            return own.ru_utime + own.ru_stime + sum(self._cpu.values())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """CPU time (user + system) used so far by this process, its threads (DuckDB's) and its waited-for children
    (the enrichment workers, joined at the end of each shard)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def workers_suffix(workers: int) -> str:
    """File-name suffix of a DuckDB run with `workers` enrichment processes ("" for one, "-w2" for two)."""
    return f"-w{workers}" if workers > 1 else ""


def load_pool_cached(workdir: Path) -> tuple[Any, float]:
    """The resampling pool, read once from the real data and cached as a pickle in workdir."""
    from jobshift.sources.scale_sample import load_pool

    cache = workdir / "pool.pickle"
    started = time.perf_counter()
    if cache.exists():
        pool = pickle.loads(cache.read_bytes())
    else:
        pool = load_pool(data_root())
        cache.write_bytes(pickle.dumps(pool))
    return pool, time.perf_counter() - started


# ------------------------------------------------------------------------------------------------ children


def child_duckdb(size: int, workdir: Path, shard_size: int, memory_limit: str | None,
                 workers: int = 1) -> dict[str, Any]:
    from jobshift.metrics import runner
    from jobshift.sources.scale_sample import configure_duckdb, ingest_resampled
    from jobshift.store import connect

    pool, pool_seconds = load_pool_cached(workdir)
    db = workdir / f"duckdb-{size}{workers_suffix(workers)}.duckdb"
    log = workdir / f"duckdb-{size}{workers_suffix(workers)}.shards.jsonl"
    con = connect(db)
    configure_duckdb(con, memory_limit=memory_limit, temp_dir=Path(f"{db}.tmp"))

    cpu_mark = [cpu_seconds()]
    group = GroupRss()

    def on_shard(result: Any) -> None:
        now = cpu_seconds()
        with log.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"rows": result.counts.fetched, "seconds": result.seconds,
                                 "cpu_seconds": now - cpu_mark[0],
                                 "incremental": bool(result.dedup and result.dedup.incremental),
                                 "rss_mb": max(peak_rss_mb(), group.peak_mb()),
                                 "memory_limit": memory_limit, "workers": workers}) + "\n")
        cpu_mark[0] = now

    ingest_resampled(con, pool, size, shard_size=shard_size, on_shard=on_shard, workers=workers)
    shards = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    stored = con.execute("SELECT count(*), count(*) FILTER (WHERE duplicate_of IS NOT NULL) FROM postings "
                         "WHERE source = 'resampled_real'").fetchall()[0]
    con.execute("CHECKPOINT").fetchall()
    started = time.perf_counter()
    results = runner.run_all(con)
    metrics_seconds = time.perf_counter() - started
    con.close()
    group.stop()
    return {
        "engine": "duckdb", "size": size, "workers": workers, "pool": len(pool), "pool_seconds": pool_seconds,
        "ingest_seconds": sum(s["seconds"] for s in shards), "shards": len(shards),
        "ingest_cpu_seconds": sum(s["cpu_seconds"] for s in shards) if all("cpu_seconds" in s for s in shards)
        else None,
        "incremental_shards": sum(1 for s in shards if s["incremental"]),
        "stored": stored[0], "duplicates": stored[1], "metrics": len(results), "metrics_seconds": metrics_seconds,
        "peak_rss_mb": max([peak_rss_mb(), group.peak_mb()] + [s["rss_mb"] for s in shards]),
        "db_mb": db.stat().st_size / 1e6,
    }


def jvm_rss_mb() -> float:
    """Peak resident memory of the processes below this one (the Spark JVM, its Python workers), in MB."""
    return sum(_status_kb(pid, "VmHWM") for pid in descendant_pids()) / 1024


def child_export(size: int, workdir: Path, workers: int = 1) -> dict[str, Any]:
    """Export the store the DuckDB row built to `lake-<size>`, once: the export's record (`export-<size>.json`)
    marks the lake done, so a Spark run reuses it and the store may be deleted first to free disk (10M: 38 GB
    store, ~19 GB lake)."""
    from jobshift.lake import export_lake
    from jobshift.sources.scale_sample import configure_duckdb
    from jobshift.store import connect

    lake, record = workdir / f"lake-{size}", workdir / f"export-{size}.json"
    if record.exists() and (lake / "_lake.json").exists():
        return dict(json.loads(record.read_text(encoding="utf-8")))
    db = workdir / f"duckdb-{size}{workers_suffix(workers)}.duckdb"  # the store the DuckDB row built
    con = connect(db)
    # Bounded as `jobshift export lake` is (--memory-limit 4GB): unbounded, the partitioned COPY of the 10M
    # store grew to DuckDB's default limit, 80 % of RAM (19.6 GB RSS when stopped).
    configure_duckdb(con, memory_limit="4GB", temp_dir=Path(f"{db}.tmp"))
    started = time.perf_counter()
    export_lake(con, lake)
    out = {"lake": str(lake), "export_seconds": time.perf_counter() - started}
    con.close()
    record.write_text(json.dumps(out), encoding="utf-8")
    return out


def child_spark(size: int, workdir: Path, workers: int = 1) -> dict[str, Any]:
    from jobshift.metrics.catalog import list_metrics
    from jobshift.spark.enrich_job import run_enrich
    from jobshift.spark.metrics import run_all_spark
    from jobshift.spark.session import spark_session

    export = child_export(size, workdir, workers)
    lake, export_seconds = Path(export["lake"]), float(export["export_seconds"])
    group = GroupRss()
    # One shuffle partition per 250k postings (at least Spark's 8 of jobshift's session): a partition's share
    # of the dedup's joins stays the size it is at 1M, whatever the archive.
    spark = spark_session("local[2]", "jobshift-scale-bench", **{"spark.ui.showConsoleProgress": "false",
                                                                  "spark.sql.shuffle.partitions":
                                                                  str(max(8, size // 250_000))})
    failed: list[str] = []
    metric_seconds: dict[str, float] = {}
    try:
        cpu_mark, started = group.tree_cpu_seconds(), time.perf_counter()
        summary = run_enrich(spark, lake)
        enrich_seconds = time.perf_counter() - started
        enrich_cpu = group.tree_cpu_seconds() - cpu_mark
        cpu_mark, started = group.tree_cpu_seconds(), time.perf_counter()
        try:  # the product path (`jobshift run --engine spark`): filtered views cached once, shared calls
            done = len(run_all_spark(spark, lake, on_metric=lambda m, t: metric_seconds.update({m: round(t, 2)})))
        except Exception as exc:  # reported in the table: the metric after the last timed one failed
            failed.append(f"{len(metric_seconds)} of {len(list_metrics())} ran, then {type(exc).__name__}")
            done = len(metric_seconds)
        metrics_seconds = time.perf_counter() - started
        metrics_cpu = group.tree_cpu_seconds() - cpu_mark
        jvm = jvm_rss_mb()
    finally:
        spark.stop()
        group.stop()
    return {"engine": "spark", "size": size, "export_seconds": export_seconds, "ingest_seconds": enrich_seconds,
            "ingest_cpu_seconds": enrich_cpu, "metrics": done, "failed": failed,
            "metrics_seconds": metrics_seconds, "metrics_cpu_seconds": metrics_cpu,
            "metric_seconds": metric_seconds, "duplicates": summary.exact + summary.near,
            "peak_rss_mb": max(peak_rss_mb(), group.peak_mb()), "jvm_rss_mb": jvm}


# ------------------------------------------------------------------------------------------------ parent


def run_child(args: list[str], saved: Path, reuse: bool) -> dict[str, Any]:
    """Run one measurement in a child process; its result is kept in `saved` (--reuse reads it back)."""
    if reuse and saved.exists():
        return dict(json.loads(saved.read_text(encoding="utf-8")))
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": tail[0][:200]}
    result = dict(json.loads(proc.stdout.strip().splitlines()[-1]))
    saved.write_text(json.dumps(result) + "\n", encoding="utf-8")
    return result


def saved_duckdb_result(workdir: Path, size: int, workers: int, reuse: bool) -> Path:
    """Where the DuckDB result of `size` with `workers` processes is kept; with --reuse, a result saved with
    another worker count serves when this one has none (its row says how many processes it used)."""
    exact = workdir / f"result-duckdb-{size}{workers_suffix(workers)}.json"
    if reuse and not exact.exists():
        other = [*workdir.glob(f"result-duckdb-{size}.json"), *sorted(workdir.glob(f"result-duckdb-{size}-w*.json"))]
        if other:
            return other[0]
    return exact


def human(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def shard_lines(workdir: Path, sizes: list[int], shard_size: int) -> list[str]:
    """Per-shard CPU and memory of the sharded runs of `sizes` (finished, or unfinished and resumable: the shards
    done so far), read from their shard logs."""
    lines = []
    for size in sizes:
        logs = [*workdir.glob(f"duckdb-{size}.shards.jsonl"), *workdir.glob(f"duckdb-{size}-w*.shards.jsonl")]
        for log in sorted(logs):
            shards = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
            if len(shards) < 2 and sum(s["rows"] for s in shards) >= size:
                continue
            done = sum(s["rows"] for s in shards) >= size
            workers = log.name.split("-w")[1].split(".")[0] if "-w" in log.name else "1"
            cpu = [s["cpu_seconds"] for s in shards if "cpu_seconds" in s]
            lines.append(
                f"{human(size)} ({workers} enrichment process(es)), "
                f"{'finished' if done else 'still running (resumable)'}: {len(shards)} of "
                f"{-(-size // shard_size)} shards done, {sum(s['rows'] for s in shards):,} postings; CPU per shard "
                + ", ".join(f"{c:,.0f} s" for c in cpu) + f" ({shards[-1]['rows'] / cpu[-1]:,.0f} postings per CPU-s "
                "in the last); peak RSS after each shard " + ", ".join(f"{s['rss_mb']:,.0f}" for s in shards) + " MB"
                + limit_runs(shards) + ".")
    return lines


def limit_runs(shards: list[dict[str, Any]]) -> str:
    """"; DuckDB memory_limit: ..." over runs of shards, when a resumed run changed it (older log lines did
    not record it: the run's --memory-limit, 6GB by default, applied)."""
    runs: list[list[Any]] = []
    for number, shard in enumerate(shards, 1):
        limit = shard.get("memory_limit", "not recorded (the --memory-limit of that run)")
        if runs and runs[-1][0] == limit:
            runs[-1][2] = number
        else:
            runs.append([limit, number, number])
    if len(runs) < 2:
        return ""
    return "; DuckDB memory_limit by shard: " + ", ".join(f"{a}-{b} {limit}" for limit, a, b in runs)


def spark_notes(row: dict[str, Any]) -> str:
    """The notes cell of a Spark row: export, duplicates, CPU by phase, slowest metrics, JVM memory."""
    parts = [f"lake export {row['export_seconds']:.0f} s; enrich includes dedup on Spark"
             + (f" ({row['duplicates']:,} duplicates)" if "duplicates" in row else "")]
    if row.get("ingest_cpu_seconds"):
        parts.append(f"CPU (driver, JVM and Python workers): enrich {row['ingest_cpu_seconds']:,.0f} s, metrics "
                     f"{row['metrics_cpu_seconds']:,.0f} s")
    slowest = sorted(row.get("metric_seconds", {}).items(), key=lambda kv: -kv[1])[:3]
    if slowest:
        parts.append("slowest metrics " + ", ".join(f"{m} {t:.1f} s" for m, t in slowest))
    parts.append(f"JVM + workers peak {row['jvm_rss_mb']:,.0f} MB; {row['metrics']} metrics ok"
                 + (f", failed: {', '.join(row['failed'])}" if row.get("failed") else ""))
    return "; ".join(parts)


def render(rows: list[dict[str, Any]], sizes: list[int], shard_size: int, memory_limit: str | None,
           reused: bool = False, partial: list[str] | None = None) -> str:
    load = os.getloadavg()
    lines = [
        SECTION, "",
        f"Resampled real postings (`jobshift sample --scale N --from-real`, seed 2026), shards of {shard_size:,} "
        f"postings per ingest transaction, DuckDB memory_limit {memory_limit or 'default (80% of RAM)'}. "
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average at the end "
        f"{load[0]:.1f} (shared with other jobs: absolute times are pessimistic, compare sizes within the run; "
        "postings per CPU-second - process CPU time, DuckDB threads included - is the load-independent rate). "
        "Ingest = normalise + enrich + dedup + company classes + write; metrics = every metric, no filters.", "",
        "| engine | postings | ingest / enrich s | postings/s | postings per CPU-s | metrics s | peak RSS MB | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        size = int(row["size"])
        if "error" in row:
            lines.append(f"| {row['engine']} | {human(size)} | - | - | - | - | - | not available: {row['error']} |")
            continue
        rate = size / row["ingest_seconds"] if row["ingest_seconds"] else 0.0
        notes = []
        if row["engine"] == "duckdb":
            notes.append(f"{row.get('workers', 1)} enrichment process(es), "
                         f"{row['shards']} shard(s) ({row['incremental_shards']} with incremental dedup), "
                         f"{row['duplicates']:,} duplicates, DB {row['db_mb']:,.0f} MB, pool {row['pool']:,} real "
                         f"postings read in {row['pool_seconds']:.0f} s (not in ingest)")
        else:
            notes.append(spark_notes(row))
        cpu = row.get("ingest_cpu_seconds")
        per_cpu = f"{size / cpu:,.0f}" if cpu else "-"
        lines.append(f"| {row['engine']} | {human(size)} | {row['ingest_seconds']:,.0f} | {rate:,.0f} | {per_cpu} | "
                     f"{row['metrics_seconds']:,.1f} | {row['peak_rss_mb']:,.0f} | {'; '.join(notes)} |")
    lines += ["", "Peak RSS is the whole child process (pool of real postings, enrichment, DuckDB), plus its "
              "enrichment worker processes when there are any (the group's resident memory sampled every 0.5 s); "
              "for Spark, the bench process, the JVM and the JVM's Python workers, whose CPU is counted the same way. "
              "A size that fits "
              "in one shard stages all its rows in that shard's transaction, so its RSS follows the shard size; "
              "docs/scale.md (Benchmarks) has a sharded run: CPU per shard stays level, RSS grows slowly "
              "(DuckDB buffer cache, capped by memory_limit)."]
    if reused:
        lines.append("Some rows were reused from earlier runs in the work folder (--reuse): measured at another "
                     "moment's machine load, so compare their wall times with care (the CPU-second rate is less "
                     "sensitive).")
    done = [r for r in rows if r["engine"] == "duckdb" and "error" not in r]
    if len(done) >= 2:
        base = done[0]
        lines += ["", "Growth (DuckDB, relative to the smallest size in this run; 1.00 = linear):", "",
                  "| postings | ingest s per posting (x smallest) | metrics s (x smallest) | peak RSS (x smallest) |",
                  "|---:|---:|---:|---:|"]
        for row in done:
            per = (row["ingest_seconds"] / row["size"]) / (base["ingest_seconds"] / base["size"])
            lines.append(f"| {human(int(row['size']))} | {per:.2f} | "
                         f"{row['metrics_seconds'] / base['metrics_seconds']:.2f} | "
                         f"{row['peak_rss_mb'] / base['peak_rss_mb']:.2f} |")
    missing = [s for s in sizes if not any(r["size"] == s and r["engine"] == "duckdb" and "error" not in r
                                           for r in rows)]
    if done and missing:
        per = done[-1]["ingest_seconds"] / done[-1]["size"]
        lines += ["", "Not run here (estimated from the largest size measured, linear per posting, same machine "
                  "load): " + ", ".join(f"{human(s)} ≈ {per * s / 3600:,.1f} h ingest" for s in missing) + "."]
        cpu = done[-1].get("ingest_cpu_seconds") or next(
            (r.get("ingest_cpu_seconds") for r in reversed(done) if r.get("ingest_cpu_seconds")), None)
        if cpu:
            sized = next(r for r in reversed(done) if r.get("ingest_cpu_seconds"))
            rate = sized["size"] / sized["ingest_cpu_seconds"]
            lines.append(f"On one free core ({rate:,.0f} postings per CPU-second at {human(int(sized['size']))}): "
                         + ", ".join(f"{human(s)} ≈ {s / rate / 3600:,.1f} h" for s in missing) + ".")
    if partial:
        lines += ["", "Sharded runs, shard by shard:", "", *[f"- {line}" for line in partial]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--10m", dest="ten_m", action="store_true", help="also 10M (hours; resumable)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "jobshift-scale")
    parser.add_argument("--shard-size", type=int, default=250_000)
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--spark", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--spark-max", default="1M", help="Spark rows only for sizes up to this")
    parser.add_argument("--estimate", default="1M,10M", help="sizes not run, estimated from the largest run")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse results saved in the workdir by earlier runs")
    parser.add_argument("--workers", type=int, default=1, help="enrichment processes of the DuckDB ingest")
    parser.add_argument("--child", choices=["duckdb", "export", "spark"])
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        if args.child == "duckdb":
            out = child_duckdb(args.size, args.workdir, args.shard_size, args.memory_limit, args.workers)
        elif args.child == "export":
            out = child_export(args.size, args.workdir, args.workers)
        else:
            out = child_spark(args.size, args.workdir, args.workers)
        print(json.dumps(out))
        return
    sizes = [parse_scale(s) for s in args.sizes.split(",") if s.strip()] + ([10_000_000] if args.ten_m else [])
    rows: list[dict[str, Any]] = []
    for size in sizes:
        common = ["--size", str(size), "--workdir", str(args.workdir)]
        rows.append({"engine": "duckdb", "size": size, **run_child(
            ["--child", "duckdb", *common, "--shard-size", str(args.shard_size), "--memory-limit", args.memory_limit,
             "--workers", str(args.workers)],
            saved_duckdb_result(args.workdir, size, args.workers, args.reuse), args.reuse)})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    for size in sizes if args.spark else []:
        if "error" in next(r for r in rows if r["size"] == size):
            continue
        if size > parse_scale(args.spark_max):
            rows.append({"engine": "spark", "size": size, "error": f"not run (over --spark-max {args.spark_max})"})
            continue
        rows.append({"engine": "spark", "size": size,
                     **run_child(["--child", "spark", "--size", str(size), "--workdir", str(args.workdir),
                                  "--workers", str(args.workers)],
                                 args.workdir / f"result-spark-{size}.json", args.reuse)})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    estimate = [parse_scale(s) for s in args.estimate.split(",") if s.strip()]
    section = render(rows, sizes + [s for s in estimate if s not in sizes], args.shard_size, args.memory_limit,
                     args.reuse, shard_lines(args.workdir, sorted({*sizes, *estimate}), args.shard_size))
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
