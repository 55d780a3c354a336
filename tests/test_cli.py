"""The CLI: every command has help with an example, errors are one line, sql is read-only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobshift.cli import app

runner = CliRunner()
COMMANDS = ["run", "import", "sample", "status", "sql", "export", "mappings", "enrich", "report"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: jobshift" in result.output
    if command not in ("mappings", "enrich"):
        assert "--db" in result.output


def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "layoffs.csv"
    path.write_text(
        "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,"
        "date_added\nAcme,SF Bay Area,100,1/28/2026,0.1,AI,https://example.com/acme-layoffs-ai,Series B,50,"
        "United States,1/28/2026\nBeta,Berlin,,2/3/2025,,Retail,https://example.com/b,Seed,,Germany,2/3/2025\n",
        encoding="utf-8")
    return path


def test_import_then_status_sql_export(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    args = ["import", str(tracker(tmp_path)), "--mapping", "layoffs_fyi_databyab", "--db", str(db)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "layoffs_fyi" in result.output
    assert "2 layoff events form 2 real-world events" in result.output  # the linking line, as `run` prints it

    status = runner.invoke(app, ["status", "--db", str(db)])
    assert status.exit_code == 0 and "layoff_events" in status.output

    out = runner.invoke(app, ["sql", "SELECT company, headcount FROM layoff_events ORDER BY company",
                              "--format", "json", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == [{"company": "Acme", "headcount": 100}, {"company": "Beta", "headcount": None}]

    export = runner.invoke(app, ["export", "--table", "layoffs", "--format", "parquet",
                                 "--out", str(tmp_path / "lake"), "--db", str(db)])
    assert export.exit_code == 0, export.output
    months = sorted(p.name for p in (tmp_path / "lake").iterdir())
    assert months == ["month=2025-02", "month=2026-01"]


def test_sql_refuses_writes_and_file_access(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    runner.invoke(app, ["import", str(tracker(tmp_path)), "--mapping", "layoffs_fyi_databyab", "--db", str(db)])
    for statement in ("DELETE FROM layoff_events", f"COPY layoff_events TO '{tmp_path}/x.csv'",
                      f"SELECT * FROM read_csv('{tmp_path}/layoffs.csv')"):
        result = runner.invoke(app, ["sql", statement, "--db", str(db)])
        assert result.exit_code == 1, statement
        assert "Traceback" not in result.output
    assert not (tmp_path / "x.csv").exists()


def test_errors_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "missing.csv"), "--mapping", "layoffs_fyi_databyab",
                                 "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert "error:" in result.output and "missing.csv" in result.output and "Traceback" not in result.output
    args = ["import", str(tracker(tmp_path)), "--mapping", "nope", "--db", str(tmp_path / "x.duckdb")]
    unknown = runner.invoke(app, args)
    assert unknown.exit_code == 1 and "unknown mapping 'nope'" in unknown.output
    args = ["import", str(tracker(tmp_path)), "--mapping", "layoffs_fyi_databyab", "--workers", "0",
            "--db", str(tmp_path / "x.duckdb")]
    workers = runner.invoke(app, args)
    assert workers.exit_code == 1 and "--workers" in workers.output and "whole number" in workers.output


def test_missing_columns_and_truncated_files_keep_stored_data(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    runner.invoke(app, ["import", str(tracker(tmp_path)), "--mapping", "layoffs_fyi_databyab", "--db", str(db)])
    bad = tmp_path / "bad" / "layoffs.csv"
    bad.parent.mkdir()
    bad.write_text("company,date\nAcme,1/1/2026\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "--mapping", "layoffs_fyi_databyab", "--db", str(db)])
    assert result.exit_code == 1 and "missing columns" in result.output and "layoffs.csv" in result.output
    truncated = tmp_path / "trunc" / "layoffs.csv"
    truncated.parent.mkdir()
    truncated.write_text(tracker(tmp_path).read_text(encoding="utf-8")[:-60] + '"unterminated', encoding="utf-8")
    result = runner.invoke(app, ["import", str(truncated), "--mapping", "layoffs_fyi_databyab", "--db", str(db)])
    assert result.exit_code == 1 and "never closed" in result.output and "layoffs.csv" in result.output
    count = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM layoff_events", "--format", "csv", "--db", str(db)])
    assert count.output.strip().splitlines()[-1] == "2"


def test_debug_shows_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "status", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.exception is not None


def test_report_command_with_period_and_format(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    runner.invoke(app, ["import", str(tracker(tmp_path)), "--mapping", "layoffs_fyi_databyab", "--db", str(db)])
    out = tmp_path / "rep"
    result = runner.invoke(app, ["report", "--period", "2026-01..2026-12", "--format", "json", "--out", str(out),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["synthetic"] is False
    assert {"generated_at", "metrics", "tables"} <= set(data)
    events = next(m for m in data["metrics"] if m["id"] == "layoffs_yearly" or m["id"] == "layoff_events_monthly")
    assert events["n"] == 1  # only Acme's 2026 event is inside the period
    assert not (out / "index.html").exists()
    bad = runner.invoke(app, ["report", "--period", "2026-01", "--db", str(db)])
    assert bad.exit_code == 1 and "START..END" in bad.output


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"jobshift {command}" in readme, command
