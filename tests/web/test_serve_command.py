"""`jobshift serve`: its help, its one-line errors, and the real command serving on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from jobshift.cli import app

from .conftest import free_port

runner = CliRunner()


def test_help_names_the_flags_and_an_example() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for flag in ("--host", "--port", "--db", "--app-db"):
        assert flag in result.output
    assert "Example: jobshift serve" in result.output


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no database here" in result.output and "Traceback" not in result.output


def test_bad_app_db_url_and_port_are_refused(real_db: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(real_db), "--app-db", "mysql://x"])
    assert result.exit_code == 1 and "--app-db" in result.output
    result = runner.invoke(app, ["serve", "--db", str(real_db), "--port", "70000"])
    assert result.exit_code == 1 and "--port" in result.output


def test_the_command_serves_pages_and_api(real_db: Path, tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from jobshift.cli import main; main()", "serve", "--db", str(real_db),
         "--port", str(port), "--app-db", f"sqlite:///{tmp_path / 'app.sqlite3'}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/api/v1/status", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert status.json()["synthetic"] is False
        page = httpx.get(f"http://127.0.0.1:{port}/postings", params={"q": "python"}, timeout=30)
        assert page.status_code == 200 and "ML Platform Engineer" in page.text
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert f"http://localhost:{port}/" in out  # the address to open is printed
