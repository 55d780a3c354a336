"""Ashby job boards (public Job Postings API, no key):
`GET {base}/posting-api/job-board/{name}?includeCompensation=true`.

The answer is `{"apiVersion": "1", "jobs": [...]}` in one page. Each job has `id`, `title`, `department`,
`team`, `employmentType` (FullTime | PartTime | Intern | Contract | Temporary), `location`,
`secondaryLocations`, `isRemote`, `workplaceType` (OnSite | Remote | Hybrid), `address.postalAddress`
{addressLocality, addressRegion, addressCountry}, `publishedAt`, `jobUrl`, `applyUrl`, `descriptionHtml` /
`descriptionPlain`, and with `includeCompensation=true` a `compensation` object: `summaryComponents`
[{compensationType (Salary | EquityPercentage | ...), interval ("1 YEAR"), currencyCode, minValue,
maxValue}] and `compensationTierSummary` ("$150K – $200K • Offers Equity").

Config: `{"kind": "ashby", "tokens": ["openai", ...], "base_url": "https://api.ashbyhq.com"}`.
source_id = `<board name>:<job id>`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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

DEFAULT_BASE_URL = "https://api.ashbyhq.com"
_PERIODS = (("year", "year"), ("annual", "year"), ("month", "month"), ("week", "week"), ("day", "day"),
            ("hour", "hour"))


class AshbySource(BoardSource):
    """Postings of Ashby job boards."""

    ats = "ashby"
    default_base_url = DEFAULT_BASE_URL

    def fetch_board(self, board: Board) -> Iterator[RawRecord]:
        what = f"ashby board {board.token!r}"
        url = f"{self.base_url}/posting-api/job-board/{quote(board.token, safe='')}"
        data = self.client.get_json(url, what=what, params={"includeCompensation": "true"})
        jobs = data.get("jobs") if isinstance(data, dict) else None
        if not isinstance(jobs, list):
            raise SourceResponseError(f"{what}: expected {{\"jobs\": [...]}} at {url}")
        for job in jobs:
            if isinstance(job, dict) and job.get("isListed", True) is not False:
                key, location = f"{board.token}:{job.get('id')}", f"{url}#{job.get('id')}"
                yield RawRecord(source_key=key, location=location, payload=self.payload(board, job))

    def normalise_job(self, job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
        return normalise_ashby(job, board)


def _salary(compensation: Any) -> dict[str, Any]:
    if not isinstance(compensation, Mapping):
        return {}
    components = compensation.get("summaryComponents")
    if not isinstance(components, list):
        return {}
    for part in components:
        if not isinstance(part, Mapping) or (text(part.get("compensationType")) or "").lower() != "salary":
            continue
        interval = (text(part.get("interval")) or "").lower()
        period = next((p for word, p in _PERIODS if word in interval), None)
        numbers = [v for v in (amount(part.get("minValue")), amount(part.get("maxValue"))) if v is not None]
        if numbers and period:
            return {"salary_min": numbers[0], "salary_max": numbers[-1], "salary_period": period,
                    "salary_currency": (text(part.get("currencyCode")) or "USD").upper()[:3]}
    return {}


def _country(job: Mapping[str, Any], location: str | None) -> str | None:
    address = job.get("address")
    postal = address.get("postalAddress") if isinstance(address, Mapping) else None
    if isinstance(postal, Mapping):
        code = text(postal.get("addressCountry"))
        if code and len(code) == 2 and code.isalpha():
            return code.upper()
        if found := country_of(code, location):
            return found
    return country_of(location)


def normalise_ashby(job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
    """A postings row from one Ashby job; RowError only for a job without id or title."""
    token, company = board_prefix(board)
    title = text(job.get("title"), 300)
    if not title:
        raise RowError("job has no title", field="title")
    location = text(job.get("location"), 200)
    description = text(job.get("descriptionPlain")) or html_to_plain(job.get("descriptionHtml"))
    remote = workplace_remote(job.get("workplaceType"))
    if remote is None and isinstance(job.get("isRemote"), bool):
        remote = bool(job.get("isRemote")) or None
    compensation = job.get("compensation")
    row: dict[str, Any] = {
        "source_id": f"{token}:{job_id(job)}",
        "company": company,
        "title": title,
        "description": description,
        "location": location,
        "country": _country(job, location),
        "remote": remote if remote is not None else remote_of(location),
        "posted_at": timestamp(job.get("publishedAt")),
        "url": text(job.get("jobUrl")) or text(job.get("applyUrl")),
        "employment_type": employment_type(job.get("employmentType")),
    }
    pay = _salary(compensation)
    row.update(pay)
    if not pay:
        summary = compensation.get("compensationTierSummary") if isinstance(compensation, Mapping) else None
        row["salary_text"] = text(summary, 300) or pay_text_in(description)
    return row
