"""Enrichment and dedup of postings on Spark, from the lake's normalised postings back into the lake.

    summary = run_enrich(spark, "lake/")     # what `jobshift run --engine spark --lake lake/` does

1. read `normalised_postings` (what the sources said; `jobshift export lake` writes it);
2. enrich with `mapInArrow`: each Arrow batch goes row by row through `enrich.records.enrich_posting`, the
   very function the DuckDB pipeline calls, and the content hash is the store writer's; the skill tagger
   (its Aho-Corasick automata) is built once per Python worker process (`enrich.skills.default_tagger` is
   cached at module level and Spark reuses its workers), not per batch;
3. group duplicates (`jobshift.spark.dedup_job`: same MinHash/LSH parameters and rules as `jobshift.dedup`);
4. write `postings` (partitioned by source and month) and `posting_skills` back into the lake, plus
   `skills` and `companies` when the lake has none (a lake written by another tool).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pyarrow as pa

from jobshift.enrich.records import enrich_posting, taxonomy_rows
from jobshift.enrich.skills import default_tagger
from jobshift.errors import ConfigError, StoreError
from jobshift.fields import POSTING_ENRICHED_FIELDS, POSTING_FIELDS, FieldType
from jobshift.lake import NORMALISED_POSTING_COLUMNS, NORMALISED_POSTINGS, attach_lake, read_manifest
from jobshift.spark.dedup_job import duplicate_columns
from jobshift.spark.lake_io import arrow_schema, field_type, read_table, spark_ddl, table_columns, write_table
from jobshift.store.writer import _content_hash

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from jobshift.enrich.exposure import ExposureTable
    from jobshift.enrich.occupations import OccupationIndex

Occupations = tuple["OccupationIndex", "ExposureTable", str]

__all__ = ["SparkEnrichSummary", "enrich_postings", "enrich_row", "open_spark", "posting_columns", "run_enrich"]

_DUPLICATE: Final[dict[str, FieldType]] = {"duplicate_of": "str", "duplicate_method": "str", "duplicate_score": "float"}
# The columns of a posting as the store writer hashes and writes them (BatchWriter.columns for postings).
_WRITER_COLUMNS: Final[dict[str, FieldType]] = {
    "posting_id": "str", **POSTING_FIELDS, **POSTING_ENRICHED_FIELDS, "source": "str", "first_seen": "timestamp",
    "last_seen": "timestamp", "content_hash": "str", "raw_id": "str", "run_id": "str", "synthetic": "bool",
}
_CARRIED: Final = ("first_seen", "last_seen", "raw_id", "run_id", "synthetic")
SKILL_COLUMNS: Final[dict[str, FieldType]] = {"posting_id": "str", "skill_id": "str", "span_start": "int",
                                              "span_end": "int", "evidence": "str"}
_SKILLS_DDL: Final = "array<struct<skill_id:string,span_start:int,span_end:int,evidence:string>>"
_SKILLS_ARROW: Final = pa.list_(pa.struct([("skill_id", pa.string()), ("span_start", pa.int32()),
                                           ("span_end", pa.int32()), ("evidence", pa.string())]))
_COMPANY_FIELDS: Final = ("company_id", "name", "normalised_name", "industry", "stage")
_COMPANY_DDL: Final = "struct<" + ",".join(f"{c}:string" for c in _COMPANY_FIELDS) + ">"
_COMPANY_ARROW: Final = pa.struct([(c, pa.string()) for c in _COMPANY_FIELDS])


@dataclass
class SparkEnrichSummary:
    """What one Spark enrichment run wrote."""

    postings: int = 0
    posting_skills: int = 0
    exact: int = 0
    near: int = 0
    seconds: float = 0.0
    tables: tuple[str, ...] = ()


def posting_columns(stored: list[tuple[str, str]] | None = None) -> dict[str, FieldType]:
    """The enriched postings' columns and types: the store's order (as the lake manifest records it) when
    known, then any the enrichment adds that it lacks."""
    base: dict[str, FieldType] = {**_WRITER_COLUMNS, **_DUPLICATE}
    if not stored:
        return base
    ordered: dict[str, FieldType] = {c: base[c] if c in base else field_type(t) for c, t in stored}
    ordered.update({c: t for c, t in base.items() if c not in ordered})
    return ordered


def enrich_row(normalised: Mapping[str, Any], columns: Mapping[str, FieldType],
               occupations: Occupations | None = None) -> dict[str, Any]:
    """One normalised posting enriched exactly as the DuckDB pipeline enriches it (plus skills and company):
    `enrich_posting`, the writer's content hash, then the occupation step (`occupation_mapping`) when
    `occupations` (title index, exposure table, mapping version) is given."""
    row = {name: normalised.get(name) for name in POSTING_FIELDS}
    enriched, skills, company = enrich_posting(row)
    enriched["posting_id"], enriched["source"] = normalised["posting_id"], normalised["source"]
    enriched["content_hash"] = _content_hash(enriched, _WRITER_COLUMNS, sorted(s["skill_id"] for s in skills))
    for name in _CARRIED:
        enriched[name] = normalised.get(name)
    if occupations is not None:
        from jobshift.occupation_mapping import posting_columns as occupation_columns

        index, exposure, version = occupations
        found = index.match_title(enriched.get("title"), enriched.get("role_family"))
        enriched.update(occupation_columns(found, index, exposure), occupation_version=version)
    out = {name: enriched.get(name) for name in columns}
    out["month"] = normalised.get("month")
    out["skills"] = [{k: s[k] for k in ("skill_id", "span_start", "span_end", "evidence")} for s in skills]
    out["company_row"] = {k: company.get(k) for k in _COMPANY_FIELDS} if company else None
    return out


def _enrich_batches(batches: Iterator[pa.RecordBatch], columns: dict[str, FieldType],
                    occupations: Occupations | None) -> Iterator[pa.RecordBatch]:
    """mapInArrow body: normalised postings -> enriched postings with their skills and company."""
    default_tagger()  # built once per worker process (cached), before the first batch
    schema = arrow_schema(columns, [("month", pa.string()), ("skills", _SKILLS_ARROW),
                                    ("company_row", _COMPANY_ARROW)])
    for batch in batches:
        rows = [enrich_row(r, columns, occupations) for r in batch.to_pylist()]
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def tagger_builds(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow probe: asks for the tagger per batch as the enrichment does, then yields (pid, times the tagger
    was built in that worker process) - 1 when it is cached per process across batches and jobs."""
    import os

    for _ in batches:
        default_tagger()
    yield pa.RecordBatch.from_pylist([{"pid": os.getpid(), "builds": default_tagger.cache_info().misses}],
                                     schema=pa.schema([("pid", pa.int64()), ("builds", pa.int64())]))


def enrich_postings(normalised: DataFrame, columns: Mapping[str, FieldType] | None = None,
                    occupations: Occupations | None = None) -> DataFrame:
    """Normalised postings (lake `normalised_postings`) -> enriched postings (no duplicate columns yet) with
    `month`, `skills` (array of structs) and `company_row` (struct) columns."""
    cols = {c: t for c, t in (columns or posting_columns()).items() if c not in _DUPLICATE}
    missing = [c for c in NORMALISED_POSTING_COLUMNS if c not in normalised.columns]
    if missing:
        raise StoreError(f"normalised postings lack columns {missing}")
    month = ["month"] if "month" in normalised.columns else []
    frame = normalised.select(*NORMALISED_POSTING_COLUMNS, *month)
    if not month:
        from pyspark.sql import functions as F

        frame = frame.withColumn("month", F.coalesce(
            F.date_format(F.coalesce("posted_at", "first_seen"), "yyyy-MM"), F.lit("unknown")))
    ddl = spark_ddl(cols, [("month", "string"), ("skills", _SKILLS_DDL), ("company_row", _COMPANY_DDL)])
    return frame.mapInArrow(partial(_enrich_batches, columns=cols, occupations=occupations), ddl)


def lake_occupations(lake: Path | str) -> Occupations:
    """The occupation title index, exposure table and mapping version the lake's O*NET tables give - built by
    `occupation_mapping.load_reference` over the lake attached to an in-memory DuckDB, so the version string
    is the one the DuckDB store records."""
    import duckdb

    from jobshift.occupation_mapping import load_reference

    con = duckdb.connect()
    try:
        present = set(attach_lake(con, lake))
        for name, ddl in _REFERENCE_DDL.items():
            if name not in present:
                con.execute(f"CREATE TABLE {name} ({ddl})").fetchall()
        return load_reference(con)
    finally:
        con.close()


_REFERENCE_DDL: Final[dict[str, str]] = {
    "occupations": "soc_code VARCHAR, title VARCHAR, description VARCHAR",
    "occupation_titles": "soc_code VARCHAR, title VARCHAR, short_title VARCHAR, title_source VARCHAR",
    "occupation_exposure": "soc_code VARCHAR, title VARCHAR, dv_rating_alpha DOUBLE, dv_rating_beta DOUBLE, "
                           "dv_rating_gamma DOUBLE, human_rating_alpha DOUBLE, human_rating_beta DOUBLE, "
                           "human_rating_gamma DOUBLE",
}


def open_spark(master: str) -> SparkSession:
    """A session for the enrichment job; ConfigError with the fix when PySpark or Java is missing."""
    from jobshift.spark.session import spark_session

    try:
        return spark_session(master, **{"spark.ui.showConsoleProgress": "false"})
    except ConfigError:
        raise
    except Exception as exc:  # PySpark raises its own runtime errors when the JVM cannot start
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "JAVA" in message.upper():
            raise ConfigError(f"the Spark engine needs a Java 17+ runtime (java on PATH or JAVA_HOME): {message}") \
                from exc
        raise ConfigError(f"cannot start Spark on {master}: {message}") from exc


def run_enrich(spark: SparkSession, lake: Path | str) -> SparkEnrichSummary:
    """Enrich and dedup the lake's normalised postings on Spark; write the enriched tables into the lake."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    started = time.perf_counter()
    manifest = read_manifest(lake)
    if NORMALISED_POSTINGS not in manifest["tables"]:
        raise StoreError(f"{lake}: the lake has no {NORMALISED_POSTINGS} table; write it with "
                         f"`jobshift export lake {lake}`")
    columns = posting_columns(table_columns(lake, "postings"))
    occupations = lake_occupations(lake) if "occupation_version" in columns else None
    enriched = enrich_postings(read_table(spark, lake, NORMALISED_POSTINGS), columns, occupations).persist(
        StorageLevel.MEMORY_AND_DISK)
    try:
        marks = duplicate_columns(enriched).localCheckpoint()
        postings = enriched.drop(*_DUPLICATE).join(marks, "posting_id", "left")
        summary = SparkEnrichSummary()
        summary.postings = write_table(postings, lake, "postings", columns, partitioned=True)
        skills = enriched.select("posting_id", F.explode("skills").alias("s")).select("posting_id", "s.*")
        summary.posting_skills = write_table(skills, lake, "posting_skills", SKILL_COLUMNS, partitioned=False)
        tables = ["postings", "posting_skills"]
        counts: dict[str, int] = {str(r[0]): int(r[1]) for r in marks.groupBy("duplicate_method").count().collect()}
        summary.exact, summary.near = int(counts.get("exact", 0)), int(counts.get("near", 0))
        if "skills" not in manifest["tables"]:
            write_table(_taxonomy(spark), lake, "skills", {"skill_id": "str", "name": "str", "category": "str",
                                                            "onet_id": "str", "ai_kind": "str"}, partitioned=False)
            tables.append("skills")
        if "companies" not in manifest["tables"]:
            write_table(_companies(enriched), lake, "companies", _COMPANY_COLUMNS, partitioned=False)
            tables.append("companies")
    finally:
        enriched.unpersist()
    summary.tables = tuple(tables)
    summary.seconds = time.perf_counter() - started
    return summary


_COMPANY_COLUMNS: Final[dict[str, FieldType]] = {
    "company_id": "str", "name": "str", "normalised_name": "str", "company_class": "str", "class_evidence": "str",
    "industry": "str", "stage": "str", "employees": "int", "first_seen": "timestamp", "last_seen": "timestamp",
}


def _taxonomy(spark: SparkSession) -> DataFrame:
    return spark.createDataFrame(taxonomy_rows(), "skill_id string, name string, category string, onet_id string, "
                                                  "ai_kind string")


def _companies(enriched: DataFrame) -> DataFrame:
    """Companies from the postings alone (no class: that needs the store's evidence, `company_classes`)."""
    from pyspark.sql import functions as F

    return (enriched.where(F.col("company_row").isNotNull())
            .groupBy(F.col("company_row.company_id").alias("company_id"))
            .agg(F.min("company_row.name").alias("name"), F.min("company_row.normalised_name").alias("normalised_name"),
                 F.min("company_row.industry").alias("industry"), F.min("company_row.stage").alias("stage"),
                 F.min("first_seen").alias("first_seen"), F.max("last_seen").alias("last_seen"))
            .select("company_id", "name", "normalised_name", F.lit(None).cast("string").alias("company_class"),
                    F.lit(None).cast("string").alias("class_evidence"), "industry", "stage",
                    F.lit(None).cast("bigint").alias("employees"), "first_seen", "last_seen"))
