"""Bring your own data: enrich a CSV or JSONL file of postings or layoff texts into JSONL.

`jobshift enrich postings FILE` reads records with `title`, `description` and optionally `salary_text`,
`company`, `location`, and writes each record with its fields kept and the enrichment added: `skills`
(list of {id, name, category, span, text}), `mentions_llm`, `ai_skill_required`, `role_family`,
`seniority`, `salary_min_usd`, `salary_max_usd`, `salary_reject_reason`, and the occupation
(`occupation_code`, `occupation_title`, `occupation_method`, `exposure_score`, `exposure_band`).
`jobshift enrich layoffs FILE` reads `text` and optionally `company`, `date`, and adds `is_layoff`, `reason`,
`reason_evidence`, `company`, `headcount`, `percent`, and `occupation_codes` / `exposure_bands` (one item per
role phrase). The O*NET title index and the exposure scores come from a database (`--db`) that holds them;
without one, titles are mapped by the rules and the role-family fallback only, with no exposure.
One output line per input record, in input order; nothing is stored.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from jobshift.enrich.ai_attribution import attribute_ai
from jobshift.enrich.exposure import ExposureTable
from jobshift.enrich.layoffs import attribute_layoff
from jobshift.enrich.occupations import OccupationIndex, build_index
from jobshift.enrich.records import enrich_posting
from jobshift.errors import InputFileError
from jobshift.occupation_mapping import layoff_columns, posting_columns
from jobshift.sources.readers import detect_format, read_records
from jobshift.sources.values import parse_timestamp

KINDS = ("postings", "layoffs")
_REQUIRED = {"postings": ("title", "description"), "layoffs": ("text",)}


Reference = tuple[OccupationIndex, ExposureTable]


def enrich_records(kind: str, path: Path, reference: Reference | None = None) -> Iterator[dict[str, Any]]:
    """Yield each record of the file with its enrichment added (records that cannot be read get `error`).

    `reference`: the occupation index and exposure table (`jobshift.occupation_mapping.load_reference`);
    None maps occupations by rules and role-family fallback only."""
    index, exposure = reference or (build_index([], []), ExposureTable())
    fmt = detect_format(path)
    if fmt not in ("csv", "tsv", "jsonl"):
        raise InputFileError(f"{path}: `jobshift enrich` reads CSV or JSONL, not {fmt}")
    header, records = read_records(path, fmt)
    if header is not None:
        missing = [c for c in _REQUIRED[kind] if c not in header]
        if missing:
            raise InputFileError(f"{path}: missing columns {', '.join(missing)}; the file has: {', '.join(header)}")
    for location, record in records:
        if "__invalid_json__" in record:
            yield {"error": f"{location}: {record['__invalid_json__']}"}
            continue
        record = {k: v for k, v in record.items() if not k.startswith("__")}
        if kind == "postings":
            yield _posting(record, index, exposure)
        else:
            yield _layoff(record, index, exposure)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _posting(record: dict[str, Any], index: OccupationIndex, exposure: ExposureTable) -> dict[str, Any]:
    row: dict[str, Any] = {"title": _text(record.get("title")), "description": _text(record.get("description")),
                           "salary_text": _text(record.get("salary_text")), "company": _text(record.get("company"))}
    posted = record.get("posted_at") or record.get("date")
    if posted:
        with contextlib.suppress(ValueError):
            row["posted_at"] = parse_timestamp(posted)
    enriched, skills, _ = enrich_posting(row)
    out = dict(record)
    out["skills"] = [{"id": s["skill_id"], "name": s["name"], "category": s["category"],
                      "span": [s["span_start"], s["span_end"]], "text": s["evidence"]} for s in skills]
    for name in ("mentions_llm", "ai_skill_required", "ai_role", "ai_role_evidence", "role_family", "seniority",
                 "salary_min_usd", "salary_max_usd", "salary_reject_reason"):
        out[name] = enriched.get(name)
    occupation = posting_columns(index.match_title(row["title"], enriched.get("role_family")), index, exposure)
    for name in ("occupation_code", "occupation_title", "occupation_method", "exposure_score", "exposure_band"):
        out[name] = occupation[name]
    return out


def _layoff(record: dict[str, Any], index: OccupationIndex, exposure: ExposureTable) -> dict[str, Any]:
    text = _text(record.get("text"))
    tag = attribute_layoff(text, company=_text(record.get("company")) or None, url=_text(record.get("url")))
    ai = attribute_ai(text, tag, url=_text(record.get("url")))
    out = dict(record)
    out.update(is_layoff=tag.is_layoff, reason=tag.reason, reason_evidence=tag.reason_evidence,
               company=record.get("company") or tag.company, headcount=tag.headcount, percent=tag.percent,
               ai_attribution=ai.level, ai_attribution_evidence=ai.evidence, ai_attribution_speaker=ai.speaker,
               ai_attribution_confidence=ai.confidence)
    occupations = layoff_columns(text, index, exposure)
    out.update(occupation_codes=occupations["occupation_codes"], exposure_bands=occupations["exposure_bands"])
    return out


def occupation_reference(db: Path | None) -> tuple[Reference | None, str | None]:
    """The occupation index and exposure table of a database (read-only), and a note when they are missing."""
    if db is None:
        return None, ("note: no --db, so occupations come from the title rules and the role-family fallback only "
                      "(no O*NET title index, no exposure scores)")
    from jobshift.occupation_mapping import load_reference
    from jobshift.store import open_read_only

    con = open_read_only(db)
    try:
        index, exposure, _ = load_reference(con)
    finally:
        con.close()
    missing = [what for what, ok in (("O*NET titles", index.has_titles), ("exposure scores", bool(exposure.scores)))
               if not ok]
    note = (f"note: {db} holds no {' and no '.join(missing)} (import them with `jobshift import`); "
            "occupations come from the title rules and the role-family fallback") if missing else None
    return (index, exposure), note


def write_jsonl(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    """Write rows as JSON Lines; return how many."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=_default) + "\n")
        count += 1
    return count


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
