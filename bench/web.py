"""Web speed: metric endpoints under load (requests/s, p99) and pages' first load, on 127.0.0.1.

    python bench/web.py [--db PATH] [--duration 10] [--connections 8,32] [--no-write]

Targets (issue 7, item 6): metric endpoints >= 500 requests/s with p99 < 50 ms on 2 cores; a page's first
load under 300 ms. Results replace the "## Web (bench/web.py)" section of BENCHMARKS.md.

What is measured
----------------
- The server is the real command, `jobshift serve --db DB --port P` (one uvicorn process), started fresh.
  DB is --db, or else the bundled synthetic sample loaded into a temp file (3,000 postings, 300 layoffs).
- Cold start: the time of the very first `GET /` after the server answers, before anything is cached
  (it runs every metric and draws the charts) — reported, not a target.
- Metric endpoints: every `/api/v1/metrics/<id>` in turn, served from the cache keyed on the data
  version (the state after any page view). Load generator: wrk (Debian package `wrk`) with a Lua script
  rotating over the ids, 2 threads, at each --connections level; without wrk, a small asyncio HTTP/1.1
  keep-alive client in this script. The load generator runs on the same 2 cores as the server.
- Pages: each page's size and server time (request to last byte, median of 5, warm cache), and its first
  load in headless Chromium with nothing cached (navigation start to the load event, median of 3) both in
  a fresh browser context and in a running browser with its cache disabled, when Playwright and
  /usr/bin/chromium are present.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks_md import write_section  # bench/ is on sys.path when a script here runs

REPO = Path(__file__).resolve().parents[1]
BENCH_MD = REPO / "BENCHMARKS.md"
SECTION = "## Web (bench/web.py)"
PAGES = ["/", "/skills", "/roles", "/layoffs", "/companies", "/postings", "/news"]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _sample_db(folder: Path) -> Path:
    path = folder / "web_bench_sample.duckdb"
    subprocess.run([sys.executable, "-c", "from jobshift.cli import main; main()", "sample", "--out",
                    str(folder / "sample"), "--load", "--db", str(path)], check=True, capture_output=True)
    return path


class Server:
    """`jobshift serve` in a subprocess."""

    def __init__(self, db: Path, app_db: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from jobshift.cli import main; main()", "serve", "--db", str(db), "--port",
             str(self.port), "--app-db", f"sqlite:///{app_db}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stdout.read() if self.proc.stdout else ''}")
            try:
                if httpx.get(self.url + "/api/v1/status", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("server did not start in 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _metric_ids(url: str) -> list[str]:
    body = httpx.get(url + "/api/v1/metrics", timeout=120).json()
    return [m["id"] for m in body["metrics"]]


def _wrk(url: str, paths: list[str], connections: int, duration: int) -> dict[str, float]:
    script = Path(tempfile.mkdtemp()) / "rotate.lua"
    quoted = ", ".join(f'"{p}"' for p in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
                         check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {q: _ms(v) for q, v in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", out, re.MULTILINE)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": latency["50"], "p99": latency["99"], "errors": float(errors.group(1)) if errors else 0}


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


async def _asyncio_load(host: str, port: int, paths: list[str], connections: int, duration: int) -> dict[str, float]:
    """Fallback load generator: keep-alive HTTP/1.1 GETs over `connections` sockets."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + duration

    async def worker(offset: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        i = offset
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"content-length: (\d+)", head, re.IGNORECASE).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - start) * 1000)
            if not head.startswith(b"HTTP/1.1 200"):
                errors += 1
        writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": latencies[len(latencies) // 2],
            "p99": latencies[int(len(latencies) * 0.99)], "errors": float(errors)}


def _server_times(url: str, runs: int = 5) -> dict[str, float]:
    times: dict[str, float] = {}
    with httpx.Client(base_url=url, timeout=120) as client:
        for page in PAGES:
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(page)
                samples.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (page, response.status_code)
            times[page] = statistics.median(samples)
    return times


def _browser_times(url: str, runs: int = 3) -> dict[str, tuple[float, float]] | None:
    """Per page: (fresh context, warm browser with the cache disabled), each the median of `runs` loads,
    navigation start to the load event."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not shutil.which(CHROMIUM):
        return None
    script = ("() => { const n = performance.getEntriesByType('navigation')[0];"
              " return n.loadEventEnd - n.startTime; }")
    times: dict[str, tuple[float, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            warm = browser.new_context()
            warm_page = warm.new_page()
            warm.new_cdp_session(warm_page).send("Network.setCacheDisabled", {"cacheDisabled": True})
            for page_path in PAGES:
                fresh, reused = [], []
                for _ in range(runs):
                    context = browser.new_context()  # fresh: nothing cached, a new renderer
                    page = context.new_page()
                    page.goto(url + page_path, wait_until="load")
                    fresh.append(float(page.evaluate(script)))
                    context.close()
                    warm_page.goto(url + page_path, wait_until="load")
                    reused.append(float(warm_page.evaluate(script)))
                times[page_path] = (statistics.median(fresh), statistics.median(reused))
            warm.close()
        finally:
            browser.close()
    return times


def _sizes(url: str) -> dict[str, int]:
    return {page: len(httpx.get(url + page, timeout=60).content) for page in PAGES}


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def run(db: Path | None, duration: int, levels: list[int]) -> str:
    folder = Path(tempfile.mkdtemp(prefix="jobshift-web-bench-"))
    try:
        source = "the synthetic sample (3,000 postings, 300 layoff events)" if db is None else str(db)
        db_path = db or _sample_db(folder)
        server = Server(db_path, folder / "app.sqlite3")
        try:
            server.wait()
            start = time.perf_counter()
            assert httpx.get(server.url + "/", timeout=300).status_code == 200
            cold = (time.perf_counter() - start) * 1000
            ids = _metric_ids(server.url)
            paths = [f"/api/v1/metrics/{i}" for i in ids]
            for path in paths + PAGES:
                httpx.get(server.url + path, timeout=300)
            pages = _server_times(server.url)
            sizes = _sizes(server.url)
            browser = _browser_times(server.url)
            generator = "wrk 2 threads" if shutil.which("wrk") else "asyncio keep-alive client (no wrk)"
            loads = {}
            for connections in levels:
                if shutil.which("wrk"):
                    loads[connections] = _wrk(server.url, paths, connections, duration)
                else:
                    loads[connections] = asyncio.run(_asyncio_load("127.0.0.1", server.port, paths, connections,
                                                                   duration))
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _section(source, generator, duration, len(ids), loads, cold, pages, sizes, browser)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def _section(source: str, generator: str, duration: int, n_ids: int, loads: dict[int, dict[str, float]],
             cold: float, pages: dict[str, float], sizes: dict[str, int],
             browser: dict[str, tuple[float, float]] | None) -> str:
    lines = [
        SECTION, "",
        f"Reproduce: `python bench/web.py --duration {duration} --connections "
        f"{','.join(str(c) for c in loads)}` (add `--db jobshift.duckdb` for your own data).", "",
        f"Machine: {_machine()}; server and load generator share the 2 cores. The machine is shared with other "
        f"jobs (load average {_load()} when the run ended), so figures move between runs. Server: "
        f"`jobshift serve` (one uvicorn process). Data: {source}.", "",
        f"Metric endpoints: `GET /api/v1/metrics/<id>` rotating over all {n_ids} metrics, {duration} s per level, "
        f"{generator}, served from the cache keyed on the data version.", "",
        "| connections | requests/s | p50 ms | p99 ms | non-2xx | ≥ 500 req/s and p99 < 50 ms |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for connections, r in loads.items():
        ok = r["rps"] >= 500 and r["p99"] < 50 and r["errors"] == 0
        lines.append(f"| {connections} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']:.0f} | "
                     f"{_verdict(ok)} |")
    lines += ["", f"Cold start: the first `GET /` after start-up (runs every metric, draws every chart; start-up "
              f"also warms the cache in the background): {cold:,.0f} ms — not a target.", "",
              "Pages: server time is request to last byte (median of 5, warm cache). First load in Chromium is "
              "navigation start to the load event with nothing cached (median of 3): in a fresh browser context "
              "(which also pays for starting a renderer), and in a running browser with its cache disabled. The "
              "target is read on the running-browser figure.", "",
              "| page | KB | server ms | first load, fresh context ms | first load, running browser ms | < 300 ms |",
              "|---|---:|---:|---:|---:|---|"]
    for page, ms in pages.items():
        fresh, reused = browser[page] if browser else (None, None)
        shown = [f"{v:.0f}" if v is not None else "–" for v in (fresh, reused)]
        worst = max(ms, reused) if reused is not None else ms
        lines.append(f"| `{page}` | {sizes[page] / 1024:.0f} | {ms:.0f} | {shown[0]} | {shown[1]} | "
                     f"{_verdict(worst < 300)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="analytics database (default: the synthetic sample in a temp file)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per connection level")
    parser.add_argument("--connections", default="8,32", help="comma-separated connection counts")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    levels = [int(c) for c in args.connections.split(",") if c.strip()]
    section = run(args.db, args.duration, levels)
    print(section)
    if not args.no_write:
        write_section(section)
        print(f"updated {BENCH_MD}")


if __name__ == "__main__":
    main()
