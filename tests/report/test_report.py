"""build_report and headline_lines on small databases: files, JSON contract, synthetic banner, no data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from jobshift.errors import ConfigError
from jobshift.metrics import Filters, list_metrics
from jobshift.report import SYNTHETIC_BANNER, build_report, headline_lines
from jobshift.report.charts import CHARTS

METRIC_KEYS = {"id", "label", "value", "ci_low", "ci_high", "n", "unit", "period", "filters", "sources"}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_writes_every_output_and_json_contract(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build_report(filled, out, filters=Filters(start="2024-01", end="2024-02"), title="Test report")
    for name in ("index.html", "report.md", "report.json"):
        assert (out / name).is_file()
    for chart_id in CHARTS:
        assert (out / "charts" / f"{chart_id}.svg").stat().st_size > 0
        assert (out / "charts" / f"{chart_id}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads(_read(out / "report.json"))
    assert {"generated_at", "synthetic", "metrics", "tables"} <= set(doc)
    assert doc["synthetic"] is False
    assert [m["id"] for m in doc["metrics"]] == [m.id for m in list_metrics()]
    for entry in doc["metrics"]:
        assert set(entry) >= METRIC_KEYS, entry["id"]
        assert entry["filters"] == {"start": "2024-01", "end": "2024-02"}
    by_id = {m["id"]: m for m in doc["metrics"]}
    # 8 postings, 3 of them mention LLMs (p1, p2, p6)
    assert by_id["postings_distinct"]["value"] == 8
    assert by_id["share_mentions_llm"]["value"] == pytest.approx(3 / 8)
    assert by_id["share_mentions_llm"]["sources"] == [
        {"source": "board", "rows": 8, "first": "2024-01-05", "last": "2024-02-20"}
    ]
    assert by_id["share_mentions_llm"]["period"] == "2024-01..2024-02"
    # stated headcount 100 + 300 + 600 = 1000, of which ai_explicit 100
    assert by_id["ai_attributed_share"]["value"] == pytest.approx(0.1)
    assert doc["tables"]["layoffs_yearly"] == [
        {"year": "2024", "source": "tracker", "events": 4, "headcount": 1000, "headcount_known": 3}
    ]
    assert "postings_distinct" not in doc["tables"]  # scalar metrics have no table
    assert report.files == {"html": out / "index.html", "md": out / "report.md", "json": out / "report.json"}


def test_html_is_self_contained(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_report(filled, tmp_path)
    html = _read(tmp_path / "index.html")
    assert "<style>" in html and "<svg" in html
    assert not re.search(r"<(script|link|img)\b[^>]*(src|href)=\"https?://", html)
    assert "cdn" not in html.lower()
    assert SYNTHETIC_BANNER not in html
    assert 'id="method"' in html
    # each figure names its source, period and n
    assert "Source: board (8 rows) · 2024-01 to 2024-02 · n = 8" in html


def test_synthetic_rows_mark_every_output(
    con: duckdb.DuckDBPyConnection,
    make_synthetic: Callable[[duckdb.DuckDBPyConnection], None],
    tmp_path: Path,
) -> None:
    make_synthetic(con)  # postings synthetic, layoffs real: one synthetic row is enough
    report = build_report(con, tmp_path)
    assert report.synthetic is True
    html = _read(tmp_path / "index.html")
    body = html[html.index("<body>") :]
    assert body.index(SYNTHETIC_BANNER) < body.index("<h1>")
    assert _read(tmp_path / "report.md").splitlines()[0] == f"**{SYNTHETIC_BANNER}**"
    assert json.loads(_read(tmp_path / "report.json"))["synthetic"] is True
    lines = headline_lines(report)
    assert SYNTHETIC_BANNER in lines[0]
    assert all("synthetic" in line.lower() for line in lines)
    for chart_id in CHARTS:
        assert SYNTHETIC_BANNER in _read(tmp_path / "charts" / f"{chart_id}.svg"), chart_id


def test_empty_database_says_no_data(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = build_report(con, tmp_path)
    assert report.synthetic is False
    html, md = _read(tmp_path / "index.html"), _read(tmp_path / "report.md")
    assert "no data" in html and "no data" in md
    doc = json.loads(_read(tmp_path / "report.json"))
    assert all(m["n"] == 0 and m["sources"] == [] and m["period"] == "" for m in doc["metrics"])
    for chart_id in CHARTS:
        assert "no data" in _read(tmp_path / "charts" / f"{chart_id}.svg")
    lines = headline_lines(report)
    assert lines and all(line.endswith("no data") for line in lines)


def test_headline_lines_carry_interval_n_period_source(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = headline_lines(build_report(filled, tmp_path, formats=("json",)))
    llm = next(line for line in lines if line.startswith("Postings that mention LLMs"))
    assert "37.5%" in llm and "95% CI" in llm and "n=8" in llm and "2024-01 to 2024-02" in llm
    assert "source: board (8 rows)" in llm
    assert not any("SYNTHETIC" in line for line in lines)


def test_formats_subset_and_unknown_format(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = build_report(filled, tmp_path / "j", formats=("json",))
    assert set(report.files) == {"json"}
    assert not (tmp_path / "j" / "index.html").exists()
    with pytest.raises(ConfigError, match="unknown format"):
        build_report(filled, tmp_path / "x", formats=("pdf",))
