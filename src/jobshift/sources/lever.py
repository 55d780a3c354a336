"""Lever job boards (public Postings API, no key): `GET {base}/v0/postings/{site}?mode=json&skip=&limit=`.

The answer is a JSON array of postings, paged with `skip` / `limit` (the last page is shorter than `limit`).
Each posting has `id`, `text` (the title), `categories` {location, commitment, team, department,
allLocations}, `country` (ISO code), `workplaceType` (on-site | remote | hybrid | unspecified), `createdAt`
(epoch ms), `descriptionPlain` / `description` (HTML), `lists` [{text, content (HTML)}], `additionalPlain`,
`hostedUrl`, and where the company publishes pay `salaryRange` {min, max, currency, interval
(per-year-salary, per-month-salary, per-hour-wage, ...)} and `salaryDescriptionPlain`.

Config: `{"kind": "lever", "tokens": ["palantir", ...], "base_url": "https://api.lever.co", "page_size": 100}`
(EU boards: base_url `https://api.eu.lever.co`). source_id = `<site>:<posting id>`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from jobshift.errors import RowError, SourceResponseError
from jobshift.sources.ats_board import (
    Board,
    BoardSource,
    amount,
    board_prefix,
    country_of,
    employment_type,
    html_to_plain,
    job_id,
    pay_text_in,
    remote_of,
    text,
    timestamp,
    workplace_remote,
)
from jobshift.sources.base import RawRecord
from jobshift.sources.http import HttpClient

DEFAULT_BASE_URL = "https://api.lever.co"
MAX_PAGES = 500
_INTERVALS = {
    "per-year-salary": "year", "per-month-salary": "month", "per-week-salary": "week",
    "per-day-wage": "day", "per-hour-wage": "hour",
}


class LeverSource(BoardSource):
    """Postings of Lever boards, all pages."""

    ats = "lever"
    default_base_url = DEFAULT_BASE_URL

    def __init__(self, boards: Sequence[Board | str], *, base_url: str | None = None,
                 client: HttpClient | None = None, page_size: int = 100) -> None:
        super().__init__(boards, base_url=base_url, client=client)
        self.page_size = max(1, page_size)

    def fetch_board(self, board: Board) -> Iterator[RawRecord]:
        what = f"lever board {board.token!r}"
        url = f"{self.base_url}/v0/postings/{quote(board.token, safe='')}"
        seen: set[str] = set()
        for page in range(MAX_PAGES):
            skip = page * self.page_size
            params: dict[str, str | int] = {"mode": "json", "skip": skip, "limit": self.page_size}
            data = self.client.get_json(url, what=what, params=params)
            if not isinstance(data, list):
                raise SourceResponseError(f"{what}: expected a JSON array at {url} (page {page + 1})")
            fresh = 0
            for job in data:
                if not isinstance(job, dict):
                    continue
                key = f"{board.token}:{job.get('id')}"
                if key in seen:
                    continue
                seen.add(key)
                fresh += 1
                yield RawRecord(source_key=key, location=f"{url}?skip={skip}#{job.get('id')}",
                                payload=self.payload(board, job))
            if len(data) < self.page_size or not fresh:  # last page, or the server ignores skip
                return
        raise SourceResponseError(f"{what}: more than {MAX_PAGES} pages at {url}; stopped")

    def normalise_job(self, job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
        return normalise_lever(job, board)


def _description(job: Mapping[str, Any]) -> str | None:
    parts = [text(job.get("descriptionPlain")) or html_to_plain(job.get("description"))]
    lists = job.get("lists")
    if isinstance(lists, list):
        for item in lists:
            if isinstance(item, Mapping):
                heading, body = text(item.get("text")), html_to_plain(item.get("content"))
                parts.append("\n".join(p for p in (heading, body) if p))
    parts.append(text(job.get("additionalPlain")) or html_to_plain(job.get("additional")))
    joined = "\n\n".join(p for p in parts if p)
    return joined or None


def _salary(job: Mapping[str, Any]) -> dict[str, Any]:
    pay = job.get("salaryRange")
    if not isinstance(pay, Mapping):
        return {}
    period = _INTERVALS.get(text(pay.get("interval")) or "")
    numbers = [v for v in (amount(pay.get("min")), amount(pay.get("max"))) if v is not None]
    if not numbers or period is None:
        return {}
    return {"salary_min": numbers[0], "salary_max": numbers[-1],
            "salary_currency": (text(pay.get("currency")) or "USD").upper()[:3], "salary_period": period}


def normalise_lever(job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
    """A postings row from one Lever posting; RowError only for a posting without id or title."""
    token, company = board_prefix(board)
    title = text(job.get("text"), 300)
    if not title:
        raise RowError("posting has no title ('text')", field="title")
    categories = job.get("categories") if isinstance(job.get("categories"), Mapping) else {}
    assert isinstance(categories, Mapping)
    location = text(categories.get("location"), 200)
    remote = workplace_remote(job.get("workplaceType"))
    country = text(job.get("country"))
    description = _description(job)
    row: dict[str, Any] = {
        "source_id": f"{token}:{job_id(job)}",
        "company": company,
        "title": title,
        "description": description,
        "location": location,
        "country": country.upper() if country and len(country) == 2 else country_of(location),
        "remote": remote if remote is not None else remote_of(location),
        "posted_at": timestamp(job.get("createdAt"), ("epoch_ms", "iso")),
        "url": text(job.get("hostedUrl")) or text(job.get("applyUrl")),
        "employment_type": employment_type(categories.get("commitment")),
    }
    pay = _salary(job)
    row.update(pay)
    if not pay:
        row["salary_text"] = text(job.get("salaryDescriptionPlain"), 300) or pay_text_in(description)
    return row
