"""`jobshift sources list | test | add` through Typer's runner, against the replay server."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from jobshift.cli_sources import sources_app
from jobshift.store.db import connect

runner = CliRunner(env={"COLUMNS": "250"})


def test_help_has_examples() -> None:
    for command in ("list", "test", "add"):
        result = runner.invoke(sources_app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


def test_test_board_jsonl(server: HTTPServer, base_url: str, replay: Any) -> None:
    server.expect_request("/v1/boards/acmerobotics/jobs").respond_with_json(replay("greenhouse_jobs.json"))
    result = runner.invoke(sources_app, ["test", "greenhouse", "acmerobotics", "--base-url", base_url,
                                         "--format", "jsonl", "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source_id"] for line in lines] == ["acmerobotics:4012345", "acmerobotics:4012399"]
    assert lines[0]["posted_at"] == "2025-02-28T14:00:00"
    assert "3 row(s) (2 shown), 0 rejected" in result.stderr and "nothing stored" in result.stderr


def test_test_board_table_and_hn(server: HTTPServer, base_url: str, replay: Any) -> None:
    server.expect_request("/v0/postings/globex").respond_with_json(replay("lever_page2.json"))
    result = runner.invoke(sources_app, ["test", "lever", "globex", "--base-url", base_url])
    assert result.exit_code == 0 and "Research Intern" in result.stdout
    server.expect_request("/api/v1/search_by_date").respond_with_json(replay("hn_search.json"))
    server.expect_request("/api/v1/items/43243024").respond_with_json(replay("hn_item_43243024.json"))
    result = runner.invoke(sources_app, ["test", "hn_whoishiring", "--base-url", base_url, "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


def test_test_warn_csv() -> None:
    csv = Path(__file__).parent / "replay" / "warn_ny.csv"
    result = runner.invoke(sources_app, ["test", "warn", "ny", "--csv", str(csv), "--format", "jsonl"])
    assert result.exit_code == 0
    assert [json.loads(line)["company"] for line in result.stdout.splitlines()] == [
        "Initech Corporation", "Globex Holdings"]


def test_test_errors_are_one_line(server: HTTPServer, base_url: str) -> None:
    server.expect_request("/v1/boards/xyz/jobs").respond_with_data("", status=404)
    result = runner.invoke(sources_app, ["test", "greenhouse", "xyz", "--base-url", base_url])
    assert result.exit_code == 1
    assert result.stderr == (f"error: greenhouse board 'xyz' not found (404) at "
                             f"{base_url}/v1/boards/xyz/jobs?content=true\n")
    result = runner.invoke(sources_app, ["test", "greenhouse"])
    assert result.exit_code == 1 and "needs a TOKEN" in result.stderr
    result = runner.invoke(sources_app, ["test", "workday", "x"])
    assert result.exit_code == 1 and "unknown source 'workday'" in result.stderr


def test_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(sources_app, ["add", "ashby", "newco", "--company", "Newco", "--company-class",
                                         "ai_native"])
    assert result.exit_code == 0 and "added ashby newco" in result.stdout
    assert "token: newco" in (tmp_path / "jobshift.boards.yaml").read_text()
    assert "already listed" in runner.invoke(sources_app, ["add", "ashby", "newco"]).stdout
    bad = runner.invoke(sources_app, ["add", "ashby", "x", "--company-class", "giant"])
    assert bad.exit_code == 1 and bad.stderr.startswith("error: --company-class must be one of")
    assert runner.invoke(sources_app, ["add", "workday", "x"]).exit_code == 1


def test_list(tmp_path: Path) -> None:
    db = tmp_path / "j.duckdb"
    con = connect(db)
    con.execute("INSERT INTO ingest_runs (run_id, source, started_at, finished_at, status, fetched, new, cursor) "
                "VALUES ('r1', 'hn_whoishiring', ?, ?, 'ok', 4, 4, '43243024'), "
                "('r2', 'hn_whoishiring', ?, ?, 'failed', 0, 0, NULL)",
                [datetime(2025, 3, 1), datetime(2025, 3, 1, 0, 1), datetime(2025, 3, 2), datetime(2025, 3, 2, 0, 1)])
    con.execute("UPDATE ingest_runs SET message = 'HN search: HTTP 503' WHERE run_id = 'r2'")
    con.close()
    result = runner.invoke(sources_app, ["list", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    states = {s["source"]: s for s in map(json.loads, result.stdout.splitlines())}
    assert states["greenhouse"]["last_status"] == "never run"
    hn = states["hn_whoishiring"]
    assert (hn["last_status"], hn["cursor"], hn["message"]) == ("failed", "43243024", "HN search: HTTP 503")
    assert hn["last_success"].startswith("2025-03-01")
    table = runner.invoke(sources_app, ["list", "--db", str(db)])
    assert table.exit_code == 0 and "hn_whoishiring" in table.stdout
    missing = runner.invoke(sources_app, ["list", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 0 and "never run" in missing.stdout
