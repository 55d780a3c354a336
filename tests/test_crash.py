"""A killed or interrupted import leaves the database exactly as it was before that source."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jobshift.pipeline import mark_stale_runs
from jobshift.store import connect

IMPORTER = textwrap.dedent(
    """
    import signal
    import sys
    from pathlib import Path
    from jobshift.importing import import_path
    from jobshift.store import connect

    class Announce:
        def start(self, source, total): pass
        def advance(self, records):
            print("batch", flush=True)
        def finish(self): pass

    # Ctrl-C as at an interactive shell: a test run started in a shell's background inherits SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    con = connect(Path(sys.argv[1]))
    import_path(con, Path(sys.argv[2]), "layoffs_fyi_databyab", progress=Announce(), batch_size=200)
    print("done", flush=True)
    """
)
HEADER = ("company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,"
          "date_added\n")


def tracker_file(path: Path, rows: int, offset: int = 0) -> Path:
    lines = [f"Company {i},Somewhere,{i % 500 + 1},1/{i % 28 + 1}/2025,,Tech,https://example.com/{i},Seed,1,"
             f"United States,1/1/2025\n" for i in range(offset, offset + rows)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def start(db: Path, data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", IMPORTER, str(db), str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_batches(proc: subprocess.Popen[str], batches: int) -> None:
    assert proc.stdout is not None
    seen = 0
    while seen < batches:
        line = proc.stdout.readline()
        assert line, f"importer ended early: {proc.stderr.read() if proc.stderr else ''}"
        seen += line.strip() == "batch"


def interrupt(proc: subprocess.Popen[str], how: signal.Signals) -> int:
    """Send the signal until the process ends: DuckDB can swallow a SIGINT that lands while a statement runs
    (it interrupts the statement and may finish it anyway), which a loaded CI machine makes likely."""
    for _ in range(50):
        proc.send_signal(how)
        try:
            return proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            continue
    return proc.wait(timeout=120)


def snapshot(db: Path) -> tuple[list[tuple[object, ...]], int, int]:
    con = connect(db)
    try:
        events = con.execute("SELECT event_id, headcount, last_seen FROM layoff_events ORDER BY 1").fetchall()
        raw = con.execute("SELECT count(*) FROM raw_records").fetchone()
        rejects = con.execute("SELECT count(*) FROM rejects").fetchone()
        return events, raw[0] if raw else -1, rejects[0] if rejects else -1
    finally:
        con.close()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_import_keeps_the_database_as_before(tmp_path: Path, how: signal.Signals) -> None:
    db = tmp_path / "crash.duckdb"
    first = start(db, tracker_file(tmp_path / "small.csv", 300))
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    before = snapshot(db)
    assert len(before[0]) == 300

    proc = start(db, tracker_file(tmp_path / "big.csv", 20_000, offset=1_000_000))
    wait_for_batches(proc, 5)
    code = interrupt(proc, how)
    assert code != 0

    assert snapshot(db) == before
    con = connect(db)
    try:
        mark_stale_runs(con)
        statuses = [r[0] for r in con.execute("SELECT status FROM ingest_runs ORDER BY started_at").fetchall()]
    finally:
        con.close()
    assert statuses == ["ok", "interrupted"]

    again = start(db, tmp_path / "big.csv")
    assert again.wait(timeout=300) == 0, again.stderr.read() if again.stderr else ""
    events, _, _ = snapshot(db)
    assert len(events) == 20_300
