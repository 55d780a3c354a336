"""Duplicate postings grouped inside each postings ingest (jobshift.dedup): exact and near copies."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from jobshift.pipeline import ingest
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import parse_mapping

MAPPING = {
    "target": "postings", "source": "board", "files": "*.csv", "id": "id",
    "fields": {
        "title": {"column": "title", "required": True},
        "company": "company",
        "description": "text",
        "posted_at": {"column": "posted", "formats": ["%Y-%m-%d"]},
    },
}
BODY = (
    "We are hiring a backend engineer to build the payments platform. You will design APIs in Go, run "
    "PostgreSQL at scale, own on-call for the services you ship, and work with product on the roadmap. "
    "We offer a competitive salary, equity, remote work within Europe and a yearly learning budget."
)
OTHER = (
    "Our design studio needs a product designer to shape the checkout experience. You will run user "
    "research, prototype in Figma, and pair with engineers on every release, from first sketch to the "
    "final pixel, with a generous budget for conferences and courses."
)
ROWS = [
    # id, title, company, text, posted
    ("1", "Backend Engineer", "Acme", BODY + " Apply: https://acme.example/jobs/1", "2026-01-05"),
    ("2", "Backend Engineer", "Acme", BODY + " Apply: https://acme.example/jobs/2", "2026-02-03"),  # exact repost
    ("3", "Backend Engineer (Payments)", "Acme", BODY.replace("a yearly learning budget", "a yearly training budget")
     + " Apply: https://acme.example/jobs/3", "2026-03-01"),  # near copy: one word edited
    ("4", "Product Designer", "Acme", OTHER, "2026-01-10"),  # a different job
    ("5", "Data Scientist", "Beta", "Python and SQL.", "2026-01-11"),  # too short to judge
    ("6", "Data Scientist", "Gamma", "Python and SQL.", "2026-01-12"),
    ("7", "Site Reliability Engineer", "Acme", BODY + " Apply: https://acme.example/jobs/7", "2025-12-20"),
]


def write(folder: Path, rows: list[tuple[str, ...]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "jobs.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "title", "company", "text", "posted"])
        out.writerows(rows)
    return folder


def run(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    for source in sources_for_path(folder, parse_mapping(MAPPING, "t")):
        ingest(con, source)


def marks(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    rows = con.execute("SELECT source_id, duplicate_of, duplicate_method FROM postings").fetchall()
    return {sid: (dup, method) for sid, dup, method in rows}


def test_exact_and_near_copies_point_at_the_earliest_posting(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    run(con, write(tmp_path / "d", ROWS[:6]))
    got = marks(con)
    assert got["1"] == (None, None)  # the earliest posting is the job
    assert got["2"] == ("board:1", "exact")
    assert got["3"][0] == "board:1" and got["3"][1] == "near"
    assert got["4"] == (None, None)
    assert got["5"] == got["6"] == (None, None)  # short texts are never merged
    score = con.execute("SELECT duplicate_score FROM postings WHERE source_id = '3'").fetchone()
    assert score is not None and 0.8 <= score[0] < 1.0
    assert con.execute("SELECT count(*) FROM distinct_postings").fetchone() == (4,)
    assert con.execute("SELECT copies FROM distinct_postings WHERE source_id = '1'").fetchone() == (3,)


def test_same_text_under_another_title_is_another_job(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    run(con, write(tmp_path / "d", [ROWS[0], ROWS[6]]))
    assert marks(con) == {"1": (None, None), "7": (None, None)}


def test_rerun_is_stable_and_an_earlier_copy_takes_over(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = write(tmp_path / "d", ROWS[:4])
    run(con, folder)
    before = marks(con)
    signed = con.execute("SELECT count(*) FROM posting_minhash").fetchone()
    run(con, folder)
    assert marks(con) == before
    assert con.execute("SELECT count(*) FROM posting_minhash").fetchone() == signed
    # A copy dated before the current head arrives: it becomes the job the others point at.
    earlier = ("0", "Backend Engineer", "Acme", BODY + " Apply: https://acme.example/jobs/0", "2025-11-30")
    run(con, write(tmp_path / "d", [earlier, *ROWS[:4]]))
    got = marks(con)
    assert got["0"] == (None, None)
    assert got["1"] == ("board:0", "exact") and got["2"] == ("board:0", "exact")


def test_edited_copy_is_re_signed_and_released(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    run(con, write(tmp_path / "d", ROWS[:2]))
    assert marks(con)["2"] == ("board:1", "exact")
    edited = ("2", "Backend Engineer", "Acme", OTHER + " " + OTHER, "2026-02-03")
    run(con, write(tmp_path / "d", [ROWS[0], edited]))
    assert marks(con)["2"] == (None, None)
    hashes = con.execute(
        "SELECT m.text_hash = p.text_hash FROM posting_minhash m JOIN postings p USING (posting_id)"
    ).fetchall()
    assert hashes and all(ok for (ok,) in hashes)
