"""Fetch throughput of the live ATS sources through a local replay server, and what the HTTP cache saves.

A replay server on 127.0.0.1 (no internet) serves --boards Greenhouse boards and as many Lever boards, each
with --jobs postings built from the replay fixtures the source tests use (tests/sources/replay/
greenhouse_jobs.json, lever_page1.json: same fields, fresh ids and titles, and ~3 kB of description text
of the posting's own in made-up words, so no two postings are near-duplicates).
Every answer carries an ETag and the server answers 304 to a matching If-None-Match, as Greenhouse's and
Lever's CDNs do. For each source:

* fetch: `source.fetch` + `normalise` only (HTTP, JSON parsing, HTML to text), postings/s;
* run 1: `pipeline.ingest` into a fresh database with an empty on-disk HTTP cache (fetch, keep raw,
  normalise, enrich, upsert), postings/s, requests and bytes received;
* run 2: the same ingest again with a new client over the same cache folder (a second `jobshift run`):
  requests answered 304 from the cache, bytes not downloaded, and the time.

The client's per-host rate limit is off (rate 0) so the figures measure jobshift, not its politeness
(live, the default 2 requests/s per host bounds a run of many boards first). Median of --repeat runs.

Also, with the real data in ../shared/data (or $JOBSHIFT_SHARED_DATA): the linking step (`jobshift.linking.
link_events`: read every layoff event, resolve companies, cluster, replace `layoff_event_links` in one
transaction) on layoffs.fyi + the AI layoffs tracker + all WARN notices, imported once into a temporary
database (`--no-linking` skips it).

    python bench/sources.py [--boards 40] [--jobs 100] [--repeat 3] [--no-linking] [--no-write]

Results replace the "## Live sources through a replay server" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import json
import multiprocessing
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from benchmarks_md import write_section  # bench/ is on sys.path when a script here runs

REPO = Path(__file__).resolve().parents[1]
REPLAY = REPO / "tests" / "sources" / "replay"
SECTION = "## Live sources through a replay server (bench/sources.py)"
DATA = Path(os.environ.get("JOBSHIFT_SHARED_DATA", REPO.parent / "shared" / "data"))
LINK_DATASETS = ("layoffs_fyi_databyab", "ai_layoffs_tracker_events", "warn_notices_biglocalnews")

# One timing in a fresh process (cold caches, as at the end of `jobshift run`).
LINK = textwrap.dedent(
    """
    import json, sys, time
    from jobshift.linking import link_events, stored_events
    from jobshift.store import connect
    con = connect(sys.argv[1])
    t = time.perf_counter()
    stored_events(con)
    read = time.perf_counter() - t
    t = time.perf_counter()
    summary = link_events(con)  # cold name caches: what the end of `jobshift run` costs
    cold = time.perf_counter() - t
    t = time.perf_counter()
    link_events(con)  # again in the same process: names already normalised
    warm = time.perf_counter() - t
    con.close()
    print(json.dumps({"events": summary.events, "clusters": summary.clusters, "merged": summary.merged,
                      "read_s": read, "link_s": cold, "warm_s": warm}))
    """
)


_SYLLABLES = ("ka", "lo", "mer", "tin", "sa", "ve", "ron", "di", "pal", "quo", "ne", "bru", "sti", "fa", "gel",
              "mo", "rin", "tas", "ul", "ber", "co", "dra", "vin", "zel", "ha", "pe", "lu", "nor", "ski", "te")


@functools.cache
def _words() -> list[str]:
    """2,000 made-up words: text that differs per posting without hitting the skill list on every word."""
    rng = random.Random(0)
    return sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(2_000)})


def _paragraphs(seed: str, n_words: int = 450) -> list[str]:
    """~3 kB of text unique to one posting (real postings differ; identical ones would be near-duplicates)."""
    rng = random.Random(seed)
    words = rng.choices(_words(), k=n_words)
    return [" ".join(words[i: i + 45]).capitalize() + "." for i in range(0, n_words, 45)]


def _greenhouse_board(token: str, jobs: int) -> bytes:
    template = json.loads((REPLAY / "greenhouse_jobs.json").read_text(encoding="utf-8"))
    base = template["jobs"]
    out = []
    for i in range(jobs):
        job = copy.deepcopy(base[i % len(base)])
        job["id"] = 5_000_000 + i
        job["title"] = f"{job['title']} #{i}"
        job["absolute_url"] = f"https://boards.greenhouse.io/{token}/jobs/{job['id']}"
        own = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in _paragraphs(f"{token}/{i}"))  # Greenhouse escapes its HTML
        job["content"] = job["content"] + own
        out.append(job)
    return json.dumps({"jobs": out, "meta": {"total": len(out)}}).encode("utf-8")


def _lever_board(token: str, jobs: int) -> list[dict[str, Any]]:
    base = json.loads((REPLAY / "lever_page1.json").read_text(encoding="utf-8"))
    out = []
    for i in range(jobs):
        job = copy.deepcopy(base[i % len(base)])
        job["id"] = f"00000000-0000-4000-8000-{i:012d}"
        job["text"] = f"{job.get('text', 'Engineer')} #{i}"
        own = _paragraphs(f"{token}/{i}")
        job["descriptionPlain"] = (job.get("descriptionPlain") or "") + "\n" + "\n".join(own)
        job["description"] = (job.get("description") or "") + "".join(f"<div>{p}</div>" for p in own)
        out.append(job)
    return out


class Replay:
    """A threaded HTTP server with Greenhouse and Lever boards, ETags and 304s; counts what it sends."""

    def __init__(self, boards: int, jobs: int) -> None:
        self.greenhouse = {f"gh{i:03d}": _greenhouse_board(f"gh{i:03d}", jobs) for i in range(boards)}
        self.lever = {f"lv{i:03d}": _lever_board(f"lv{i:03d}", jobs) for i in range(boards)}
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                body = replay.body(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # The server runs in its own process, so the client's CPU time (what the table's per-CPU-second figures
        # use, robust to other load on the machine) is the client's alone.
        self.process = multiprocessing.get_context("fork").Process(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def body(self, path: str) -> bytes | None:
        parts = urlsplit(path)
        segments = parts.path.strip("/").split("/")
        if len(segments) == 4 and segments[:2] == ["v1", "boards"] and segments[3] == "jobs":
            return self.greenhouse.get(segments[2])
        if len(segments) == 3 and segments[:2] == ["v0", "postings"] and segments[2] in self.lever:
            query = parse_qs(parts.query)
            skip, limit = int(query.get("skip", ["0"])[0]), int(query.get("limit", ["100"])[0])
            return json.dumps(self.lever[segments[2]][skip: skip + limit]).encode("utf-8")
        return None

    def __enter__(self) -> Replay:
        self.process.start()
        self.server.socket.close()  # the child process serves on it
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.join(5)


def _sources(replay: Replay, ats: str, cache_dir: Path) -> tuple[Any, Any]:
    from jobshift.sources.ats_board import Board
    from jobshift.sources.greenhouse import GreenhouseSource
    from jobshift.sources.http import HttpCache, HttpClient, HttpConfig
    from jobshift.sources.lever import LeverSource

    config = HttpConfig(timeout=10.0, attempts=2, rate=0)
    client = HttpClient(config, cache=HttpCache(cache_dir))
    if ats == "greenhouse":
        boards = [Board("greenhouse", t, f"Company {t}") for t in replay.greenhouse]
        return GreenhouseSource(boards, base_url=replay.url, client=client), client
    boards = [Board("lever", t, f"Company {t}") for t in replay.lever]
    return LeverSource(boards, base_url=replay.url, client=client, page_size=50), client


def _timed(fn: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, fn's count)."""
    started, cpu = time.perf_counter(), time.process_time()
    count = fn()
    return time.perf_counter() - started, time.process_time() - cpu, count


def bench_once(replay: Replay, ats: str) -> dict[str, float]:
    from jobshift.pipeline import ingest
    from jobshift.store import connect

    with tempfile.TemporaryDirectory(prefix="jobshift-bench-sources-") as tmp:
        folder = Path(tmp)
        source, client = _sources(replay, ats, folder / "fetch-cache")
        fetch_s, fetch_cpu, fetched = _timed(lambda: sum(1 for raw in source.fetch(None) if source.normalise(raw)))
        client.close()
        con = connect(folder / "bench.duckdb")
        source, client = _sources(replay, ats, folder / "cache")
        run1_s, run1_cpu, stored = _timed(lambda: ingest(con, source).counts.new)
        first = client.stats
        client.close()
        source, client = _sources(replay, ats, folder / "cache")  # a second run: new process, same cache folder
        run2_s, run2_cpu, unchanged = _timed(lambda: ingest(con, source).counts.unchanged)
        second = client.stats
        client.close()
        con.close()
    return {"postings": fetched, "fetch_s": fetch_s, "fetch_cpu": fetch_cpu, "run1_s": run1_s,
            "run1_cpu": run1_cpu, "run2_cpu": run2_cpu, "stored": stored,
            "run1_requests": first.requests, "run1_bytes": first.bytes_received,
            "run2_s": run2_s, "unchanged": unchanged, "run2_requests": second.requests,
            "run2_not_modified": second.not_modified, "run2_bytes": second.bytes_received,
            "run2_saved": second.bytes_saved}


def bench(replay: Replay, ats: str, repeat: int) -> dict[str, float]:
    runs = [bench_once(replay, ats) for _ in range(repeat)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def bench_linking(repeat: int) -> dict[str, float] | None:
    """Median timings of the linking step on the real layoff datasets; None when the data is absent."""
    if not all((DATA / name).is_dir() for name in LINK_DATASETS):
        return None
    from jobshift.importing import import_path
    from jobshift.store import connect

    with tempfile.TemporaryDirectory(prefix="jobshift-bench-linking-") as tmp:
        db = Path(tmp) / "layoffs.duckdb"
        con = connect(db)
        for name in LINK_DATASETS:
            import_path(con, DATA / name, name, link=False)
        con.close()
        runs = []
        for _ in range(repeat):
            out = subprocess.run([sys.executable, "-c", LINK, str(db)], capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def to_markdown(rows: dict[str, dict[str, float]], args: argparse.Namespace,
                linking: dict[str, float] | None = None) -> str:
    lines = [
        SECTION,
        "",
        f"Command: `python bench/sources.py --boards {args.boards} --jobs {args.jobs} --repeat {args.repeat}` — "
        f"median of {args.repeat} runs; machine: {platform.machine()}, Python {platform.python_version()}. "
        f"{args.boards} boards × {args.jobs} postings per ATS, served from a replay server on 127.0.0.1 built "
        "from the source tests' fixtures (ETag on every answer, 304 on a matching If-None-Match); the "
        "client's rate limit is off; the server runs in its own process, so CPU s are the client's alone "
        "(the per-CPU-second figures do not depend on other load on the machine). *fetch* = fetch + normalise "
        "only; *run 1* = `ingest` (fetch, raw, normalise, enrich, upsert) into a fresh database with an empty "
        "HTTP cache; *run 2* = the same ingest again, new client, same cache folder (a second `jobshift run`).",
        "",
        "| source | postings | fetch: postings/s (per CPU s) | run 1: s (CPU s) | run 1: postings/s (per CPU s) "
        "| run 1: requests, MB received | run 2: s (CPU s) | run 2: answered 304 | run 2: MB received "
        "| saved by the cache |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for ats, r in rows.items():
        lines.append(
            f"| {ats} | {r['postings']:,.0f} | {r['postings'] / r['fetch_s']:,.0f} "
            f"({r['postings'] / r['fetch_cpu']:,.0f}) | {r['run1_s']:.2f} ({r['run1_cpu']:.2f}) | "
            f"{r['stored'] / r['run1_s']:,.0f} ({r['stored'] / r['run1_cpu']:,.0f}) | "
            f"{r['run1_requests']:,.0f}, {r['run1_bytes'] / 1e6:.2f} | {r['run2_s']:.2f} ({r['run2_cpu']:.2f}) | "
            f"{r['run2_not_modified']:,.0f} of {r['run2_requests']:,.0f} | {r['run2_bytes'] / 1e6:.2f} | "
            f"{r['run2_saved'] / 1e6:.2f} MB ({r['run2_saved'] / max(r['run1_bytes'], 1):.0%}) |")
    lines += [
        "",
        "Run 2 downloads no posting again (every board answers 304 and its body comes from the cache) but still "
        "normalises and compares every posting, so its time is the store's and enrichment's, not the network's; "
        "across the internet, where a board takes 100–500 ms to send, the saving in time is larger than here.",
        "",
    ]
    if linking is not None:
        lines += [
            "Linking layoff events across sources (`jobshift.linking.link_events`, docs/events.md), on "
            + " + ".join(LINK_DATASETS) + f" from `../shared/data`, median of {args.repeat} fresh processes: "
            f"{linking['events']:,.0f} events → {linking['clusters']:,.0f} real-world events "
            f"({linking['merged']:,.0f} with more than one row). The whole step (read the events, resolve "
            f"companies, cluster, replace `layoff_event_links` in one transaction) {linking['link_s']:.2f} s in a "
            f"fresh process — what the end of `jobshift run` costs — of which reading the events "
            f"{linking['read_s']:.2f} s; run again in the same process (company names already normalised) "
            f"{linking['warm_s']:.2f} s.",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boards", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument("--no-linking", action="store_true", help="skip the linking timing on the real data")
    args = parser.parse_args()
    rows: dict[str, dict[str, float]] = {}
    with Replay(args.boards, args.jobs) as replay:
        for ats in ("greenhouse", "lever"):
            rows[ats] = bench(replay, ats, args.repeat)
            print(ats, json.dumps(rows[ats]), file=sys.stderr)
    linking = None if args.no_linking else bench_linking(args.repeat)
    markdown = to_markdown(rows, args, linking)
    print(markdown)
    if not args.no_write:
        write_section(markdown)


if __name__ == "__main__":
    main()
