"""SmartRecruiters career sites (public Posting API, no key): `GET {base}/v1/companies/{id}/postings`.

The list is paged with `offset` / `limit` and answers `{"offset", "limit", "totalFound", "content": [...]}`.
Each entry has `id`, `name` (the title), `releasedDate`, `location` {city, region, country (ISO code,
lowercase), remote, hybrid, fullLocation}, `company` {identifier, name}, `department`, `function`,
`typeOfEmployment` {label}, `experienceLevel` {label}. The description is only in the details,
`GET {base}/v1/companies/{id}/postings/{posting id}`: `jobAd.sections` {companyDescription, jobDescription,
qualifications, additionalInformation} each {title, text (HTML)}, plus `postingUrl` / `applyUrl`. With
`details=True` (default) the source fetches them (one request per posting) and merges them into the entry;
a detail that fails leaves the list entry alone.

Config: `{"kind": "smartrecruiters", "tokens": ["Visa", ...], "base_url": "https://api.smartrecruiters.com",
"details": true, "page_size": 100}`. source_id = `<company id>:<posting id>`.
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

DEFAULT_BASE_URL = "https://api.smartrecruiters.com"
MAX_PAGES = 500
_SECTIONS = ("jobDescription", "qualifications", "additionalInformation", "companyDescription")


class SmartRecruitersSource(BoardSource):
    """Postings of SmartRecruiters companies, all pages, with details."""

    ats = "smartrecruiters"
    default_base_url = DEFAULT_BASE_URL

    def __init__(self, boards: Sequence[Board | str], *, base_url: str | None = None,
                 client: HttpClient | None = None, details: bool = True, page_size: int = 100) -> None:
        super().__init__(boards, base_url=base_url, client=client)
        self.details = details
        self.page_size = max(1, page_size)

    def fetch_board(self, board: Board) -> Iterator[RawRecord]:
        what = f"smartrecruiters company {board.token!r}"
        url = f"{self.base_url}/v1/companies/{quote(board.token, safe='')}/postings"
        offset, seen = 0, set()
        for _ in range(MAX_PAGES):
            data = self.client.get_json(url, what=what, params={"offset": offset, "limit": self.page_size})
            content = data.get("content") if isinstance(data, dict) else None
            if not isinstance(content, list):
                raise SourceResponseError(f"{what}: expected {{\"content\": [...]}} at {url}?offset={offset}")
            total = data.get("totalFound")
            fresh = 0
            for entry in content:
                if not isinstance(entry, dict) or f"{board.token}:{entry.get('id')}" in seen:
                    continue
                key = f"{board.token}:{entry.get('id')}"
                seen.add(key)
                fresh += 1
                job = self._with_details(url, board, entry) if self.details else entry
                location = f"{url}/{entry.get('id')}"
                yield RawRecord(source_key=key, location=location, payload=self.payload(board, job))
            offset += len(content)
            if not content or not fresh or (isinstance(total, int) and offset >= total):
                return
        raise SourceResponseError(f"{what}: more than {MAX_PAGES} pages at {url}; stopped")

    def _with_details(self, url: str, board: Board, entry: dict[str, Any]) -> dict[str, Any]:
        if entry.get("id") is None:
            return entry
        detail_url = f"{url}/{quote(str(entry['id']), safe='')}"
        try:
            what = f"smartrecruiters posting {board.token}:{entry['id']}"
            detail = self.client.get_json(detail_url, what=what)
        except SourceResponseError:
            return entry
        return {**entry, **detail} if isinstance(detail, dict) else entry

    def normalise_job(self, job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
        return normalise_smartrecruiters(job, board)


def _label(value: Any) -> str | None:
    return text(value.get("label")) if isinstance(value, Mapping) else text(value)


def _description(job: Mapping[str, Any]) -> str | None:
    ad = job.get("jobAd")
    sections = ad.get("sections") if isinstance(ad, Mapping) else None
    if not isinstance(sections, Mapping):
        return None
    parts: list[str] = []
    for name in _SECTIONS:
        section = sections.get(name)
        if isinstance(section, Mapping) and (body := html_to_plain(section.get("text"))):
            heading = text(section.get("title"))
            parts.append(f"{heading}\n{body}" if heading else body)
    return "\n\n".join(parts) or None


def normalise_smartrecruiters(job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
    """A postings row from one SmartRecruiters posting; RowError only for a posting without id or name."""
    token, company = board_prefix(board)
    title = text(job.get("name"), 300)
    if not title:
        raise RowError("posting has no name", field="title")
    place = job.get("location") if isinstance(job.get("location"), Mapping) else {}
    assert isinstance(place, Mapping)
    location = text(place.get("fullLocation"), 200) or ", ".join(
        p for p in (text(place.get(k)) for k in ("city", "region", "country")) if p)[:200] or None
    code = text(place.get("country"))
    remote = place.get("remote")
    description = _description(job)
    posting_id = job_id(job)
    row: dict[str, Any] = {
        "source_id": f"{token}:{posting_id}",
        "company": company,
        "title": title,
        "description": description,
        "location": location,
        "country": code.upper() if code and len(code) == 2 and code.isalpha() else country_of(location),
        "remote": True if remote is True else (False if place.get("hybrid") is True else remote_of(location)),
        "posted_at": timestamp(job.get("releasedDate")),
        "url": text(job.get("postingUrl")) or f"https://jobs.smartrecruiters.com/{token}/{posting_id}",
        "employment_type": employment_type(_label(job.get("typeOfEmployment"))),
        "salary_text": pay_text_in(description),
    }
    return row
