"""Job boards: the shared life of an ATS board source, and field helpers.

`BoardSource` is the base of the Greenhouse, Lever, Ashby and SmartRecruiters sources: one source per ATS
(its `name`, e.g. `greenhouse`) over many boards. `fetch` walks the boards in order; a board that answers
with something unusable (404, bad JSON) is skipped and noted in `problems` unless it is the only board or
every board failed; `SourceUnreachable` stops the source (all boards of an ATS share one host). After a
board was fetched completely, `live_ids()[token]` holds the `source_id`s it listed.

Closing — inside the source's transaction, `pipeline.ingest` passes `live_ids()` to
`store.closing.close_boards`, which sets `closed_at` on each fully fetched board's stored postings that were
not listed and clears it on listed ones that had been closed (a posting can come back). Postings are never
deleted; `last_seen` moves only for listed postings. A board that failed is left alone.

Payloads are `{"board": {"ats", "token", "company"}, "job": <the job as the API gave it>}`, so a stored raw
record can be normalised again without the board list.
"""

from __future__ import annotations

import html
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jobshift.enrich.places import country_of as country_of  # re-exported for the board sources
from jobshift.errors import RowError, SourceResponseError, SourceUnreachable
from jobshift.sources.base import RawRecord
from jobshift.sources.http import HttpClient
from jobshift.sources.values import parse_timestamp

log = logging.getLogger(__name__)
COMPANY_CLASSES = ("ai_native", "startup", "incumbent")


@dataclass(frozen=True, slots=True)
class Board:
    """One company's board on one ATS."""

    ats: str
    token: str
    company: str | None = None
    company_class: str | None = None


class BoardSource(ABC):
    """Base of the ATS sources: fetch every board, remember the live ids, normalise `{"board", "job"}`."""

    ats: str = ""
    default_base_url: str = ""

    def __init__(self, boards: Sequence[Board | str], *, base_url: str | None = None,
                 client: HttpClient | None = None) -> None:
        self.boards = [b if isinstance(b, Board) else Board(self.ats, b) for b in boards]
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.client = client or HttpClient()
        self.problems: list[str] = []
        self._live: dict[str, set[str]] = {}

    @property
    def name(self) -> str:
        return self.ats

    @property
    def target(self) -> str:
        return "postings"

    @property
    def synthetic(self) -> bool:
        return False

    @property
    def origin(self) -> str:
        return f"{self.base_url} ({len(self.boards)} board{'s' if len(self.boards) != 1 else ''})"

    def cursor(self) -> str | None:
        return None  # boards are fetched whole each run; conditional requests make unchanged ones cheap

    def live_ids(self) -> dict[str, set[str]]:
        """For each board fetched completely in the last `fetch`: the source_ids it listed."""
        return {token: set(ids) for token, ids in self._live.items()}

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        self.problems, self._live = [], {}
        for board in self.boards:
            ids: set[str] = set()
            try:
                for record in self.fetch_board(board):
                    ids.add(record.source_key)
                    yield record
            except SourceUnreachable:
                raise
            except SourceResponseError as exc:
                if len(self.boards) == 1:
                    raise
                log.warning("%s", exc)
                self.problems.append(str(exc))
                continue
            self._live[board.token] = ids
        if self.boards and not self._live:
            raise SourceResponseError(f"{self.ats}: every board failed; first: {self.problems[0]}")

    def payload(self, board: Board, job: Any) -> dict[str, Any]:
        return {"board": {"ats": board.ats, "token": board.token, "company": board.company}, "job": job}

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        board = raw.payload.get("board")
        job = raw.payload.get("job")
        if not isinstance(board, Mapping) or not isinstance(job, Mapping):
            raise RowError("payload is not {board, job}")
        return self.normalise_job(job, board)

    @abstractmethod
    def fetch_board(self, board: Board) -> Iterator[RawRecord]:
        """Yield one RawRecord per posting of `board` (source_key = source_id), all pages."""

    @abstractmethod
    def normalise_job(self, job: Mapping[str, Any], board: Mapping[str, Any]) -> dict[str, Any]:
        """A postings row from one job of the API; RowError for a job that cannot be one."""


def board_prefix(board: Mapping[str, Any]) -> tuple[str, str]:
    """(token, company) of a payload's board; company falls back to the token."""
    token = text(board.get("token"))
    if not token:
        raise RowError("payload names no board token", field="source_id")
    return token, text(board.get("company")) or token


def job_id(job: Mapping[str, Any], key: str = "id") -> str:
    value = job.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise RowError(f"job has no usable {key!r}", field="source_id")
    return str(value).strip()


# --- field helpers shared by the board sources (pure; never raise) ---

_BLOCK = re.compile(r"<\s*/?\s*(p|br|li|ul|ol|div|h[1-6]|tr|section|article)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_REMOTE = re.compile(r"\bremote\b|\banywhere\b|\bdistributed\b", re.IGNORECASE)
_PAY_RANGE = re.compile(
    r"(?:[$€£]|\b(?:USD|EUR|GBP|CAD|AUD)\s?)\s?\d[\d,.]*\s?[kK]?"
    r"(?:\s*(?:-|–|—|to)\s*(?:[$€£]|\b(?:USD|EUR|GBP|CAD|AUD)\s?)?\s?\d[\d,.]*\s?[kK]?)"
    r"(?:\s*(?:USD|EUR|GBP|CAD|AUD))?(?:\s*(?:per|/|a)\s*(?:year|yr|annum|hour|hr|month))?",
)
_EMPLOYMENT = {
    "fulltime": "full_time", "full time": "full_time", "full-time": "full_time", "permanent": "full_time",
    "parttime": "part_time", "part time": "part_time", "part-time": "part_time", "contract": "contract",
    "contractor": "contract", "freelance": "contract", "intern": "internship", "internship": "internship",
    "temporary": "temporary", "temp": "temporary", "fixed term": "temporary", "seasonal": "temporary",
}


def text(value: Any, limit: int | None = None) -> str | None:
    """A stripped non-empty string (numbers become strings), or None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    result = str(value).strip()
    return (result[:limit] if limit else result) or None


def html_to_plain(value: Any) -> str | None:
    """HTML (also HTML-escaped HTML, as Greenhouse sends) to text, one line per block; None if empty."""
    if not isinstance(value, str):
        return None
    source = html.unescape(value) if "&lt;" in value else value
    plain = html.unescape(_TAG.sub("", _BLOCK.sub("\n", source)))
    lines = (_SPACES.sub(" ", line).strip() for line in plain.split("\n"))
    return "\n".join(line for line in lines if line) or None


def timestamp(value: Any, formats: tuple[str, ...] = ("iso",)) -> datetime | None:
    """A naive UTC datetime, or None when absent or unreadable (a bad date does not cost the posting)."""
    if value is None or isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        parsed = parse_timestamp(value, formats)
    except (RowError, ValueError, OverflowError, OSError):
        return None
    return parsed if 1990 <= parsed.year <= 2100 else None


def amount(value: Any) -> float | None:
    """A finite number between 0 and 1e12 (JSON number or numeric text), else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value) if isinstance(value, int | float | str) else None
    except (ValueError, OverflowError):
        return None
    return number if number is not None and 0 <= number < 1e12 else None


def workplace_remote(value: Any) -> bool | None:
    """True for 'remote', False for on-site / hybrid wording, else None."""
    key = re.sub(r"[\s_-]+", "", (text(value) or "").lower())
    return True if key == "remote" else False if key in ("onsite", "hybrid", "inoffice") else None


def remote_of(*texts: str | None) -> bool | None:
    """True when a location / workplace text says remote, else None (not known)."""
    return True if any(t and _REMOTE.search(t) for t in texts) else None


def pay_text_in(description: str | None) -> str | None:
    """The first pay range written in a description ('$150,000 - $200,000 USD'), for salary_text."""
    if not description:
        return None
    match = _PAY_RANGE.search(description)
    return match.group(0).strip()[:120] if match else None


def employment_type(value: Any) -> str | None:
    """full_time | part_time | contract | internship | temporary from ATS wording; else lowercased text."""
    raw = text(value, 60)
    if raw is None:
        return None
    key = re.sub(r"[_\s]+", " ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", raw)).strip().lower()
    return _EMPLOYMENT.get(key) or _EMPLOYMENT.get(key.replace(" ", "")) or key
