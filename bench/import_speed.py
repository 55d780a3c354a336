"""Import speed on the largest datasets in ../shared/data: rows/s and peak memory, with a baseline.

Each measurement runs in a fresh subprocess (so peak RSS is that import's own) into a fresh database,
repeated --repeat times; the median is reported. The baseline, measured in the same run on the same
files, is a bare parse of the records (csv / json modules, nothing normalised, enriched or stored), so
the ratio shows what normalising, enriching and the transactional upsert cost on top of reading.

    python bench/import_speed.py [--repeat 3] [--datasets hn_whoishiring_2013_2018_gaganpreet ...]

Results replace the "## Import speed" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from benchmarks_md import write_section  # bench/ is on sys.path when a script here runs

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("JOBSHIFT_SHARED_DATA", REPO.parent / "shared" / "data"))
DEFAULT = ["hn_whoishiring_2013_2018_gaganpreet", "warn_notices_biglocalnews", "linkedin_ds_jobs_2024_venura"]

IMPORT = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from jobshift.importing import import_path
    from jobshift.store import connect
    con = connect(Path(sys.argv[1]))
    t = time.perf_counter()
    results = import_path(con, Path(sys.argv[2]), sys.argv[3])
    seconds = time.perf_counter() - t
    con.close()
    print(json.dumps({"seconds": seconds, "records": sum(r.counts.fetched for r in results),
                      "stored": sum(r.counts.new for r in results),
                      "rejected": sum(r.counts.rejected for r in results),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """
)

BASELINE = textwrap.dedent(
    """
    import csv, gzip, json, resource, sys, time
    from pathlib import Path
    from jobshift.sources.mapping import load_mapping
    from jobshift.sources.file_import import files_for_part
    root, name = Path(sys.argv[1]), sys.argv[2]
    t = time.perf_counter()
    records = 0
    for part in load_mapping(name).parts:
        for path in files_for_part(root, part):
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding=part.encoding, errors="replace", newline="") as handle:
                if (part.format or "").endswith("sv") or path.suffix == ".csv":
                    records += sum(1 for _ in csv.DictReader(handle, delimiter="\\t" if part.format == "tsv" else ","))
                else:
                    doc = json.load(handle)
                    for key in (part.records or "").split("."):
                        doc = doc[key] if key else doc
                    records += len(doc) if isinstance(doc, list) else 1
    print(json.dumps({"seconds": time.perf_counter() - t, "records": records,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """
)


def measure(script: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def bench(name: str, repeat: int) -> dict[str, float | str]:
    folder = DATA / name
    runs, bases = [], []
    for _ in range(repeat):
        bases.append(measure(BASELINE, str(folder), name))
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(measure(IMPORT, str(Path(tmp) / "bench.duckdb"), str(folder), name))
    seconds = statistics.median(r["seconds"] for r in runs)
    base = statistics.median(b["seconds"] for b in bases)
    records = runs[0]["records"]
    return {
        "dataset": name, "records": records, "stored": runs[0]["stored"], "rejected": runs[0]["rejected"],
        "seconds": seconds, "rows_per_s": records / seconds, "peak_mb": statistics.median(r["peak_mb"] for r in runs),
        "baseline_s": base, "baseline_rows_per_s": bases[0]["records"] / base, "ratio": seconds / base,
        "min_s": min(r["seconds"] for r in runs), "max_s": max(r["seconds"] for r in runs),
    }


def to_markdown(rows: list[dict[str, float | str]], repeat: int) -> str:
    lines = [
        "## Import speed (bench/import_speed.py)",
        "",
        f"Command: `python bench/import_speed.py --repeat {repeat}` — median of {repeat} runs, each in a fresh "
        f"process and database; machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}. Baseline: parsing the same files with the csv/json modules only "
        "(no normalising, enrichment or storage), measured in the same run.",
        "",
        "| dataset | records | stored | rejected | import s (min–max) | rows/s | peak RSS MB | baseline parse s "
        "| import / baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['dataset']} | {int(r['records']):,} | {int(r['stored']):,} | {int(r['rejected']):,} | "
            f"{float(r['seconds']):.2f} ({float(r['min_s']):.2f}–{float(r['max_s']):.2f}) | "
            f"{float(r['rows_per_s']):,.0f} | {float(r['peak_mb']):.0f} | {float(r['baseline_s']):.2f} | "
            f"{float(r['ratio']):.1f}× |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--datasets", nargs="*", default=DEFAULT)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"no data folder at {DATA}; set JOBSHIFT_SHARED_DATA")
    rows = [bench(name, args.repeat) for name in args.datasets]
    markdown = to_markdown(rows, args.repeat)
    print(markdown)
    if not args.no_write:
        write_section(markdown)


if __name__ == "__main__":
    main()
