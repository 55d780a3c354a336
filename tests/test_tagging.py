"""`jobshift enrich`: your own file in, one JSONL line out per record, fields kept, enrichment added."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jobshift.cli import app

runner = CliRunner()


def test_enrich_postings_csv_keeps_order_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        "ref,title,description,salary_text\n"
        'a,Senior ML Engineer,"You will fine-tune LLMs in Python and deploy them on Kubernetes.",$150k-$200k\n'
        "b,Barista,Make coffee for our guests.,$18/hr\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["enrich", "postings", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["ref"] for r in rows] == ["a", "b"]
    first, second = rows
    assert {"python", "kubernetes"} <= {s["id"] for s in first["skills"]}
    skill = next(s for s in first["skills"] if s["id"] == "python")
    assert first["description"][skill["span"][0]:skill["span"][1]].lower() == "python"
    assert first["mentions_llm"] is True and first["ai_skill_required"] is True
    assert first["role_family"] == "ai_engineer" and first["seniority"] == "senior"
    assert (first["salary_min_usd"], first["salary_max_usd"]) == (150000.0, 200000.0)
    assert second["mentions_llm"] is False and second["salary_min_usd"] == 18 * 2080
    assert (first["occupation_code"], first["occupation_method"]) == ("15-1252.00", "rule")  # no --db: rules only


def test_enrich_layoffs_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "texts.jsonl"
    path.write_text(json.dumps({"text": "Initech will cut about 1,100 jobs as it replaces support staff with AI"})
                    + "\n" + json.dumps({"text": "Hooli plans to hire 500 AI engineers"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["enrich", "layoffs", str(path)])
    assert result.exit_code == 0, result.output
    cut, hire = [json.loads(line) for line in result.stdout.splitlines()]  # stderr holds the occupation note
    assert (cut["is_layoff"], cut["reason"], cut["headcount"]) == (True, "ai_explicit", 1100)
    assert cut["reason_evidence"]
    assert hire["is_layoff"] is False


def test_enrich_missing_columns_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name\nx\n", encoding="utf-8")
    result = runner.invoke(app, ["enrich", "postings", str(path)])
    assert result.exit_code == 1 and "missing columns title, description" in result.output
