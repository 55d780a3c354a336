"""Duplicate postings on Spark: the grouping of `jobshift.dedup`, with its parameters and rules, as joins.

The same steps and the same functions as on DuckDB, so the duplicate columns come out equal:

1. sign: every posting with a `text_hash` gets its MinHash signature and LSH band keys from
   `enrich.near_dup` (datasketch, 128 permutations, fixed seed, 16 bands), in a mapInArrow over Arrow batches;
2. exact copies: postings sharing a `text_hash` link to the group's first posting_id (a groupBy, linear);
3. near copies: one signature per distinct text; band keys exploded; each (band, bucket) with several
   members links them to its first member (a star, as on DuckDB); each candidate pair is checked with the
   same rule (estimated Jaccard >= NEAR_DUP_THRESHOLD, titles that agree: rapidfuzz token-set >= TITLE_MIN);
4. clusters: connected components of those links by min-label propagation (iterated joins, each round
   checkpointed); the earliest posting of each cluster (posted_at else first_seen, then first_seen, then
   posting_id) is the job, the others get duplicate_of / duplicate_method (exact | near) / duplicate_score.

Nothing is collected to the driver: the signatures, the bands and the links stay DataFrames.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final

import pyarrow as pa
from rapidfuzz import fuzz

from jobshift.dedup import TITLE_MIN
from jobshift.enrich.near_dup import (
    NEAR_DUP_THRESHOLD,
    DisjointSets,
    band_keys,
    normalise_text,
    signature,
    similarity,
)
from jobshift.errors import StoreError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["LOCAL_LINKS", "MAX_ROUNDS", "duplicate_columns", "sign_batches", "verify_batches"]

LOCAL_LINKS: Final = 2_000_000  # duplicate links up to which clusters are formed on the driver
MAX_ROUNDS: Final = 200  # label-propagation rounds; a cluster's diameter is far below this
SIGNED_DDL: Final = "posting_id string, text_hash string, title string, signature binary, bands array<bigint>"
_SIGNED = pa.schema([("posting_id", pa.string()), ("text_hash", pa.string()), ("title", pa.string()),
                     ("signature", pa.binary()), ("bands", pa.list_(pa.int64()))])
NEAR_DDL: Final = "a string, b string, score double"
_NEAR = pa.schema([("a", pa.string()), ("b", pa.string()), ("score", pa.float64())])


def sign_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow: (posting_id, text_hash, title, description) -> signature and LSH band keys."""
    for batch in batches:
        rows: list[dict[str, object]] = []
        for item in batch.to_pylist():
            sig = signature(normalise_text(item["title"], item["description"]))
            if sig is None:
                continue
            rows.append({"posting_id": item["posting_id"], "text_hash": item["text_hash"], "title": item["title"],
                         "signature": sig.tobytes(), "bands": band_keys(sig)})
        yield pa.RecordBatch.from_pylist(rows, schema=_SIGNED)


def verify_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow: candidate pairs (a, b, sig_a, sig_b, title_a, title_b) -> the pairs that pass, with score."""
    import numpy as np

    for batch in batches:
        rows: list[dict[str, object]] = []
        for item in batch.to_pylist():
            score = similarity(np.frombuffer(item["sig_a"], dtype=np.uint64),
                               np.frombuffer(item["sig_b"], dtype=np.uint64))
            if score < NEAR_DUP_THRESHOLD:
                continue
            title_a, title_b = item["title_a"], item["title_b"]
            if title_a and title_b and fuzz.token_set_ratio(title_a.lower(), title_b.lower()) < TITLE_MIN:
                continue
            # Rounded here as jobshift.dedup rounds the largest score of a posting (rounding keeps the order).
            rows.append({"a": item["a"], "b": item["b"], "score": round(score, 4)})
        yield pa.RecordBatch.from_pylist(rows, schema=_NEAR)


def duplicate_columns(postings: DataFrame, *, local_links: int | None = None) -> DataFrame:
    """(posting_id, duplicate_of, duplicate_method, duplicate_score) for every posting that copies another.

    `postings` needs posting_id, text_hash, title, description, posted_at, first_seen; `local_links`: see
    `_components`.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    hashed = postings.where(F.col("text_hash").isNotNull())
    firsts = (hashed.groupBy("text_hash").agg(F.min("posting_id").alias("hub"), F.count("*").alias("n"))
              .persist(StorageLevel.MEMORY_AND_DISK))
    exact = (hashed.select("posting_id", "text_hash").join(firsts.where(F.col("n") > 1), "text_hash")
             .where(F.col("posting_id") != F.col("hub"))
             .select(F.col("posting_id").alias("a"), F.col("hub").alias("b")))

    # One signature per distinct text: the same text_hash is the same normalised text, hence the same
    # signature, so only each text's first posting is signed (as on DuckDB) and stands for its copies.
    reps = firsts.select(F.col("hub").alias("posting_id"))
    signed = (hashed.join(reps, "posting_id", "left_semi")
              .select("posting_id", "text_hash", "title", "description").mapInArrow(sign_batches, SIGNED_DDL)
              .persist(StorageLevel.MEMORY_AND_DISK))
    bands = signed.select("posting_id", F.posexplode("bands").alias("band", "bucket"))
    hubs = (bands.groupBy("band", "bucket").agg(F.min("posting_id").alias("hub"), F.count("*").alias("n"))
            .where(F.col("n") > 1))
    pairs = (hubs.join(bands, ["band", "bucket"]).where(F.col("posting_id") != F.col("hub"))
             .select(F.col("hub").alias("a"), F.col("posting_id").alias("b")).distinct())
    side_a = signed.select(F.col("posting_id").alias("a"), F.col("signature").alias("sig_a"),
                           F.col("title").alias("title_a"))
    side_b = signed.select(F.col("posting_id").alias("b"), F.col("signature").alias("sig_b"),
                           F.col("title").alias("title_b"))
    near = (pairs.join(side_a, "a").join(side_b, "b").select("a", "b", "sig_a", "sig_b", "title_a", "title_b")
            .mapInArrow(verify_batches, NEAR_DDL).localCheckpoint())
    signed.unpersist()

    labels = _components(exact.unionByName(near.select("a", "b")).localCheckpoint(), local_links)
    firsts.unpersist()
    near_score = (near.select(F.col("a").alias("posting_id"), "score")
                  .unionByName(near.select(F.col("b").alias("posting_id"), "score"))
                  .groupBy("posting_id").agg(F.max("score").alias("near_score")))
    info = postings.select("posting_id", F.coalesce("posted_at", "first_seen").alias("seen_on"), "first_seen",
                           "text_hash")
    members = labels.join(info, "posting_id")
    heads = members.groupBy("label").agg(
        F.min(F.struct("seen_on", "first_seen", "posting_id", "text_hash")).alias("head"))
    is_exact = F.col("text_hash").isNotNull() & (F.col("text_hash") == F.col("head.text_hash"))
    return (members.join(heads, "label").where(F.col("posting_id") != F.col("head.posting_id"))
            .join(near_score, "posting_id", "left")
            .select("posting_id",
                    F.col("head.posting_id").alias("duplicate_of"),
                    F.when(is_exact, F.lit("exact")).otherwise(F.lit("near")).alias("duplicate_method"),
                    F.when(is_exact, F.lit(1.0))
                    .otherwise(F.coalesce("near_score", F.lit(round(NEAR_DUP_THRESHOLD, 4)))).alias("duplicate_score")))


def _components(edges: DataFrame, local_limit: int | None = None) -> DataFrame:
    """(posting_id, label): connected components of the undirected `edges` (a, b); label = smallest id.

    Up to `local_limit` links (LOCAL_LINKS; links join duplicates only, never all postings) are resolved
    with a union-find on the driver - one Spark job instead of a few per round, the links streamed a partition
    at a time; more are resolved by min-label propagation in Spark. `edges` should be checkpointed or cached:
    it is counted, then read.
    """
    from pyspark.sql import functions as F

    limit = LOCAL_LINKS if local_limit is None else local_limit
    if limit > 0 and edges.count() <= limit:  # counted first: more links never reach the driver
        return edges.sparkSession.createDataFrame(
            _union_find((str(r["a"]), str(r["b"])) for r in edges.toLocalIterator()),
            "posting_id string, label string")
    both = (edges.select(F.col("a").alias("src"), F.col("b").alias("dst"))
            .unionByName(edges.select(F.col("b").alias("src"), F.col("a").alias("dst")))
            .distinct().localCheckpoint())
    labels = (both.groupBy("src").agg(F.min("dst").alias("m"))
              .select(F.col("src").alias("posting_id"), F.least("src", "m").alias("label")).localCheckpoint())
    for _ in range(MAX_ROUNDS):
        seen = (both.join(labels.withColumnRenamed("posting_id", "dst"), "dst")
                .groupBy("src").agg(F.min("label").alias("m")))
        updated = (labels.join(seen, labels.posting_id == seen.src)
                   .select("posting_id", F.least("label", "m").alias("label"), (F.col("m") < F.col("label"))
                           .alias("moved")).localCheckpoint())
        labels = updated.select("posting_id", "label")
        if updated.where("moved").isEmpty():
            return labels
    raise StoreError(f"duplicate clusters did not settle in {MAX_ROUNDS} rounds")


def _union_find(edges: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(node, smallest node of its component) for every node of `edges`."""
    sets = DisjointSets()
    for a, b in edges:
        sets.union(a, b)
    return sets.roots()
