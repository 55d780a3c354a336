"""Group duplicate postings (reposts, the same ad on two sources) so metrics count distinct jobs.

Runs inside each postings ingest's transaction (`jobshift.pipeline`), after the rows are merged:

1. sign new text: every posting with a `text_hash` (>= 30 words) whose MinHash signature is missing or stale
   gets one (`posting_minhash`) and its LSH band keys (`posting_lsh`); signatures of deleted postings go;
2. candidates: postings sharing a `text_hash` (exact duplicates: each linked to its group's first posting),
   and, among one posting per distinct text, those sharing an LSH (band, bucket) key (each linked to the
   bucket's first member) - SQL joins whose size grows linearly with the postings, even when one
   description is posted thousands of times;
3. each LSH candidate pair is checked: estimated Jaccard similarity >= NEAR_DUP_THRESHOLD and, when both
   postings have titles, titles that agree (rapidfuzz token-set ratio >= TITLE_MIN), so two different jobs
   sharing a company's long boilerplate stay apart;
4. union-find gives clusters; the earliest posting of each (posted_at, else first_seen; ties: first_seen, then
   posting_id) is the job, the others get
   `duplicate_of` = its id, `duplicate_method` (exact | near) and `duplicate_score`.

Every run recomputes steps 2-4 over the whole table (a new posting can join two old clusters), and writes
only rows whose duplicate columns change.  See docs/data-model.md ("Duplicates").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz

from jobshift.enrich.near_dup import (
    BANDS,
    NEAR_DUP_THRESHOLD,
    band_keys,
    normalise_text,
    signature,
    signature_from_bytes,
    similarity,
)

__all__ = ["TITLE_MIN", "DedupSummary", "dedup_postings"]

TITLE_MIN = 80.0  # rapidfuzz token_set_ratio of the two titles, when both have one
_SIGN_BATCH = 2_000


@dataclass
class DedupSummary:
    """What one dedup pass did."""

    signed: int = 0  # postings (re)signed this pass
    exact: int = 0  # postings marked as exact copies of another
    near: int = 0  # postings marked as near copies of another
    changed: int = 0  # postings whose duplicate columns changed

    @property
    def duplicates(self) -> int:
        return self.exact + self.near


def dedup_postings(con: duckdb.DuckDBPyConnection) -> DedupSummary:
    """Bring signatures and duplicate columns up to date; call inside the caller's transaction."""
    summary = DedupSummary(signed=_sign_new_text(con))
    parent: dict[str, str] = {}
    nodes: set[str] = set()
    method: dict[str, tuple[str, float]] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(a: str, b: str) -> None:
        nodes.update((a, b))
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Exact copies: every posting joins the first posting of its text_hash group (linear, not pairwise: one
    # description posted for 4,000 locations is 3,999 links, not 8 million pairs).
    exact_pairs = con.execute(
        "SELECT posting_id, first_value(posting_id) OVER (PARTITION BY text_hash ORDER BY posting_id) "
        "FROM postings WHERE text_hash IS NOT NULL QUALIFY count(*) OVER (PARTITION BY text_hash) > 1"
    ).fetchall()
    for a, b in exact_pairs:
        if a != b:
            union(a, b)
    for a, b, score in _near_pairs(con):
        union(a, b)
        for x in (a, b):
            if score > method.get(x, ("near", 0.0))[1]:
                method[x] = ("near", score)
    if not nodes:
        return _write(con, [], summary)
    members = sorted(nodes)
    info = {
        pid: ((seen_on, first_seen), text_hash)
        for pid, seen_on, first_seen, text_hash in con.execute(
            "SELECT posting_id, coalesce(posted_at, first_seen), first_seen, text_hash FROM postings "
            "WHERE posting_id IN (SELECT unnest(?))",
            [members],
        ).fetchall()
    }
    clusters: dict[str, list[str]] = {}
    for pid in members:
        if pid in info:
            clusters.setdefault(find(pid), []).append(pid)
    rows: list[tuple[str, str | None, str | None, float | None]] = []
    for ids in clusters.values():
        ids.sort(key=lambda p: (info[p][0], p))
        head = ids[0]
        for pid in ids[1:]:
            if info[pid][1] is not None and info[pid][1] == info[head][1]:
                rows.append((pid, head, "exact", 1.0))
                summary.exact += 1
            else:
                rows.append((pid, head, "near", round(method.get(pid, ("near", NEAR_DUP_THRESHOLD))[1], 4)))
                summary.near += 1
    return _write(con, rows, summary)


def _sign_new_text(con: duckdb.DuckDBPyConnection) -> int:
    """Sign postings whose signature is missing or stale; drop signatures of postings no longer there."""
    # DuckDB needs every result consumed before the next statement on the connection: hence the fetchall()s.
    con.execute(
        "DELETE FROM posting_minhash WHERE posting_id NOT IN "
        "(SELECT posting_id FROM postings WHERE text_hash IS NOT NULL)"
    ).fetchall()
    con.execute(
        "DELETE FROM posting_minhash m USING postings p WHERE m.posting_id = p.posting_id "
        "AND m.text_hash <> p.text_hash"
    ).fetchall()
    con.execute("DELETE FROM posting_lsh WHERE posting_id NOT IN (SELECT posting_id FROM posting_minhash)").fetchall()
    todo = [
        row[0]
        for row in con.execute(
            "SELECT posting_id FROM postings WHERE text_hash IS NOT NULL "
            "AND posting_id NOT IN (SELECT posting_id FROM posting_minhash) ORDER BY posting_id"
        ).fetchall()
    ]
    signed = 0
    for i in range(0, len(todo), _SIGN_BATCH):
        batch = con.execute(
            "SELECT posting_id, text_hash, title, description FROM postings WHERE posting_id IN (SELECT unnest(?))",
            [todo[i : i + _SIGN_BATCH]],
        ).fetchall()
        sig_rows, lsh_rows = _sign(batch)
        signed += len(sig_rows)
        _append(con, "posting_minhash", sig_rows, ["posting_id", "text_hash", "signature"])
        _append(con, "posting_lsh", lsh_rows, ["posting_id", "band", "bucket"])
    return signed


_Rows = list[tuple[Any, ...]]


def _sign(batch: Iterable[tuple[str, str, str | None, str | None]]) -> tuple[_Rows, _Rows]:
    sig_rows: _Rows = []
    lsh_rows: _Rows = []
    for posting_id, hash_, title, description in batch:
        sig = signature(normalise_text(title, description))
        if sig is None:
            continue
        sig_rows.append((posting_id, hash_, sig.tobytes()))
        lsh_rows += [(posting_id, band, key) for band, key in enumerate(band_keys(sig))]
    return sig_rows, lsh_rows


def _append(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]], names: list[str]
) -> None:
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    types = {"signature": pa.binary(), "band": pa.int16(), "bucket": pa.int64()}
    arrow = pa.table({n: pa.array(c, type=types.get(n, pa.string())) for n, c in zip(names, columns, strict=True)})
    con.register("_dedup_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM _dedup_rows").fetchall()
    finally:
        con.unregister("_dedup_rows")


def _near_pairs(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str, float]]:
    """LSH candidate pairs (not exact copies) that pass the similarity and title checks.  The caller may not
    use the connection until the iterator is exhausted."""
    # One signature per distinct text (exact copies are linked already); in each LSH bucket every member is
    # paired with the bucket's first member only (a star, not all pairs: linear in the bucket size, and
    # union-find over the 16 bands joins the rest).
    cursor = con.execute(
        f"""
        WITH reps AS (
            SELECT posting_id FROM posting_minhash
            QUALIFY row_number() OVER (PARTITION BY text_hash ORDER BY posting_id) = 1
        ),
        l AS (SELECT band, bucket, posting_id FROM posting_lsh SEMI JOIN reps USING (posting_id)),
        hubs AS (SELECT band, bucket, min(posting_id) AS hub FROM l GROUP BY band, bucket HAVING count(*) > 1),
        pairs AS (
            SELECT DISTINCT h.hub AS a, l.posting_id AS b
            FROM hubs h JOIN l ON l.band = h.band AND l.bucket = h.bucket AND l.posting_id <> h.hub
        )
        SELECT pairs.a, pairs.b, ma.signature, mb.signature, pa.title, pb.title
        FROM pairs
        JOIN posting_minhash ma ON ma.posting_id = pairs.a
        JOIN posting_minhash mb ON mb.posting_id = pairs.b
        JOIN postings pa ON pa.posting_id = pairs.a
        JOIN postings pb ON pb.posting_id = pairs.b  -- {BANDS} bands
        """
    )
    while True:
        batch = cursor.fetchmany(10_000)
        if not batch:
            return
        for a, b, sig_a, sig_b, title_a, title_b in batch:
            score = similarity(signature_from_bytes(sig_a), signature_from_bytes(sig_b))
            if score < NEAR_DUP_THRESHOLD:
                continue
            if title_a and title_b and fuzz.token_set_ratio(title_a.lower(), title_b.lower()) < TITLE_MIN:
                continue
            yield a, b, score


def _write(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str | None, str | None, float | None]], summary: DedupSummary
) -> DedupSummary:
    """Set the duplicate columns to exactly `rows` (everything else: not a duplicate), touching only changes."""
    arrow = pa.table(
        {
            "posting_id": pa.array([r[0] for r in rows], type=pa.string()),
            "duplicate_of": pa.array([r[1] for r in rows], type=pa.string()),
            "duplicate_method": pa.array([r[2] for r in rows], type=pa.string()),
            "duplicate_score": pa.array([r[3] for r in rows], type=pa.float64()),
        }
    )
    con.register("_dedup_marks", arrow)
    try:
        changed = con.execute(
            """
            WITH wanted AS (
                SELECT p.posting_id, m.duplicate_of, m.duplicate_method, m.duplicate_score
                FROM postings p LEFT JOIN _dedup_marks m USING (posting_id)
            )
            UPDATE postings SET duplicate_of = w.duplicate_of, duplicate_method = w.duplicate_method,
                   duplicate_score = w.duplicate_score
            FROM wanted w
            WHERE postings.posting_id = w.posting_id
              AND (postings.duplicate_of IS DISTINCT FROM w.duplicate_of
                   OR postings.duplicate_method IS DISTINCT FROM w.duplicate_method
                   OR postings.duplicate_score IS DISTINCT FROM w.duplicate_score)
            """
        ).fetchall()
        summary.changed = int(changed[0][0]) if changed else 0
    finally:
        con.unregister("_dedup_marks")
    return summary
