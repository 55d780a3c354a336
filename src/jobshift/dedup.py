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

Full pass: steps 2-4 over the whole table (a new posting can join two old clusters); only rows whose
duplicate columns change are written.

Incremental pass (`incremental=True`, what the pipeline asks for when an ingest only added postings):
when no signature went stale and no new posting displaces an existing text's first posting or an LSH
bucket's hub (the star centres above), the full result is the old clusters joined by the edges that touch
a new posting - so only new postings are signed and checked (their LSH buckets looked up by SQL joins on
`posting_lsh`), union-find runs over the old cluster ids those edges touch, and the heads and columns of
just the changed clusters are recomputed in SQL.  Otherwise it falls back to the full pass, so both give
the same result (tests/test_dedup_incremental.py checks that).  Python memory is then bounded by the new
postings, not the table.  See docs/data-model.md ("Duplicates") and docs/scale.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz

from jobshift.enrich.near_dup import (
    BANDS,
    NEAR_DUP_THRESHOLD,
    DisjointSets,
    band_keys,
    normalise_text,
    signature,
    signature_from_bytes,
    similarity,
)

__all__ = ["TITLE_MIN", "DedupSummary", "dedup_postings"]

TITLE_MIN = 80.0  # rapidfuzz token_set_ratio of the two titles, when both have one
_SIGN_BATCH = 2_000
_SIGN_MEMO = 100_000  # distinct texts whose signature is kept while one ingest signs (about 1.2 KB each)


@dataclass
class DedupSummary:
    """What one dedup pass did."""

    signed: int = 0  # postings (re)signed this pass
    exact: int = 0  # postings marked as exact copies of another
    near: int = 0  # postings marked as near copies of another
    changed: int = 0  # postings whose duplicate columns changed
    incremental: bool = False  # True when the incremental pass did the work (no fallback to the full pass)
    companies: set[str] = field(default_factory=set)  # company_id of postings whose duplicate columns changed

    @property
    def duplicates(self) -> int:
        return self.exact + self.near


def dedup_postings(con: duckdb.DuckDBPyConnection, *, incremental: bool = False) -> DedupSummary:
    """Bring signatures and duplicate columns up to date; call inside the caller's transaction.

    `incremental`: the caller knows this ingest only inserted postings (none updated or deleted); the
    incremental pass is tried and falls back to the full one when its preconditions do not hold."""
    if incremental and not _has_stale_signatures(con):
        summary = DedupSummary(signed=_sign_new_text(con, prune=False))
        if _incremental(con, summary):
            summary.incremental = True
            _drop_temp(con)
            return summary
        _drop_temp(con)
        return _full(con, summary)
    return _full(con, DedupSummary(signed=_sign_new_text(con)))


def _full(con: duckdb.DuckDBPyConnection, summary: DedupSummary) -> DedupSummary:
    """Steps 2-4 over the whole table (signatures already up to date)."""
    sets = DisjointSets()
    nodes: set[str] = set()
    method: dict[str, tuple[str, float]] = {}

    def union(a: str, b: str) -> None:
        nodes.update((a, b))
        sets.union(a, b)

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
            clusters.setdefault(sets.find(pid), []).append(pid)
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


def _sign_new_text(con: duckdb.DuckDBPyConnection, *, prune: bool = True) -> int:
    """Sign postings whose signature is missing or stale; with `prune`, first drop signatures of postings no
    longer there or whose text changed (the caller passes False when it checked there are none: the three
    deletes scan the whole signature tables)."""
    # DuckDB needs every result consumed before the next statement on the connection: hence the fetchall()s.
    if prune:
        _prune_signatures(con)
    # The postings to sign, numbered, in a temp table read back in slices: one scan of `postings`, not one per
    # batch (a per-batch `posting_id IN (...)` lookup scans the whole table each time: cost grows with the store).
    # Their ids first (the anti-join reads only id columns), then their text (a semi-join on those ids): one
    # anti-join that also carried the descriptions read every stored description.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _dd_todo_ids AS SELECT posting_id FROM postings WHERE text_hash IS NOT NULL "
        "AND posting_id NOT IN (SELECT posting_id FROM posting_minhash)"
    ).fetchall()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _dd_todo AS SELECT row_number() OVER (ORDER BY posting_id) AS i, "
        "posting_id, text_hash, title, description FROM postings SEMI JOIN _dd_todo_ids USING (posting_id)"
    ).fetchall()
    todo = int(con.execute("SELECT count(*) FROM _dd_todo").fetchall()[0][0])
    signed = 0
    con.execute("CREATE OR REPLACE TEMP TABLE _dd_new (posting_id VARCHAR PRIMARY KEY)").fetchall()
    memo: dict[str, tuple[bytes, list[int]] | None] = {}
    for i in range(0, todo, _SIGN_BATCH):
        batch = con.execute(
            "SELECT posting_id, text_hash, title, description FROM _dd_todo WHERE i > ? AND i <= ? ORDER BY i",
            [i, i + _SIGN_BATCH],
        ).fetchall()
        if len(memo) > _SIGN_MEMO:
            memo.clear()
        sig_rows, lsh_rows = _sign(batch, memo)
        signed += len(sig_rows)
        _append(con, "posting_minhash", sig_rows, ["posting_id", "text_hash", "signature"])
        _append(con, "posting_lsh", lsh_rows, ["posting_id", "band", "bucket"])
        _append(con, "_dd_new", [(r[0],) for r in sig_rows], ["posting_id"])
    con.execute("DROP TABLE _dd_todo").fetchall()
    con.execute("DROP TABLE _dd_todo_ids").fetchall()
    return signed


def _prune_signatures(con: duckdb.DuckDBPyConnection) -> None:
    """Drop signatures (and band keys) of postings gone, without text, or whose text changed."""
    con.execute(
        "DELETE FROM posting_minhash WHERE posting_id NOT IN "
        "(SELECT posting_id FROM postings WHERE text_hash IS NOT NULL)"
    ).fetchall()
    con.execute(
        "DELETE FROM posting_minhash m USING postings p WHERE m.posting_id = p.posting_id "
        "AND m.text_hash <> p.text_hash"
    ).fetchall()
    con.execute("DELETE FROM posting_lsh WHERE posting_id NOT IN (SELECT posting_id FROM posting_minhash)").fetchall()


_Rows = list[tuple[Any, ...]]


def _sign(batch: Iterable[tuple[str, str, str | None, str | None]],
          memo: dict[str, tuple[bytes, list[int]] | None] | None = None) -> tuple[_Rows, _Rows]:
    """Signature and band-key rows of each posting.  Postings with the same text_hash have the same normalised
    text, hence the same signature: `memo` (text_hash -> signature bytes and band keys) signs each text once."""
    memo = {} if memo is None else memo
    sig_rows: _Rows = []
    lsh_rows: _Rows = []
    for posting_id, hash_, title, description in batch:
        if hash_ in memo:
            signed = memo[hash_]
        else:
            sig = signature(normalise_text(title, description))
            signed = memo[hash_] = None if sig is None else (sig.tobytes(), band_keys(sig))
        if signed is None:
            continue
        sig_rows.append((posting_id, hash_, signed[0]))
        lsh_rows += [(posting_id, band, key) for band, key in enumerate(signed[1])]
    return sig_rows, lsh_rows


def _append(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]], names: list[str], *, create: bool = False
) -> None:
    """Insert `rows` into `table`; with `create`, (re)create it as a temp table of these columns first."""
    types = {"signature": pa.binary(), "band": pa.int16(), "bucket": pa.int64(), "score": pa.float64()}
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    arrow = pa.table({n: pa.array(c, type=types.get(n, pa.string())) for n, c in zip(names, columns, strict=True)})
    con.register("_dedup_rows", arrow)
    try:
        if create:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _dedup_rows").fetchall()
            return
        if not rows:
            return
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
    return _checked(cursor)


def _checked(cursor: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str, float]]:
    """Candidate rows (a, b, signature a, signature b, title a, title b) that pass the checks."""
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
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _dd_want AS
            SELECT p.posting_id, m.duplicate_of, m.duplicate_method, m.duplicate_score
            FROM postings p LEFT JOIN _dedup_marks m USING (posting_id)
            """
        ).fetchall()
    finally:
        con.unregister("_dedup_marks")
    _apply(con, summary)
    _drop_temp(con)
    return summary


def _apply(con: duckdb.DuckDBPyConnection, summary: DedupSummary) -> None:
    """Write the rows of temp table _dd_want (posting_id, duplicate_of, duplicate_method, duplicate_score)
    whose values differ; note how many changed and their companies."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _dd_changes AS
        SELECT w.*, p.company_id FROM _dd_want w JOIN postings p USING (posting_id)
        WHERE p.duplicate_of IS DISTINCT FROM w.duplicate_of
           OR p.duplicate_method IS DISTINCT FROM w.duplicate_method
           OR p.duplicate_score IS DISTINCT FROM w.duplicate_score
        """
    ).fetchall()
    changed = con.execute(
        "UPDATE postings SET duplicate_of = c.duplicate_of, duplicate_method = c.duplicate_method, "
        "duplicate_score = c.duplicate_score FROM _dd_changes c WHERE postings.posting_id = c.posting_id"
    ).fetchall()
    summary.changed = int(changed[0][0]) if changed else 0
    summary.companies = {
        str(r[0]) for r in con.execute(
            "SELECT DISTINCT company_id FROM _dd_changes WHERE company_id IS NOT NULL").fetchall()
    }


_TEMP = ("_dd_new", "_dd_todo", "_dd_todo_ids", "_dd_groups", "_dd_seed", "_dd_edges", "_dd_root", "_dd_score",
         "_dd_mem", "_dd_want", "_dd_changes", "_dd_r")


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for table in _TEMP:
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()


def _has_stale_signatures(con: duckdb.DuckDBPyConnection) -> bool:
    """A signature whose posting is gone, lost its text or changed it (the incremental pass cannot
    handle the clusters it leaves)."""
    row = con.execute(
        "SELECT EXISTS (SELECT 1 FROM posting_minhash m WHERE NOT EXISTS (SELECT 1 FROM postings p "
        "WHERE p.posting_id = m.posting_id AND p.text_hash = m.text_hash))"
    ).fetchall()
    return bool(row and row[0][0])


# Star edges of the LSH buckets that hold a rep (first posting of its text) listed in _dd_seed, keeping the
# edges with an end in _dd_seed: hub = the bucket's smallest rep, as in `_near_pairs`.
_STAR_SQL = """
WITH sb AS (SELECT DISTINCT band, bucket FROM posting_lsh SEMI JOIN _dd_seed USING (posting_id)),
mem AS (
    SELECT l.band, l.bucket, l.posting_id, m.text_hash
    FROM posting_lsh l JOIN sb USING (band, bucket) JOIN posting_minhash m USING (posting_id)
),
grp AS (SELECT text_hash, min(posting_id) AS rep FROM posting_minhash
        WHERE text_hash IN (SELECT text_hash FROM mem) GROUP BY text_hash),
reps AS (SELECT band, bucket, posting_id FROM mem JOIN grp USING (text_hash) WHERE posting_id = rep),
hubs AS (SELECT band, bucket, min(posting_id) AS hub FROM reps GROUP BY band, bucket HAVING count(*) > 1),
pairs AS (
    SELECT DISTINCT h.hub AS a, r.posting_id AS b
    FROM hubs h JOIN reps r ON r.band = h.band AND r.bucket = h.bucket AND r.posting_id <> h.hub
    WHERE h.hub IN (SELECT posting_id FROM _dd_seed) OR r.posting_id IN (SELECT posting_id FROM _dd_seed)
)
SELECT pairs.a, pairs.b, ma.signature, mb.signature, pa.title, pb.title
FROM pairs
JOIN posting_minhash ma ON ma.posting_id = pairs.a
JOIN posting_minhash mb ON mb.posting_id = pairs.b
JOIN postings pa ON pa.posting_id = pairs.a
JOIN postings pb ON pb.posting_id = pairs.b
"""


def _star_edges(con: duckdb.DuckDBPyConnection, seed_sql: str) -> list[tuple[str, str, float]]:
    """Checked star edges touching the postings `seed_sql` selects (one column: posting_id)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _dd_seed AS {seed_sql}").fetchall()
    return list(_checked(con.execute(_STAR_SQL)))


def _incremental(con: duckdb.DuckDBPyConnection, summary: DedupSummary) -> bool:
    """Join the new postings (temp table _dd_new) into the stored clusters; False (nothing written) when
    a precondition fails and the full pass must run."""
    # Text groups the new postings belong to: their first posting (rep), before and now.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _dd_groups AS
        SELECT m.text_hash, min(m.posting_id) AS rep, min(m.posting_id) FILTER (WHERE n.posting_id IS NULL) AS old_rep
        FROM posting_minhash m LEFT JOIN _dd_new n USING (posting_id)
        WHERE m.text_hash IN (SELECT text_hash FROM posting_minhash SEMI JOIN _dd_new USING (posting_id))
        GROUP BY m.text_hash
        """
    ).fetchall()
    displaced = con.execute("SELECT count(*) FROM _dd_groups WHERE old_rep IS NOT NULL AND rep <> old_rep").fetchall()
    if displaced[0][0]:
        return False
    # A bucket whose hub changes while it held two or more reps loses star edges: not incremental.
    hub_moved = con.execute(
        """
        WITH nb AS (SELECT DISTINCT band, bucket FROM posting_lsh
                    WHERE posting_id IN (SELECT rep FROM _dd_groups WHERE old_rep IS NULL)),
        mem AS (SELECT l.band, l.bucket, l.posting_id, m.text_hash
                FROM posting_lsh l JOIN nb USING (band, bucket) JOIN posting_minhash m USING (posting_id)),
        grp AS (SELECT text_hash, min(posting_id) AS rep FROM posting_minhash
                WHERE text_hash IN (SELECT text_hash FROM mem) GROUP BY text_hash),
        reps AS (SELECT band, bucket, posting_id, posting_id IN (SELECT posting_id FROM _dd_new) AS is_new
                 FROM mem JOIN grp USING (text_hash) WHERE posting_id = rep)
        SELECT count(*) FROM (
            SELECT band, bucket FROM reps GROUP BY band, bucket
            HAVING count(*) FILTER (WHERE NOT is_new) >= 2
               AND min(posting_id) < min(posting_id) FILTER (WHERE NOT is_new)
        )
        """
    ).fetchall()
    if hub_moved[0][0]:
        return False
    # New edges: every new posting to its text's first posting; star edges touching a new rep.
    exact = con.execute(
        "SELECT n.posting_id, g.rep FROM _dd_new n JOIN posting_minhash m USING (posting_id) "
        "JOIN _dd_groups g USING (text_hash) WHERE n.posting_id <> g.rep"
    ).fetchall()
    near = _star_edges(con, "SELECT rep AS posting_id FROM _dd_groups WHERE old_rep IS NULL")
    if not exact and not near:
        _count(con, summary)
        return True
    ends = sorted({x for a, b in exact for x in (a, b)} | {x for a, b, _ in near for x in (a, b)})
    cid = dict(con.execute(
        "SELECT posting_id, coalesce(duplicate_of, posting_id) FROM postings WHERE posting_id IN (SELECT unnest(?))",
        [ends],
    ).fetchall())
    sets = DisjointSets()
    for a, b in [(a, b) for a, b in exact] + [(a, b) for a, b, _ in near]:
        sets.union(cid[a], cid[b])
    clusters = {c for c in cid.values()}
    _append(con, "_dd_root", [(c, sets.find(c)) for c in sorted(clusters)], ["cid", "root"], create=True)
    scores: dict[str, float] = {}
    for a, b, score in near:
        for x in (a, b):
            scores[x] = max(scores.get(x, 0.0), score)
    # Members of the changed clusters, their new head (earliest: posted_at else first_seen, then first_seen,
    # then posting_id) and what their columns become.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _dd_mem AS
        WITH mem AS (
            SELECT p.posting_id, r.root, coalesce(p.posted_at, p.first_seen) AS d, p.first_seen, p.text_hash,
                   p.duplicate_method AS old_method, p.duplicate_score AS old_score
            FROM postings p JOIN _dd_root r ON r.cid = coalesce(p.duplicate_of, p.posting_id)
        ),
        heads AS (SELECT root, first(posting_id ORDER BY d, first_seen, posting_id) AS head FROM mem GROUP BY root)
        SELECT m.*, h.head, hm.text_hash AS head_hash,
               CASE WHEN m.posting_id = h.head THEN NULL
                    WHEN m.text_hash IS NOT NULL AND m.text_hash = hm.text_hash THEN 'exact'
                    ELSE 'near' END AS method
        FROM mem m JOIN heads h USING (root) JOIN mem hm ON hm.posting_id = h.head
        """
    ).fetchall()
    # Near members whose old score is unknown (they were a head or an exact copy) and who can have near
    # edges (the first posting of their text): recompute every star edge touching them.
    again = _star_edges(
        con,
        """
        SELECT posting_id FROM _dd_mem
        WHERE method = 'near' AND old_method IS DISTINCT FROM 'near'
          AND posting_id NOT IN (SELECT posting_id FROM _dd_new)
          AND posting_id IN (SELECT min(posting_id) FROM posting_minhash
                             WHERE text_hash IN (SELECT text_hash FROM _dd_mem) GROUP BY text_hash)
        """,
    )
    for a, b, score in again:
        for x in (a, b):
            scores[x] = max(scores.get(x, 0.0), score)
    # Rounded here, as the full pass does (Python rounds half to even, DuckDB half away from zero); rounding
    # is monotone, so the max of rounded scores is the rounded max.
    _append(con, "_dd_score", sorted((k, round(v, 4)) for k, v in scores.items()), ["posting_id", "score"],
            create=True)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _dd_want AS
        SELECT m.posting_id,
               CASE WHEN m.method IS NULL THEN NULL ELSE m.head END AS duplicate_of,
               m.method AS duplicate_method,
               CASE WHEN m.method = 'exact' THEN 1.0
                    WHEN m.method = 'near' THEN coalesce(greatest(
                        CASE WHEN m.old_method = 'near' THEN m.old_score END, s.score), {round(NEAR_DUP_THRESHOLD, 4)})
               END AS duplicate_score
        FROM _dd_mem m LEFT JOIN _dd_score s USING (posting_id)
        """
    ).fetchall()
    _apply(con, summary)
    _count(con, summary)
    return True


def _count(con: duckdb.DuckDBPyConnection, summary: DedupSummary) -> None:
    row = con.execute(
        "SELECT count(*) FILTER (WHERE duplicate_method = 'exact'), count(*) FILTER (WHERE duplicate_method = 'near') "
        "FROM postings"
    ).fetchall()
    summary.exact, summary.near = int(row[0][0]), int(row[0][1])
