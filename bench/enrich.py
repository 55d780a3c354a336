"""Benchmark the enrichment functions on the real postings in ../shared/data.

Measures postings per second per core (CPU time of this single-threaded process) for:

* `tag_skills` (HTML stripping + one Aho-Corasick pass + rules + AI flags),
* a naive baseline in the same run: HTML stripping, then one compiled `re` per skill, alternating the
  skill's aliases (all spellings, rules ignored) between `\\b...\\b`, searched case-insensitively,
* `parse_salary_text` on the same posting texts;
* the O*NET occupation mapping (`OccupationIndex.match_title` + exposure band) of the enriched rows' titles and
  role families, with its caches emptied before each run (so each distinct title is mapped once per run, as
  the post-ingest step maps DISTINCT titles), against full enrichment: the issue #9 budget is +20 %.

Each measurement is repeated; the median is reported.  The baseline runs on a subset (it is ~100x slower)
and is reported per posting, so the ratio is comparable.  Results go to stdout as Markdown and replace the
"## Enrichment (bench/enrich.py)" section of BENCHMARKS.md at the repository root (other sections kept).

    python bench/enrich.py [--repeats 5] [--baseline-limit 1500] [--no-write]

Data root: ../shared/data next to the repository, or the JOBSHIFT_SHARED_DATA environment variable.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from benchmarks_md import write_section  # bench/ is on sys.path when a script here runs

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jobshift.enrich.exposure import ExposureTable, build_exposure, exposure_column  # noqa: E402
from jobshift.enrich.occupations import OccupationIndex, _rule_match, build_index, normalise_title  # noqa: E402
from jobshift.enrich.pay import parse_salary_text  # noqa: E402
from jobshift.enrich.records import enrich_posting  # noqa: E402
from jobshift.enrich.skills import default_tagger, load_taxonomy, tag_skills  # noqa: E402
from jobshift.enrich.text import strip_html  # noqa: E402
from jobshift.sources.hn_text import parse_hn_comment  # noqa: E402

SECTION = "## Enrichment (bench/enrich.py)"
Posting = tuple[str, str, str | None]  # (source, text, title)


def data_root() -> Path:
    env = os.environ.get("JOBSHIFT_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


# ------------------------------------------------------------------------------------------------ postings


def hn_2026(root: Path) -> Iterator[Posting]:
    seen: set[int] = set()
    for path in sorted((root / "hn_whoishiring_2026_gantryops" / "runs").glob("*/raw.json")):
        for job in json.loads(path.read_text(encoding="utf-8"))["jobs"]:
            if job["id"] not in seen and job.get("text"):
                seen.add(job["id"])
                yield "hn_2026", job["text"], None


def hn_2013_2018(root: Path) -> Iterator[Posting]:
    seen: set[tuple[str, str]] = set()
    for path in sorted(
        (root / "hn_whoishiring_2013_2018_gaganpreet" / "src" / "web" / "data").glob("*.json.gz")
    ):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for rec in json.load(fh):
                key = (rec.get("user") or "", (rec.get("full_html") or "")[:200])
                if key not in seen and rec.get("full_html"):
                    seen.add(key)
                    yield "hn_2013_2018", rec["full_html"], None


def linkedin(root: Path) -> Iterator[Posting]:
    path = root / "linkedin_postings_sample_koriralex" / "postings.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("description"):
                yield "linkedin", row["description"], row.get("title")


def analytics_jds(root: Path) -> Iterator[Posting]:
    for path in sorted((root / "analytics_engineer_jds_2026_jeremychia" / "data").glob("*/jd_archive.md")):
        yield "analytics_jds", path.read_text(encoding="utf-8"), None


def chinese(root: Path) -> Iterator[Posting]:
    for path in sorted((root / "ruanyf_weekly_hiring_cn_darknight" / "data" / "parsed").glob("*.json")):
        for post in json.loads(path.read_text(encoding="utf-8")).get("postings", []):
            if post.get("rawContent"):
                yield "ruanyf_cn", post["rawContent"], None


def load_postings(root: Path) -> list[Posting]:
    out: list[Posting] = []
    for reader in (hn_2026, hn_2013_2018, linkedin, analytics_jds, chinese):
        try:
            out.extend(reader(root))
        except FileNotFoundError as exc:
            print(f"skipping {reader.__name__}: {exc}", file=sys.stderr)
    return out


def onet_reference(root: Path) -> tuple[OccupationIndex, ExposureTable] | None:
    """The title index and exposure table from the O*NET and GPTs-are-GPTs files (as an import stores them)."""
    folder, scores = root / "onet_technology_skills", root / "gpts_are_gpts_exposure" / "occ_level.csv"
    if not (folder / "Alternate Titles.txt").is_file() or not scores.is_file():
        return None

    def tsv(name: str) -> list[dict[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh, delimiter="\t"))

    titles = [(r["O*NET-SOC Code"], r["Alternate Title"], r["Short Title"], r["Source(s)"])
              for r in tsv("Alternate Titles.txt")]
    index = build_index(titles, [(r["O*NET-SOC Code"], r["Title"]) for r in tsv("Occupation Data.txt")])
    with scores.open(encoding="utf-8", newline="") as fh:
        rows = [(r["O*NET-SOC Code"], float(r[exposure_column()])) for r in csv.DictReader(fh)]
    return index, build_exposure(rows)


# ------------------------------------------------------------------------------------------------ baseline


def naive_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """One compiled regex per skill: all its spellings (plain and rule-governed) between \\b...\\b."""
    patterns = []
    for skill in load_taxonomy().skills:
        spellings = set(skill.aliases) | {a.lower() for r in skill.context for a in r.aliases}
        alt = "|".join(re.escape(a) for a in sorted(spellings, key=len, reverse=True))
        patterns.append((skill.id, re.compile(r"\b(?:" + alt + r")\b", re.IGNORECASE)))
    return patterns


def naive_tag(text: str, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> list[str]:
    body = strip_html(text)
    return [sid for sid, pattern in patterns if pattern.search(body)]


# ------------------------------------------------------------------------------------------------ timing


def measure(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median CPU seconds and median wall seconds over `repeats` runs."""
    cpu, wall = [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def calibration() -> float:
    """Seconds for 10M iterations of an empty Python loop (to compare machines)."""
    start = time.process_time()
    for _ in range(10_000_000):
        pass
    return time.process_time() - start


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run(repeats: int, baseline_limit: int) -> str:
    root = data_root()
    postings = load_postings(root)
    if not postings:
        raise SystemExit(f"no postings found under {root}")
    texts = [(text, title) for _, text, title in postings]
    by_source: dict[str, int] = {}
    for source, _, _ in postings:
        by_source[source] = by_source.get(source, 0) + 1
    chars = sum(len(t) for t, _ in texts) / len(texts)

    calibration_before = calibration()
    default_tagger()  # build the automaton outside the timed runs
    tag_cpu, tag_wall = measure(lambda: [tag_skills(t, title) for t, title in texts], repeats)
    # Its HTML stripping alone (uncached), to show how the tagging time splits.
    strip_cpu, strip_wall = measure(lambda: [strip_html.__wrapped__(t) for t, _ in texts], repeats)

    step = max(1, len(texts) // baseline_limit)
    subset = texts[::step][:baseline_limit]
    patterns = naive_patterns()
    base_cpu, base_wall = measure(lambda: [naive_tag(t, patterns) for t, _ in subset], max(1, repeats // 2))

    pay_cpu, pay_wall = measure(lambda: [parse_salary_text(t) for t, _ in texts], repeats)

    # Full enrichment as the pipeline runs it, on rows as the importer normalises them (outside the timing):
    # HN comments through the importer's comment parser (company, title, location, pay line, plain text),
    # the others with their title field; then skills, flags, AI role, role and seniority, pay, company id,
    # evidence and the duplicate key.
    def row(source: str, text: str, title: str | None) -> dict[str, object]:
        if source.startswith("hn_"):
            parsed = parse_hn_comment(text)
            return {"title": parsed.title, "description": parsed.description, "company": parsed.company,
                    "location": parsed.location, "salary_text": parsed.salary_text}
        return {"title": title, "description": text, "company": None}

    rows = [row(source, t, title) for source, t, title in postings]
    enriched: list[dict[str, object]] = []

    def full() -> None:
        enriched[:] = [enrich_posting(dict(r))[0] for r in rows]

    full_cpu, full_wall = measure(full, repeats)

    reference = onet_reference(root)
    occ_line = "| O*NET occupation + exposure band (not measured: O*NET or exposure files absent) | - | - | - | - |"
    occ_note = ""
    if reference is not None:
        index, exposure = reference
        pairs = [(str(e["title"]) if e.get("title") else None, e.get("role_family")) for e in enriched]

        def occupations() -> None:
            OccupationIndex._match.cache_clear()
            normalise_title.cache_clear()
            _rule_match.cache_clear()
            for title, family in pairs:
                exposure.band(index.match_title(title, str(family) if family else None).onet_code)

        occ_cpu, occ_wall = measure(occupations, repeats)
        distinct = len(set(pairs))
        occ_line = (f"| O*NET occupation + exposure band of the same rows ({distinct:,} distinct title/family "
                    f"pairs, caches emptied each run) | {len(pairs) / occ_cpu:,.0f} | "
                    f"{1e6 * occ_cpu / len(pairs):,.1f} | {len(pairs) / occ_wall:,.0f} | - |")
        occ_note = (f" Occupation mapping adds {100 * occ_cpu / full_cpu:.1f} % to full enrichment "
                    f"(budget 20 %; {1e6 * occ_cpu / max(1, distinct):,.0f} µs per distinct title).")

    n, m = len(texts), len(subset)
    tag_rate, base_rate, pay_rate, full_rate = n / tag_cpu, m / base_cpu, n / pay_cpu, n / full_cpu
    lines = [
        SECTION,
        "",
        "Reproduce: `python bench/enrich.py` (data from `../shared/data` or `$JOBSHIFT_SHARED_DATA`).",
        "",
        f"Corpus: {n:,} real postings, mean {chars:,.0f} characters "
        f"({', '.join(f'{k} {v:,}' for k, v in by_source.items())}). "
        f"Median of {repeats} runs (baseline: {max(1, repeats // 2)} runs on an evenly spaced subset "
        f"of {m:,}); "
        "postings/s/core = postings / CPU seconds of this single-threaded process.",
        "",
        "| function | postings/s/core | µs/posting | wall postings/s | vs naive baseline |",
        "|---|---:|---:|---:|---:|",
        f"| `tag_skills` | {tag_rate:,.0f} | {1e6 / tag_rate:,.1f} | {n / tag_wall:,.0f} | "
        f"{tag_rate / base_rate:,.1f}x |",
        f"| of which `strip_html` (HTML to text, uncached) | {n / strip_cpu:,.0f} | {1e6 * strip_cpu / n:,.1f} | "
        f"{n / strip_wall:,.0f} | - |",
        f"| naive baseline (1 regex per skill, `\\b...\\b`) | {base_rate:,.0f} | {1e6 / base_rate:,.1f} | "
        f"{m / base_wall:,.0f} | 1.0x |",
        f"| `parse_salary_text` | {pay_rate:,.0f} | {1e6 / pay_rate:,.1f} | {n / pay_wall:,.0f} | - |",
        f"| full `enrich_posting` on importer-normalised rows (skills, flags, AI role, role, seniority, pay, "
        f"company, evidence, duplicate key) | {full_rate:,.0f} | "
        f"{1e6 / full_rate:,.1f} | {n / full_wall:,.0f} | - |",
        occ_line,
        "",
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"an empty 10M-iteration Python loop takes {calibration_before:.2f} s here before the runs and "
        f"{calibration():.2f} s after (a recent laptop: ~0.2 s; the machine's load shows in it).",
        f"Targets: `tag_skills` 20,000 postings/s/core (measured {tag_rate:,.0f}); full enrichment 2,000 "
        f"postings/s/core (measured {full_rate:,.0f}).{occ_note}",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline-limit", type=int, default=1500)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    markdown = run(args.repeats, args.baseline_limit)
    print(markdown)
    if not args.no_write:
        write_section(markdown)


if __name__ == "__main__":
    main()
