"""The bundled synthetic sample as sources: postings, layoff events and news items, all flagged synthetic.

Used only for the offline demo (`jobshift run` when no source is reachable and the database holds no real
data, or `make run OFFLINE=1`) and for tests. Every row it writes has `synthetic = TRUE`, and every output
built from it says "SYNTHETIC SAMPLE".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import duckdb

from jobshift.sources.base import RawRecord
from jobshift.sources.sample_data import (
    SYNTHETIC_SOURCE_LAYOFFS,
    SYNTHETIC_SOURCE_NEWS,
    SYNTHETIC_SOURCE_POSTINGS,
    SampleData,
    generate_sample,
)


class SampleSource:
    """One table's worth of the generated sample."""

    def __init__(self, name: str, target: str, rows: list[dict[str, object]]) -> None:
        self._name = name
        self._target = target
        self._rows = rows

    @property
    def name(self) -> str:
        return self._name

    @property
    def target(self) -> str:
        return self._target

    @property
    def synthetic(self) -> bool:
        return True

    @property
    def origin(self) -> str:
        return "bundled synthetic sample (jobshift.sources.sample_data)"

    def cursor(self) -> str | None:
        return None

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        for index, row in enumerate(self._rows):
            payload = {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}
            yield RawRecord(source_key=str(row["source_id"]), location=f"sample:{self._name}#{index}",
                            payload=payload, context={"row": row})

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        return dict(raw.context["row"])


def sample_sources(data: SampleData | None = None) -> list[SampleSource]:
    """The three sample sources (postings, layoffs, news) over `data` (default: the standard sample)."""
    data = data or generate_sample()
    return [
        SampleSource(SYNTHETIC_SOURCE_POSTINGS, "postings", data.postings),
        SampleSource(SYNTHETIC_SOURCE_LAYOFFS, "layoff_events", data.layoffs),
        SampleSource(SYNTHETIC_SOURCE_NEWS, "news_items", data.news),
    ]


def apply_sample_company_classes(con: duckdb.DuckDBPyConnection, data: SampleData) -> None:
    """Give the sample's companies their (synthetic) class, industry, stage and size."""
    from jobshift.enrich.companies import company_id

    for company in data.companies:
        cid = company_id(str(company.get("name") or ""))
        if cid is None:
            continue
        con.execute(
            "UPDATE companies SET company_class = ?, class_evidence = 'synthetic sample', "
            "industry = coalesce(industry, ?), stage = coalesce(stage, ?), employees = coalesce(employees, ?) "
            "WHERE company_id = ?",
            [company.get("company_class"), company.get("industry"), company.get("stage"),
             company.get("employees"), cid],
        )
