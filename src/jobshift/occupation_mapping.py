"""Map stored postings and layoff texts to O*NET-SOC occupations and their AI exposure (after each ingest).

Runs at the end of an ingest, inside its transaction (`jobshift.pipeline`), like `company_classes`:

* builds the title index (`jobshift.enrich.occupations`) from the `occupations` / `occupation_titles` tables
  and the exposure table (`jobshift.enrich.exposure`) from `occupation_exposure`, once per content of those
  tables (cached by a fingerprint computed in SQL); without O*NET rows the rules and the role-family fallback
  still map titles and the exposure stays NULL;
* maps the DISTINCT (title, role family) pairs of the postings that need it - rows this run wrote, and rows
  whose `occupation_version` differs from the current one (new rules, or the O*NET or exposure tables
  changed) - and updates those postings in one set-based UPDATE;
* does the same for the layoff events: each role phrase the text names (`layoff_roles.role_phrases`) is
  mapped, giving comma-separated `occupation_codes` / `exposure_bands` in phrase order and the evidence.

`occupation_version` records "<mapper>/<rules>/<reference tables>" on every mapped row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from jobshift.enrich.exposure import ExposureTable, build_exposure, exposure_column
from jobshift.enrich.layoff_roles import role_phrases
from jobshift.enrich.occupations import OccupationIndex, OccupationMatch, build_index, rules_version

__all__ = ["MAPPER_VERSION", "MappingSummary", "load_reference", "map_occupations", "mapping_version"]

MAPPER_VERSION = "occ3"
_BATCH = 50_000

_FINGERPRINT_SQL = """
SELECT (SELECT count(*) || ':' || coalesce(CAST(sum(hash(soc_code, title)) AS VARCHAR), '') FROM occupations),
       (SELECT count(*) || ':' || coalesce(CAST(sum(hash(soc_code, title, short_title, title_source)) AS VARCHAR), '')
          FROM occupation_titles),
       (SELECT count(*) || ':' || coalesce(CAST(sum(hash(soc_code, {col})) AS VARCHAR), '') FROM occupation_exposure)
"""

_cache: dict[str, tuple[OccupationIndex, ExposureTable]] = {}


@dataclass
class MappingSummary:
    postings: int = 0  # posting rows updated
    titles: int = 0  # distinct (title, role family) pairs mapped
    layoffs: int = 0  # layoff rows updated
    version: str = ""


def _reference_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(_FINGERPRINT_SQL.format(col=exposure_column())).fetchall()[0]
    return hashlib.sha1("|".join(str(v) for v in row).encode()).hexdigest()[:12]


def mapping_version(con: duckdb.DuckDBPyConnection) -> str:
    """The version the current mapper, rules and reference tables would record."""
    return f"{MAPPER_VERSION}/{rules_version()}/{_reference_fingerprint(con)}"


def load_reference(con: duckdb.DuckDBPyConnection) -> tuple[OccupationIndex, ExposureTable, str]:
    """The title index and exposure table the database's reference tables give, and the mapping version."""
    version = mapping_version(con)
    cached = _cache.get(version)
    if cached is None:
        occupations = con.execute("SELECT soc_code, title FROM occupations").fetchall()
        titles = con.execute("SELECT soc_code, title, short_title, title_source FROM occupation_titles").fetchall()
        scores = con.execute(f"SELECT soc_code, {exposure_column()} FROM occupation_exposure").fetchall()
        cached = (build_index(titles, occupations), build_exposure(scores))
        _cache.clear()
        _cache[version] = cached
    return cached[0], cached[1], version


def posting_columns(found: OccupationMatch, index: OccupationIndex, exposure: ExposureTable) -> dict[str, object]:
    """The posting columns one match gives (also used by `jobshift enrich`)."""
    score = exposure.score(found.onet_code)
    return {
        "occupation_code": found.onet_code,
        "occupation_title": index.names.get(found.onet_code or "") or found.matched_title,
        "occupation_major": found.major_group,
        "occupation_method": found.method,
        "occupation_evidence": found.evidence or None,
        "exposure_score": round(score, 4) if score is not None else None,
        "exposure_band": exposure.band(found.onet_code),
    }


def layoff_columns(text: str | None, index: OccupationIndex, exposure: ExposureTable) -> dict[str, str | None]:
    """occupation_codes / exposure_bands / occupation_evidence of one layoff text (also used by `enrich`)."""
    if not text or not text.strip():
        return {"occupation_codes": None, "exposure_bands": None, "occupation_evidence": None}
    codes: list[str] = []
    bands: list[str] = []
    evidence: list[str] = []
    for phrase, family in role_phrases(text):
        found = index.match_title(phrase, family)
        codes.append(found.onet_code or "")
        bands.append(exposure.band(found.onet_code) or "")
        evidence.append(f"'{phrase}' -> {found.onet_code or 'none'} ({found.method})")
    text_evidence = "; ".join(evidence)
    return {
        "occupation_codes": ",".join(codes),
        "exposure_bands": ",".join(bands),
        "occupation_evidence": text_evidence if len(text_evidence) <= 500 else text_evidence[:499] + "…",
    }


def map_occupations(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> MappingSummary:
    """Map the postings and layoff events that need it (see the module docstring)."""
    index, exposure, version = load_reference(con)
    summary = MappingSummary(version=version)
    todo = "(occupation_version IS DISTINCT FROM $version OR run_id IS NOT DISTINCT FROM $run_id)"
    params = {"version": version, "run_id": run_id}
    pairs = con.execute(
        f"SELECT DISTINCT title, role_family FROM postings WHERE {todo}", params
    ).fetchall()
    summary.titles = len(pairs)
    for start in range(0, len(pairs), _BATCH):
        batch = pairs[start : start + _BATCH]
        cols: dict[str, list[object]] = {"title": [], "role_family": []}
        for title, family in batch:
            found = index.match_title(title, family)
            cols["title"].append(title)
            cols["role_family"].append(family)
            for key, value in posting_columns(found, index, exposure).items():
                cols.setdefault(key, []).append(value)
        table = pa.table({k: pa.array(v, type=pa.float64() if k == "exposure_score" else pa.string())
                          for k, v in cols.items()})
        con.register("_occupations", table)
        try:
            rows = con.execute(
                "UPDATE postings SET occupation_code = n.occupation_code, occupation_title = n.occupation_title, "
                "occupation_major = n.occupation_major, occupation_method = n.occupation_method, "
                "occupation_evidence = n.occupation_evidence, exposure_score = n.exposure_score, "
                "exposure_band = n.exposure_band, occupation_version = $version FROM _occupations n "
                "WHERE postings.title IS NOT DISTINCT FROM n.title "
                "AND postings.role_family IS NOT DISTINCT FROM n.role_family "
                "AND (postings.occupation_version IS DISTINCT FROM $version "
                "OR postings.run_id IS NOT DISTINCT FROM $run_id)",
                params,
            ).fetchall()
            summary.postings += int(rows[0][0]) if rows else 0
        finally:
            con.unregister("_occupations")
    summary.layoffs = _map_layoffs(con, index, exposure, version, run_id)
    return summary


def _map_layoffs(con: duckdb.DuckDBPyConnection, index: OccupationIndex, exposure: ExposureTable,
                 version: str, run_id: str | None) -> int:
    params = {"version": version, "run_id": run_id}
    todo = "(occupation_version IS DISTINCT FROM $version OR run_id IS NOT DISTINCT FROM $run_id)"
    # Texts naming no role (roles_named '') or no text at all need no mapping: set in SQL.
    rows = con.execute(
        "UPDATE layoff_events SET occupation_codes = CASE WHEN nullif(trim(description), '') IS NULL THEN NULL "
        "ELSE '' END, exposure_bands = CASE WHEN nullif(trim(description), '') IS NULL THEN NULL ELSE '' END, "
        "occupation_evidence = NULL, occupation_version = $version "
        f"WHERE {todo} AND (nullif(trim(description), '') IS NULL OR coalesce(roles_named, '') = '')",
        params,
    ).fetchall()
    updated = int(rows[0][0]) if rows else 0
    texts = [r[0] for r in con.execute(
        f"SELECT DISTINCT description FROM layoff_events WHERE {todo} AND nullif(trim(description), '') IS NOT NULL "
        "AND coalesce(roles_named, '') <> ''",
        params,
    ).fetchall()]
    for start in range(0, len(texts), _BATCH):
        batch = texts[start : start + _BATCH]
        cols: dict[str, list[str | None]] = {"description": []}
        for text in batch:
            cols["description"].append(text)
            for key, value in layoff_columns(text, index, exposure).items():
                cols.setdefault(key, []).append(value)
        con.register("_layoff_occupations", pa.table({k: pa.array(v, type=pa.string()) for k, v in cols.items()}))
        try:
            rows = con.execute(
                "UPDATE layoff_events SET occupation_codes = n.occupation_codes, exposure_bands = n.exposure_bands, "
                "occupation_evidence = n.occupation_evidence, occupation_version = $version "
                "FROM _layoff_occupations n WHERE layoff_events.description = n.description "
                "AND coalesce(layoff_events.roles_named, '') <> '' AND "
                "(layoff_events.occupation_version IS DISTINCT FROM $version "
                "OR layoff_events.run_id IS NOT DISTINCT FROM $run_id)",
                params,
            ).fetchall()
            updated += int(rows[0][0]) if rows else 0
        finally:
            con.unregister("_layoff_occupations")
    return updated
