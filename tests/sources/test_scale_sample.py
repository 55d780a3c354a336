"""Resampled scale samples (jobshift.sources.scale_sample): sizes, determinism, variation, chunked streaming,
sharded resumable ingest."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobshift.sources import scale_sample
from jobshift.sources.scale_sample import (
    DATE_FROM,
    DATE_TO,
    SOURCE,
    PoolRow,
    ingest_resampled,
    make_row,
    parse_scale,
    resample,
    resume_point,
    write_parquet,
)

SENTENCES = ("We build payment APIs in Go. You will own services end to end. Acme offers equity and remote "
             "work. The team ships every day. We value careful code review and testing.")


def pool(size: int = 12) -> list[PoolRow]:
    return [
        PoolRow(origin=f"board:{i}", row={
            "source_id": str(i), "company": f"Company{i % 4}", "title": ["Backend Engineer", "ML Engineer"][i % 2],
            "description": SENTENCES.replace("Acme", f"Company{i % 4}") + f" Posting number {i} of the pool.",
            "location": ["Berlin", "Remote", "New York"][i % 3], "salary_min": 50_000.0 + i, "salary_max": None,
            "salary_currency": "USD", "url": f"https://example.com/{i}",
        })
        for i in range(size)
    ]


@given(st.integers(min_value=1, max_value=10**9))
def test_plain_numbers_parse(n: int) -> None:
    assert parse_scale(str(n)) == n
    assert parse_scale(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=10_000), st.sampled_from(["k", "K", "m", "M"]))
def test_units_parse(n: int, unit: str) -> None:
    assert parse_scale(f"{n}{unit}") == n * (1_000 if unit in "kK" else 1_000_000)


@pytest.mark.parametrize("text", ["", "0", "-5", "1.5", "ten", "1G", "1e6", "0.0001k"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_scale(text)


def test_named_sizes() -> None:
    assert [parse_scale(s) for s in ("100k", "1M", "10M", "2.5M")] == [100_000, 1_000_000, 10_000_000, 2_500_000]


def test_rows_depend_only_on_seed_and_index() -> None:
    rows = pool()
    assert make_row(rows, 7, 123).row == make_row(rows, 7, 123).row
    assert [r.row for r in resample(rows, 40, seed=7, start=30)] == [make_row(rows, 7, i).row for i in range(30, 40)]
    assert [make_row(rows, 7, i).row for i in range(20)] != [make_row(rows, 8, i).row for i in range(20)]


def test_rows_get_fresh_ids_dates_in_range_no_url_and_a_recipe() -> None:
    rows = pool()
    made = list(resample(rows, 300, seed=1))
    assert [m.row["source_id"] for m in made] == [f"{i:09d}" for i in range(300)]
    assert all(DATE_FROM <= m.row["posted_at"] <= DATE_TO for m in made)
    assert all(m.row["url"] is None for m in made)
    origins = {p.origin for p in rows}
    assert all(m.recipe["from"] in origins and m.recipe["seed"] == 1 for m in made)
    months = {(m.row["posted_at"].year, m.row["posted_at"].month) for m in made}
    assert len(months) > 20  # spread over the range, not one date


def test_variation_is_light_but_present() -> None:
    rows = pool()
    by_origin = {p.origin: p.row for p in rows}
    made = list(resample(rows, 400, seed=3))
    changes = {c for m in made for c in m.recipe["changes"]}
    assert {"company", "location", "drop_sentence", "swap_sentences"} <= changes
    unchanged = [m for m in made if not m.recipe["changes"]]
    assert unchanged and all(m.row["description"] == by_origin[m.recipe["from"]]["description"] for m in unchanged)
    for m in made:
        origin = by_origin[m.recipe["from"]]
        if "drop_sentence" in m.recipe["changes"]:
            assert len(m.row["description"]) < len(origin["description"])
        if "company" in m.recipe["changes"]:
            assert m.row["company"] != origin["company"] and origin["company"] not in m.row["description"]
        if "salary" not in m.recipe["changes"]:
            assert m.row["salary_min"] == origin["salary_min"]


@pytest.mark.parametrize(("n", "chunk"), [(25, 10), (30, 10), (7, 100), (1, 1)])
def test_parquet_is_written_in_chunks_never_holding_more_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int, chunk: int) -> None:
    made: list[int] = []
    written: list[tuple[int, int]] = []  # (rows in the table, rows made so far) at each write
    real_make, real_write = scale_sample.make_row, pq.write_table

    def counting_make(p: list[PoolRow], seed: int, index: int) -> Any:
        made.append(index)
        return real_make(p, seed, index)

    def recording_write(table: Any, where: Any, **kw: Any) -> None:
        written.append((table.num_rows, len(made)))
        real_write(table, where, **kw)

    monkeypatch.setattr(scale_sample, "make_row", counting_make)
    monkeypatch.setattr(pq, "write_table", recording_write)
    parts = write_parquet(pool(), n, tmp_path, seed=5, chunk_size=chunk)
    assert len(parts) == math.ceil(n / chunk)
    assert [rows for rows, _ in written] == [min(chunk, n - i) for i in range(0, n, chunk)]
    # Rows are made just before the chunk they belong to is written: never more than one chunk pending.
    assert all(made_so_far - sum(r for r, _ in written[:k]) <= chunk for k, (_, made_so_far) in enumerate(written))
    table = pq.read_table([str(p) for p in parts])
    assert table.num_rows == n and sorted(table.column("source_id").to_pylist()) == [f"{i:09d}" for i in range(n)]
    # A rerun with the same seed and size keeps the parts it finds.
    written.clear()
    write_parquet(pool(), n, tmp_path, seed=5, chunk_size=chunk)
    assert written == []


def test_resume_point_reads_the_cursor() -> None:
    assert resume_point(None, 1, 100) == 0
    assert resume_point(scale_sample.shard_cursor(1, 50, 50), 1, 100) == 50
    assert resume_point(scale_sample.shard_cursor(1, 50, 50), 2, 100) == 0
    assert resume_point(scale_sample.shard_cursor(1, 500, 500), 1, 100) == 100


def test_ingest_is_sharded_resumable_and_flagged_synthetic(con: duckdb.DuckDBPyConnection) -> None:
    rows = pool()
    first = ingest_resampled(con, rows, 25, seed=9, shard_size=10)
    assert [r.counts.new for r in first] == [10, 10, 5]
    # Growing the same seed to 45 ingests only the missing rows, in shards.
    more = ingest_resampled(con, rows, 45, seed=9, shard_size=10)
    assert [r.counts.new for r in more] == [10, 10]
    assert ingest_resampled(con, rows, 45, seed=9, shard_size=10) == []
    stored = con.execute("SELECT count(*), bool_and(synthetic), min(source), max(source) FROM postings").fetchone()
    assert stored == (45, True, SOURCE, SOURCE)
    # Duplicates were grouped incrementally (new ids sort after old ones).
    assert all(r.dedup is not None and r.dedup.incremental for r in first[1:] + more)
    raw = con.execute("SELECT payload FROM raw_records WHERE source = ? LIMIT 1", [SOURCE]).fetchone()
    assert raw is not None and '"from"' in raw[0] and "Posting number" not in raw[0]  # the recipe, not the text
    dated = con.execute("SELECT min(posted_at), max(posted_at) FROM postings").fetchone()
    assert dated is not None and datetime(2022, 1, 1) <= dated[0] <= dated[1] <= datetime(2026, 6, 30)


@pytest.mark.slow
def test_pool_reads_every_real_postings_dataset_with_text(shared_data: Path) -> None:
    real = scale_sample.load_pool(shared_data)
    sources = {p.origin.split(":")[0] for p in real}
    assert {"hn_whoishiring", "linkedin"} <= sources and len(sources) >= 3
    assert all((p.row.get("description") or "").strip() for p in real)
    assert len({p.origin for p in real}) == len(real)
    assert [p.origin for p in real] == sorted(p.origin for p in real)


def fake_data(root: Path) -> Path:
    """A data folder with one small postings set under a packaged mapping's name (made-up rows)."""
    folder = root / "linkedin_postings_sample_koriralex"
    folder.mkdir(parents=True)
    lines = ["job_id,company_name,title,description,location"]
    for i in range(6):
        lines.append(f'{i},Company{i},Data Engineer,"{SENTENCES} Posting {i}.",Berlin')
    (folder / "postings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def flat(text: str) -> str:
    return " ".join(text.split())


def test_cli_writes_parquet_and_ingests_resumably(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jobshift.cli import app

    data = fake_data(tmp_path / "data")
    runner = CliRunner()
    out = runner.invoke(app, ["sample", "--scale", "25", "--from-real", "--data", str(data),
                              "--out", str(tmp_path / "pq")])
    assert out.exit_code == 0, out.output
    assert pq.read_table([str(p) for p in sorted((tmp_path / "pq").glob("*.parquet"))]).num_rows == 25
    db = tmp_path / "s.duckdb"
    args = ["sample", "--scale", "12", "--from-real", "--data", str(data), "--db", str(db), "--shard-size", "5"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "already holds all 12" in flat(again.output)
    with duckdb.connect(str(db), read_only=True) as check:
        assert check.execute("SELECT count(*), bool_and(synthetic) FROM postings").fetchone() == (12, True)
        assert check.execute("SELECT count(*) FROM ingest_runs WHERE source = ? AND status = 'ok'",
                             [SOURCE]).fetchone() == (3,)
    both = runner.invoke(app, ["sample", "--scale", "5", "--from-real", "--data", str(data)])
    assert both.exit_code != 0 and "exactly one of --out" in flat(both.output)
    bad = runner.invoke(app, ["sample", "--scale", "lots", "--from-real", "--data", str(data), "--out", "x"])
    assert bad.exit_code != 0 and "not a size" in flat(bad.output)
