"""Greenhouse job boards (public Job Board API, no key): `GET {base}/v1/boards/{token}/jobs?content=true`.

The list answers `{"jobs": [...], "meta": {"total": n}}` in one page. Each job has `id`, `title`,
`updated_at`, `first_published`, `location.name`, `absolute_url`, `content` (HTML-escaped HTML),
`departments`, `offices` and `metadata` (custom fields such as an employment type). Pay ranges are only on
the single-job endpoint, `GET {base}/v1/boards/{token}/jobs/{id}?pay_transparency=true`, as
`pay_input_ranges: [{min_cents, max_cents, currency_type, title, blurb}]`; with `pay_ranges=True` the
source fetches it for every job (one extra request per job), otherwise a pay range written in the
description becomes `salary_text` for enrichment to parse.

Config: `{"kind": "greenhouse", "tokens": ["stripe", ...], "base_url": "https://boards-api.greenhouse.io",
"pay_ranges": false}`. source_id = `<token>:<job id>`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from jobshift.errors import RowError, SourceResponseError
from jobshift.sources.ats_board import (
    Board,
    BoardSource,
    board_prefix,
    country_of,
    employment_type,
    html_to_plain,
    job_id,
    pay_text_in,
    remote_of,
    text,
    timestamp,
)
from jobshift.sources.base import RawRecord
from jobshift.sources.http import HttpClient

DEFAULT_BASE_URL = "https://boards-api.greenhouse.io"


class GreenhouseSource(BoardSource):
    """Postings of Greenhouse boards."""

    ats = "greenhouse"
    default_base_url = DEFAULT_BASE_URL

    def __init__(self, boards: Sequence[Board | str], *, base_url: str | None = None,
                 client: HttpClient | None = None, pay_ranges: bool = False) -> None:
        super().__init__(boards, base_url=base_url, client=client)
        self.pay_ranges = pay_ranges

    def fetch_board(self, board: Board) -> Iterator[RawRecord]:
        what = f"greenhouse board {board.token!r}"
        url = f"{self.base_url}/v1/boards/{quote(board.token, safe='')}/jobs"
        data = self.client.get_json(url, what=what, params={"content": "true"})
        jobs = data.get("jobs") if isinstance(data, dict) else None
        if not isinstance(jobs, list):
            raise SourceResponseError(f"{what}: expected {{\"jobs\": [...]}} at {url}?content=true")
        for job in jobs:
            if not isinstance(job, dict):
                continue
            if self.pay_ranges and job.get("id") is not None:
                job = self._with_pay(board, job)
            key, location = f"{board.token}:{job.get('id')}", f"{url}#{job.get('id')}"
            yield RawRecord(source_key=key, location=location, payload=self.payload(board, job))

    def _with_pay(self, board: Board, job: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.base_url}/v1/boards/{quote(board.token, safe='')}/jobs/{job['id']}"
        try:
            detail = self.client.get_json(url, what=f"greenhouse job {board.token}:{job['id']}",
                                          params={"pay_transparency": "true"})
        except SourceResponseError:
            return job  # the list entry is enough; pay stays unknown
        if isinstance(detail, dict) and isinstance(detail.get("pay_input_ranges"), list):
            return {**job, "pay_input_ranges": detail["pay_input_ranges"]}
        return job

    def normalise_job(self, job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
        return normalise_greenhouse(job, board)


def _names(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [name for item in items if isinstance(item, Mapping) and (name := text(item.get("name")))]


def _metadata(job: Mapping[str, Any], word: str) -> str | None:
    items = job.get("metadata")
    if not isinstance(items, list):
        return None
    for item in items:
        if isinstance(item, Mapping) and word in (text(item.get("name")) or "").lower():
            value = item.get("value")
            return text(value[0] if isinstance(value, list) and value else value)
    return None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1e12


def _pay(job: Mapping[str, Any]) -> dict[str, Any]:
    ranges = job.get("pay_input_ranges")
    if not isinstance(ranges, list):
        return {}
    for item in ranges:
        if not isinstance(item, Mapping):
            continue
        low: Any = item.get("min_cents")
        high: Any = item.get("max_cents")
        if not (_number(low) and _number(high)):
            continue
        blurb = " ".join(filter(None, (text(item.get("title")), html_to_plain(item.get("blurb")))))
        hourly = "hour" in blurb.lower()
        return {"salary_min": float(low) / 100, "salary_max": float(high) / 100,
                "salary_currency": (text(item.get("currency_type")) or "USD").upper()[:3],
                "salary_period": "hour" if hourly else "year"}
    return {}


def normalise_greenhouse(job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
    """A postings row from one Greenhouse job; RowError only for a job without id or title."""
    token, company = board_prefix(board)
    title = text(job.get("title"), 300)
    if not title:
        raise RowError("job has no title", field="title")
    location_field = job.get("location")
    location = text(location_field.get("name"), 200) if isinstance(location_field, Mapping) else None
    offices = _names(job.get("offices"))
    description = html_to_plain(job.get("content"))
    row: dict[str, Any] = {
        "source_id": f"{token}:{job_id(job)}",
        "company": company,
        "title": title,
        "description": description,
        "location": location or (", ".join(offices)[:200] if offices else None),
        "country": country_of(location, *offices),
        "remote": remote_of(location, *offices),
        "posted_at": timestamp(job.get("first_published")) or timestamp(job.get("updated_at")),
        "url": text(job.get("absolute_url")),
        "employment_type": employment_type(_metadata(job, "employment type") or _metadata(job, "employment")),
    }
    pay = _pay(job)
    row.update(pay)
    if not pay:
        row["salary_text"] = pay_text_in(description)
    return row
