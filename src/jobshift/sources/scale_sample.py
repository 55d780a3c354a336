"""Scale samples: N postings made by resampling the real postings, for benchmarks and memory tests.

`jobshift sample --scale 10M --from-real` reads every postings dataset in the shared data folder that
has posting text, through the same mappings and normalisers as `jobshift import` (so the pool holds
exactly the rows an import would store), and draws N postings from that pool with replacement.  Only
the pool (tens of thousands of real rows) is held in memory; the N output rows are produced one at a
time, from a generator whose i-th row depends only on (seed, i), and written in chunks:

* `--out DIR`: Parquet files of `chunk_size` rows (`part-00000.parquet`, ...) plus `manifest.json`;
* `--db DB`: ingested through the normal pipeline (enrichment, dedup, company classes), one ingest =
  one transaction per shard of `shard_size` rows; the run log's cursor records how far it got, so an
  interrupted 10M run resumes at the next shard.

Each resampled posting differs from its origin, so a benchmark measures enrichment and dedup rather than
an exact-duplicate cache:

* a fresh posting_id (`resampled_real:<9-digit index>`) and no URL (the ad is not at the origin's URL);
* `posted_at` drawn uniformly over 2022-01-01 .. 2026-06-30 (the range the real sets cover densely);
* with probability 0.25 the company is swapped for another pool posting's company (its name in the text
  too), with 0.25 the location is swapped, with 0.2 a stated salary is scaled by 0.9-1.1;
* with probability 0.3 one sentence (of at least three) is dropped, with 0.2 two neighbouring sentences
  are swapped; otherwise the text is the origin's (real reposts are exact copies too).

Honesty: these rows are not observations.  The source is `resampled_real` and every row is flagged
`synthetic` (the same flag as the generated sample), so metrics say so and a later import of real data
removes them; `raw_records` keeps, instead of a payload, the recipe (origin posting, seed, index,
variations) that regenerates the row from the real data.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from jobshift.errors import JobshiftError, RowError
from jobshift.fields import POSTING_FIELDS
from jobshift.sources.base import RawRecord
from jobshift.sources.file_import import sources_for_path
from jobshift.sources.mapping import available_mappings, load_mapping

__all__ = [
    "SOURCE",
    "PoolRow",
    "ResampledSource",
    "load_pool",
    "parse_scale",
    "resample",
    "write_parquet",
]

SOURCE = "resampled_real"
DATE_FROM = datetime(2022, 1, 1)
DATE_TO = datetime(2026, 6, 30)
P_COMPANY, P_LOCATION, P_SALARY, P_DROP, P_SWAP = 0.25, 0.25, 0.2, 0.3, 0.2
_SCALE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_SPAN_SECONDS = int((DATE_TO - DATE_FROM).total_seconds())


def parse_scale(text: str) -> int:
    """'100k' -> 100000, '1M' -> 1000000, '2.5m' -> 2500000, '1234' -> 1234; ValueError otherwise."""
    match = _SCALE.match(text.replace("_", "").replace(",", ""))
    if not match:
        raise ValueError(f"not a size: {text!r} (use e.g. 100k, 1M, 10M or a plain number)")
    number, unit = float(match.group(1)), match.group(2).lower()
    value = number * {"": 1, "k": 1_000, "m": 1_000_000}[unit]
    if value < 1 or value != int(value):
        raise ValueError(f"not a whole, positive number of postings: {text!r}")
    return int(value)


@dataclass(frozen=True, slots=True)
class PoolRow:
    """One real posting as an import would store it (normalised), with where it came from."""

    origin: str  # "<source>:<source_id>"
    row: dict[str, Any]


def load_pool(data_root: Path) -> list[PoolRow]:
    """Every real posting with text, from each packaged postings mapping whose dataset is in `data_root`.

    Rows a normaliser rejects are skipped (as an import would); the pool is sorted by origin, so it does
    not depend on file listing order."""
    pool: list[PoolRow] = []
    for name in available_mappings():
        folder = data_root / name
        if not folder.is_dir():
            continue
        mapping = load_mapping(name)
        parts = [p for p in mapping.parts if p.target == "postings" and not p.synthetic]
        if not parts:
            continue
        for source in sources_for_path(folder, mapping):
            if source.target != "postings" or source.synthetic:
                continue
            seen: set[str] = set()
            for raw in source.fetch():
                try:
                    row = source.normalise(raw)
                except RowError:
                    continue
                key = str(row.get("source_id") or "")
                if not key or key in seen or not (row.get("description") or "").strip():
                    continue
                seen.add(key)
                clean = {k: v for k, v in row.items() if k in POSTING_FIELDS}
                pool.append(PoolRow(origin=f"{source.name}:{key}", row=clean))
    if not pool:
        raise JobshiftError(f"{data_root}: no real postings with text found (expected the shared data folder)")
    pool.sort(key=lambda p: p.origin)
    return pool


@dataclass(slots=True)
class Resampled:
    """One resampled posting: its row and the recipe that made it."""

    row: dict[str, Any]
    recipe: dict[str, Any] = field(default_factory=dict)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s]


def make_row(pool: list[PoolRow], seed: int, index: int) -> Resampled:
    """The `index`-th resampled posting for `seed` (depends on nothing else: shards are independent)."""
    rng = random.Random(seed * 1_000_000_007 + index)
    base = pool[rng.randrange(len(pool))]
    row = dict(base.row)
    changes: list[str] = []
    row["source_id"] = f"{index:09d}"
    row["url"] = None
    row["closed_at"] = None
    row["posted_at"] = DATE_FROM + timedelta(seconds=rng.randrange(_SPAN_SECONDS))
    text = str(row.get("description") or "")
    if rng.random() < P_COMPANY:
        other = pool[rng.randrange(len(pool))].row.get("company")
        old = row.get("company")
        if other and other != old:
            if old and len(str(old)) >= 3:
                text = text.replace(str(old), str(other))
            row["company"] = other
            changes.append("company")
    if rng.random() < P_LOCATION:
        other_location = pool[rng.randrange(len(pool))].row.get("location")
        if other_location and other_location != row.get("location"):
            row["location"] = other_location
            changes.append("location")
    if rng.random() < P_SALARY and (row.get("salary_min") or row.get("salary_max")):
        factor = rng.uniform(0.9, 1.1)
        for key in ("salary_min", "salary_max"):
            if row.get(key):
                row[key] = round(float(row[key]) * factor, -2 if float(row[key]) >= 1000 else 0)
        changes.append("salary")
    sentences = _sentences(text)
    if len(sentences) >= 3 and rng.random() < P_DROP:
        del sentences[rng.randrange(len(sentences))]
        text = " ".join(sentences)
        changes.append("drop_sentence")
    if len(sentences) >= 3 and rng.random() < P_SWAP:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        text = " ".join(sentences)
        changes.append("swap_sentences")
    row["description"] = text
    return Resampled(row=row, recipe={"from": base.origin, "seed": seed, "index": index, "changes": changes})


def resample(pool: list[PoolRow], n: int, *, seed: int = 2026, start: int = 0) -> Iterator[Resampled]:
    """Rows start .. n-1, one at a time."""
    for index in range(start, n):
        yield make_row(pool, seed, index)


def write_parquet(pool: list[PoolRow], n: int, out: Path, *, seed: int = 2026,
                  chunk_size: int = 100_000) -> list[Path]:
    """Write n rows as Parquet parts of at most `chunk_size` rows (at most one chunk in memory) plus a
    manifest; parts already written for the same seed and size are kept (a rerun resumes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    types: dict[str, pa.DataType] = {"str": pa.string(), "float": pa.float64(), "bool": pa.bool_(),
                                     "timestamp": pa.timestamp("us"), "int": pa.int64()}
    schema = pa.schema([(name, types[kind]) for name, kind in POSTING_FIELDS.items()]
                       + [("resampled_from", pa.string()), ("changes", pa.string())])
    manifest = {"source": SOURCE, "synthetic": True, "seed": seed, "rows": n, "chunk_size": chunk_size,
                "pool_rows": len(pool), "note": "resampled from the real postings; not observations"}
    manifest_path = out / "manifest.json"
    resume = manifest_path.exists() and json.loads(manifest_path.read_text(encoding="utf-8")) == manifest
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    written: list[Path] = []
    for part, start in enumerate(range(0, n, chunk_size)):
        path = out / f"part-{part:05d}.parquet"
        written.append(path)
        if resume and path.exists():
            continue
        chunk = [make_row(pool, seed, i) for i in range(start, min(n, start + chunk_size))]
        columns: dict[str, list[Any]] = {name: [r.row.get(name) for r in chunk] for name in POSTING_FIELDS}
        columns["resampled_from"] = [r.recipe["from"] for r in chunk]
        columns["changes"] = [",".join(r.recipe["changes"]) for r in chunk]
        tmp = path.with_suffix(".parquet.tmp")
        pq.write_table(pa.table(columns, schema=schema), tmp)
        tmp.replace(path)
    return written


class ResampledSource:
    """A pipeline source yielding rows start .. stop-1 of a resampled set (one shard = one ingest)."""

    def __init__(self, pool: list[PoolRow], *, seed: int, total: int, start: int, stop: int) -> None:
        self.pool = pool
        self.seed = seed
        self.total = total
        self.start = start
        self.stop = stop

    @property
    def name(self) -> str:
        return SOURCE

    @property
    def target(self) -> str:
        return "postings"

    @property
    def synthetic(self) -> bool:
        return True

    @property
    def origin(self) -> str:
        return f"resampled from the real postings (seed {self.seed}, {self.total:,} rows)"

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        for item in resample(self.pool, self.stop, seed=self.seed, start=self.start):
            key = item.row["source_id"]
            yield RawRecord(source_key=key, location=f"{SOURCE}#{item.recipe['index']}", payload=item.recipe,
                            context={"row": item.row})

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        row: dict[str, Any] = dict(raw.context["row"])
        return row

    def cursor(self) -> str | None:
        return shard_cursor(self.seed, self.total, self.stop)


def shard_cursor(seed: int, total: int, done: int) -> str:
    """The cursor a finished shard leaves: seed, target size and rows done so far."""
    return f"seed={seed};total={total};done={done}"


def resume_point(cursor: str | None, seed: int, total: int) -> int:
    """Rows already ingested by an earlier run with the same seed (0 when none or another seed).

    Row i depends only on (seed, i), so a 1M set grown to 10M keeps its first million rows."""
    if not cursor:
        return 0
    fields = dict(part.split("=", 1) for part in cursor.split(";") if "=" in part)
    if fields.get("seed") != str(seed):
        return 0
    return min(int(fields.get("done", "0")), total)


def configure_duckdb(con: Any, *, memory_limit: str | None = None, temp_dir: Path | None = None,
                     threads: int | None = None) -> None:
    """Bound DuckDB's memory for a large load: a memory limit (default: DuckDB's 80% of RAM), a folder to
    spill to, and insertion order not preserved (lets large inserts and aggregates stream)."""
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'").fetchall()
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{temp_dir}'").fetchall()
    if threads:
        con.execute(f"SET threads = {int(threads)}").fetchall()
    con.execute("SET preserve_insertion_order = false").fetchall()


def ingest_resampled(con: Any, pool: list[PoolRow], total: int, *, seed: int = 2026, shard_size: int = 250_000,
                     progress: Any = None, on_shard: Any = None, workers: int = 1) -> list[Any]:
    """Ingest rows 0 .. total-1 through the pipeline, one transaction per shard; resume after the last
    shard an earlier run with this seed finished.  `on_shard(result)` is called after each shard; `workers`
    processes enrich (`jobshift.enrich_workers`)."""
    from jobshift.pipeline import IngestResult, ingest, mark_stale_runs

    mark_stale_runs(con)
    results: list[IngestResult] = []
    # The furthest any finished shard of this seed got (not the latest run's cursor: two shards can finish
    # within one clock tick, and a smaller target run later must not rewind a larger one).
    cursors = con.execute("SELECT cursor FROM ingest_runs WHERE source = ? AND status = 'ok' AND cursor IS NOT NULL",
                          [SOURCE]).fetchall()
    start = max((resume_point(str(c), seed, total) for (c,) in cursors), default=0)
    while start < total:
        stop = min(total, start + shard_size)
        source = ResampledSource(pool, seed=seed, total=total, start=start, stop=stop)
        result = ingest(con, source, progress=progress, total=stop - start, workers=workers)
        results.append(result)
        if on_shard is not None:
            on_shard(result)
        start = stop
    return results
