"""Hacker News "Ask HN: Who is hiring?" threads through the public HN Search (Algolia) API.

Threads are listed with `GET {base}/api/v1/search_by_date?tags=story,author_whoishiring&query=who is hiring`
(hits: objectID, title "Ask HN: Who is hiring? (March 2025)", created_at_i); the `months` newest whose title
says "Who is hiring" are read with `GET {base}/api/v1/items/{id}` (the story with nested `children`). Each
top-level comment with text becomes one posting through `hn_text.parse_hn_comment` (company | role |
location | remote | salary from the pipe-separated first line): source `hn_whoishiring` (the same as the HN
file mappings, so a comment imported from a file and fetched live is one posting), source_id = the comment
id, posted_at = its created_at_i, url = the comment's HN link. The payload keeps the thread id, title and
month ("YYYY-MM") beside the comment (without its replies).

Cursor: the id of the newest thread fully processed. The next run re-reads that thread (comments keep
arriving during its month) and newer ones, and skips older ones.

Config: `{"kind": "hn_whoishiring", "months": 3, "base_url": "https://hn.algolia.com"}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jobshift.errors import RowError, SourceResponseError
from jobshift.sources.ats_board import country_of, text, timestamp
from jobshift.sources.base import RawRecord
from jobshift.sources.hn_text import parse_hn_comment
from jobshift.sources.http import HttpClient

DEFAULT_BASE_URL = "https://hn.algolia.com"
SOURCE_NAME = "hn_whoishiring"
_HIRING = re.compile(r"who\s+is\s+hiring", re.IGNORECASE)
_MONTH = re.compile(r"\(\s*([A-Za-z]+)\s+(\d{4})\s*\)")
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}


def thread_month(title: str | None, created_at_i: Any = None) -> str | None:
    """'YYYY-MM' from a title like 'Ask HN: Who is hiring? (March 2025)', else from the story's time."""
    match = _MONTH.search(title or "")
    if match and match.group(1).lower() in _MONTHS:
        return f"{match.group(2)}-{_MONTHS[match.group(1).lower()]:02d}"
    when = timestamp(created_at_i, ("epoch_s",))
    return when.strftime("%Y-%m") if when else None


class HNWhoIsHiringSource:
    """Postings from the last `months` "Who is hiring?" threads."""

    def __init__(self, months: int = 3, *, base_url: str | None = None,
                 client: HttpClient | None = None) -> None:
        self.months = max(1, int(months))
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.client = client or HttpClient()
        self._cursor: str | None = None

    @property
    def name(self) -> str:
        return SOURCE_NAME

    @property
    def target(self) -> str:
        return "postings"

    @property
    def synthetic(self) -> bool:
        return False

    @property
    def origin(self) -> str:
        return f"{self.base_url} (last {self.months} month(s))"

    def cursor(self) -> str | None:
        return self._cursor

    def threads(self) -> list[dict[str, Any]]:
        """The `months` newest "Who is hiring?" stories, oldest first: {id, title, month, created_at_i}."""
        url = f"{self.base_url}/api/v1/search_by_date"
        params: dict[str, str | int] = {"tags": "story,author_whoishiring", "query": "who is hiring",
                                        "hitsPerPage": min(1000, self.months * 3 + 6)}
        data = self.client.get_json(url, what="HN search for 'Who is hiring?' threads", params=params)
        hits = data.get("hits") if isinstance(data, dict) else None
        if not isinstance(hits, list):
            raise SourceResponseError(f"HN search: expected {{\"hits\": [...]}} at {url}")
        found: dict[int, dict[str, Any]] = {}
        for hit in hits:
            if not isinstance(hit, dict):
                continue
            title = text(hit.get("title")) or ""
            story = text(hit.get("objectID") or hit.get("story_id"))
            if not _HIRING.search(title) or not story or not story.isdigit():
                continue
            found[int(story)] = {"id": int(story), "title": title, "created_at_i": hit.get("created_at_i"),
                                 "month": thread_month(title, hit.get("created_at_i"))}
        newest = sorted(found)[-self.months:]
        return [found[i] for i in newest]

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        start = int(since) if since and since.isdigit() else 0
        self._cursor = since
        for thread in self.threads():
            if thread["id"] < start:
                continue
            yield from self._comments(thread)
            self._cursor = str(thread["id"])

    def _comments(self, thread: dict[str, Any]) -> Iterator[RawRecord]:
        url = f"{self.base_url}/api/v1/items/{thread['id']}"
        item = self.client.get_json(url, what=f"HN thread {thread['id']} ({thread['title']})")
        children = item.get("children") if isinstance(item, dict) else None
        if not isinstance(children, list):
            raise SourceResponseError(f"HN thread {thread['id']}: expected an item with children at {url}")
        for child in children:
            if not isinstance(child, dict) or not text(child.get("text")) or child.get("id") is None:
                continue  # deleted or flagged comments have no text
            comment = {k: v for k, v in child.items() if k != "children"}
            payload = {"thread": dict(thread), "comment": comment}
            yield RawRecord(source_key=str(child["id"]), location=f"{url}#{child['id']}", payload=payload,
                            context={"month": thread["month"]})

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        comment = raw.payload.get("comment")
        if not isinstance(comment, Mapping):
            raise RowError("payload has no comment")
        return normalise_hn(comment)


def normalise_hn(comment: Mapping[str, Any]) -> dict[str, Any]:
    """A postings row from one top-level comment; RowError for one without id or text."""
    comment_id = text(comment.get("id"))
    if not comment_id or not comment_id.isdigit():
        raise RowError("comment has no numeric id", field="source_id")
    body = comment.get("text")
    if not isinstance(body, str) or not body.strip():
        raise RowError("comment has no text", field="description")
    parsed = parse_hn_comment(body)
    posted = timestamp(comment.get("created_at_i"), ("epoch_s",)) or timestamp(comment.get("created_at"))
    return {
        "source_id": comment_id,
        "company": parsed.company,
        "title": parsed.title,
        "description": parsed.description,
        "location": parsed.location,
        "country": country_of(parsed.location),
        "remote": parsed.remote,
        "posted_at": posted,
        "salary_text": parsed.salary_text,
        "url": f"https://news.ycombinator.com/item?id={comment_id}",
    }
