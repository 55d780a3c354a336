"""The pipeline: idempotent re-import, updates, rejects, and all-or-nothing per source."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from jobshift.errors import InputFileError
from jobshift.importing import import_path
from jobshift.pipeline import ingest, mark_stale_runs
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import parse_mapping

POSTINGS_MAPPING = {
    "target": "postings", "source": "board", "files": "*.csv", "id": "id",
    "fields": {
        "title": {"column": "title", "required": True},
        "company": "company",
        "description": "text",
        "salary_text": "pay",
        "posted_at": {"column": "posted", "formats": ["%Y-%m-%d"]},
    },
}
HEADER = "id,title,company,text,pay,posted\n"
ROWS = [
    '1,Senior ML Engineer,Acme AI,"We need experience with LLMs, Python and Kubernetes.","$150k-$200k",2026-01-05\n',
    "2,Backend Developer,Beta Corp,Go and PostgreSQL services.,,2026-01-06\n",
    "3,Support Agent,Gamma Inc,Help customers by phone.,$20/hr,2026-02-01\n",
]


def write(folder: Path, rows: list[str], name: str = "jobs.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def run_import(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[int, int, int, int, int]:
    [result] = [ingest(con, s) for s in sources_for_path(folder, parse_mapping(POSTINGS_MAPPING, "t"))]
    c = result.counts
    return c.fetched, c.new, c.updated, c.unchanged, c.rejected


def test_import_stores_enriched_rows(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    assert run_import(con, write(tmp_path / "d", ROWS).parent) == (3, 3, 0, 0, 0)
    row = con.execute("SELECT posting_id, company_id, salary_min_usd, salary_max_usd, mentions_llm "
                      "FROM postings WHERE source_id = '1'").fetchone()
    assert row == ("board:1", "acme-ai", 150000.0, 200000.0, True)
    skills = {r[0] for r in con.execute("SELECT skill_id FROM posting_skills WHERE posting_id = 'board:1'").fetchall()}
    assert {"python", "kubernetes"} <= skills
    assert con.execute("SELECT count(*) FROM raw_records").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM companies").fetchone() == (3,)


def test_reimport_changes_nothing_but_last_seen(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = write(tmp_path / "d", ROWS).parent
    run_import(con, folder)
    before = con.execute("SELECT posting_id, first_seen, last_seen, content_hash FROM postings ORDER BY 1").fetchall()
    assert run_import(con, folder) == (3, 0, 0, 3, 0)
    after = con.execute("SELECT posting_id, first_seen, last_seen, content_hash FROM postings ORDER BY 1").fetchall()
    assert [(a[0], a[1], a[3]) for a in after] == [(b[0], b[1], b[3]) for b in before]
    assert all(a[2] >= b[2] for a, b in zip(after, before, strict=True))
    for table in ("postings", "raw_records", "posting_skills", "companies"):
        counts = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert counts is not None and counts[0] >= 3, table
    assert con.execute("SELECT count(*) FROM raw_records").fetchone() == (3,)


def test_changed_record_is_updated_in_place(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = write(tmp_path / "d", ROWS).parent
    run_import(con, folder)
    changed = [ROWS[0], ROWS[1].replace("Backend Developer", "Staff Backend Developer"), ROWS[2]]
    write(folder, changed)
    assert run_import(con, folder) == (3, 0, 1, 2, 0)
    assert con.execute("SELECT title, seniority FROM postings WHERE source_id = '2'").fetchone() == (
        "Staff Backend Developer", "staff")
    assert con.execute("SELECT count(*) FROM postings").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM raw_records").fetchone() == (4,)


def test_bad_rows_go_to_rejects_and_the_import_goes_on(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rows = [*ROWS, "4,,NoTitle Inc,x,,2026-01-01\n", "5,Analyst,Delta,x,,01/02/2026\n"]
    path = write(tmp_path / "d", rows)
    assert run_import(con, path.parent) == (5, 3, 0, 0, 2)
    rejects = con.execute("SELECT location, field, reason FROM rejects ORDER BY location").fetchall()
    assert rejects == [
        (f"{path}:5", "title", "title: required, but title is empty"),
        (f"{path}:6", "posted_at", "posted_at: expected a date/time as %Y-%m-%d, got '01/02/2026'"),
    ]
    raw = con.execute("SELECT raw FROM rejects WHERE field = 'title'").fetchone()
    assert raw is not None and "NoTitle Inc" in raw[0]


def test_file_error_rolls_back_the_whole_source(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = write(tmp_path / "d", ROWS).parent
    run_import(con, folder)
    before = con.execute("SELECT * FROM postings ORDER BY posting_id").fetchall()
    good = "".join(f"{i},Engineer {i},NewCo,text,,2026-03-01\n" for i in range(10, 3000))
    (folder / "jobs.csv").write_bytes((HEADER + good).encode() + b"9999,Ing\xe9nieur,X,y,,2026-03-01\n")
    with pytest.raises(InputFileError, match=r"jobs\.csv: line 2992: not valid utf-8"):
        run_import(con, folder)
    assert con.execute("SELECT * FROM postings ORDER BY posting_id").fetchall() == before
    status = con.execute("SELECT status, message FROM ingest_runs ORDER BY started_at DESC, status LIMIT 1").fetchone()
    assert status is not None and status[0] == "failed" and "jobs.csv" in status[1]


def test_import_path_with_packaged_mapping_and_reference_table(con: duckdb.DuckDBPyConnection,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "occ_level.csv"
    path.write_text("O*NET-SOC Code,Title,dv_rating_alpha,dv_rating_beta,dv_rating_gamma,human_rating_alpha,"
                    "human_rating_beta,human_rating_gamma\n11-1011.00,Chief Executives,0.1,0.46,0.82,0.18,0.35,0.52\n",
                    encoding="utf-8")
    [result] = import_path(con, path, "gpts_are_gpts_exposure")
    assert (result.status, result.counts.new) == ("ok", 1)
    [again] = import_path(con, path, "gpts_are_gpts_exposure")
    assert again.counts.new == 0
    assert con.execute("SELECT soc_code, dv_rating_beta FROM occupation_exposure").fetchall() == [("11-1011.00", 0.46)]


def test_stale_running_rows_become_interrupted(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO ingest_runs (run_id, source, started_at, status) VALUES ('r', 's', now(), 'running')")
    assert mark_stale_runs(con) == 1
    assert con.execute("SELECT status FROM ingest_runs").fetchone() == ("interrupted",)


def test_a_key_repeated_in_one_run_is_one_row_last_wins(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    write(folder, [ROWS[0]], name="a_first.csv")
    write(folder, [ROWS[0].replace("Senior ML Engineer", "Principal ML Engineer"), ROWS[1]], name="b_later.csv")
    [first] = [ingest(con, s, batch_size=1) for s in sources_for_path(folder, parse_mapping(POSTINGS_MAPPING, "t"))]
    assert (first.counts.fetched, first.counts.new, first.counts.duplicates) == (3, 2, 1)
    assert con.execute("SELECT title FROM postings WHERE source_id = '1'").fetchall() == [("Principal ML Engineer",)]
    [again] = [ingest(con, s, batch_size=1) for s in sources_for_path(folder, parse_mapping(POSTINGS_MAPPING, "t"))]
    c = again.counts
    assert (c.new, c.updated, c.unchanged, c.duplicates) == (0, 0, 2, 1)
    skills = con.execute("SELECT count(*) FROM posting_skills WHERE posting_id = 'board:1'").fetchall()
    assert skills[0][0] >= 2


def test_a_ctrl_c_swallowed_mid_import_still_stops_it_before_commit(con: duckdb.DuckDBPyConnection,
                                                                      tmp_path: Path) -> None:
    """DuckDB's client can swallow a SIGINT that lands while a statement runs; the ingest's latch remembers it."""
    import contextlib
    import signal

    run_import(con, write(tmp_path / "a", ROWS[:1]).parent)
    before = con.execute("SELECT count(*) FROM postings").fetchone()
    [source] = sources_for_path(write(tmp_path / "b", ROWS[1:]).parent, parse_mapping(POSTINGS_MAPPING, "t"))
    fetch = source.fetch

    def swallowing(cursor: object) -> object:
        for i, record in enumerate(fetch(cursor)):
            if i == 1:
                # What a swallowed Ctrl-C looks like from here: the handler ran, nothing was raised.
                with contextlib.suppress(KeyboardInterrupt):
                    signal.raise_signal(signal.SIGINT)
            yield record

    object.__setattr__(source, "fetch", swallowing)
    # Python's own handler, as in an interactive shell (a CI job started in the background ignores SIGINT, and
    # then the latch stands aside: see the next test).
    outer = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            ingest(con, source, batch_size=1)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the latch put it back
    finally:
        signal.signal(signal.SIGINT, outer)
    assert con.execute("SELECT count(*) FROM postings").fetchone() == before
    statuses = [r[0] for r in con.execute("SELECT status FROM ingest_runs ORDER BY started_at").fetchall()]
    assert statuses[-1] == "interrupted"


def test_an_ignored_sigint_stays_ignored_during_an_import(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import signal

    outer = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under nohup
    try:
        [source] = sources_for_path(write(tmp_path / "b", ROWS).parent, parse_mapping(POSTINGS_MAPPING, "t"))
        fetch = source.fetch

        def poked(cursor: object) -> object:
            for record in fetch(cursor):
                signal.raise_signal(signal.SIGINT)  # ignored: the import goes on
                yield record

        object.__setattr__(source, "fetch", poked)
        assert ingest(con, source, batch_size=1).counts.new == 3
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, outer)
