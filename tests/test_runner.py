"""`jobshift run`: live sources reported one by one, the no-network shortcut, the labelled sample fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
from typer.testing import CliRunner

from jobshift.cli import app
from jobshift.config import Settings
from jobshift.errors import SourceUnreachable
from jobshift.runner import NO_NETWORK_AFTER, run
from jobshift.sources.base import RawRecord


class FakeSource:
    """A live source that either cannot resolve its host or yields one posting."""

    def __init__(self, name: str, reachable: bool) -> None:
        self.name, self.reachable, self.fetched = name, reachable, False
        self.target, self.synthetic, self.origin = "postings", False, f"https://{name}.example"

    def cursor(self) -> str | None:
        return None

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        self.fetched = True
        if not self.reachable:
            raise SourceUnreachable(f"{self.name}: cannot connect ([Errno -2] Name or service not known)")
        yield RawRecord(source_key="1", location=f"{self.origin}/1", payload={"title": "ML Engineer"})

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        return {"source_id": raw.source_key, "title": raw.payload["title"], "company": "Real Co"}


def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "r.duckdb", report_dir=tmp_path / "report")


def test_no_network_stops_trying_and_falls_back_to_the_labelled_sample(con: duckdb.DuckDBPyConnection,
                                                                         tmp_path: Path) -> None:
    sources = [FakeSource(f"s{i}", reachable=False) for i in range(NO_NETWORK_AFTER + 2)]
    notes: list[str] = []
    summary = run(con, settings(tmp_path), sources=sources, notify=notes.append)  # type: ignore[arg-type]
    assert [s.fetched for s in sources] == [True] * NO_NETWORK_AFTER + [False, False]
    assert [r.status for r in summary.results[: len(sources)]] == ["unreachable"] * len(sources)
    assert summary.synthetic
    assert any("SYNTHETIC SAMPLE" in n for n in notes)
    statuses = con.execute("SELECT source, status FROM ingest_runs ORDER BY source").fetchall()
    assert ("s4", "unreachable") in statuses
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert report["synthetic"] is True
    assert summary.headline and all("synthetic" in line.lower() for line in summary.headline)


def test_one_reachable_source_means_real_data_and_no_sample(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    sources = [FakeSource("down", reachable=False), FakeSource("up", reachable=True)]
    summary = run(con, settings(tmp_path), sources=sources)  # type: ignore[arg-type]
    assert [r.status for r in summary.results] == ["unreachable", "ok"]
    assert not summary.synthetic
    assert con.execute("SELECT count(*) FROM postings WHERE synthetic").fetchall() == [(0,)]
    assert json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))["synthetic"] is False


def test_real_data_replaces_an_earlier_sample(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    run(con, Settings(db_path=tmp_path / "r.duckdb", report_dir=tmp_path / "report", offline=True))
    assert con.execute("SELECT count(*) > 0 FROM postings WHERE synthetic").fetchall() == [(True,)]
    summary = run(con, settings(tmp_path), sources=[FakeSource("up", reachable=True)])  # type: ignore[list-item]
    assert not summary.synthetic
    assert con.execute("SELECT count(*), bool_or(synthetic) FROM postings").fetchall() == [(1, False)]


def test_cli_run_offline_labels_every_output(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", "--offline", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC SAMPLE" in result.output
    html = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "SYNTHETIC SAMPLE" in html
    assert (tmp_path / "report" / "report.md").read_text(encoding="utf-8").lstrip().startswith(("#", ">", "**"))
    assert "SYNTHETIC" in (tmp_path / "report" / "report.md").read_text(encoding="utf-8").splitlines()[0].upper()
