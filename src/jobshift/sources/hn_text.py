"""Parsing a Hacker News "Who is hiring?" comment into posting fields.

The convention is a pipe-separated first line: `Company | Role(s) | Location | Remote | Salary | URL`,
in any order after the company, followed by free text. `parse_hn_comment` splits that line, recognises
which part is which (location, remote, pay, URL, role), and keeps the whole text as the description.
Pure functions: used by the HN file mappings and the live HN source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_BREAKS = re.compile(r"<\s*(p|br)\s*/?>|</p>|\n", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_SEPARATORS = re.compile(r"\s+[|•·–—]\s+|\s*\|\s*|\s+-\s+")
_PAY = re.compile(
    r"([$€£¥₹]\s?\d[\d,.]*\s?[kK]?)|(\d[\d,.]*\s?[kK]?\s?(USD|EUR|GBP|CAD|AUD|CHF|SEK|INR))|(\b\d{2,3}\s?[kK]\b)"
    r"|(\bequity\b)",
)
_URL = re.compile(r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(com|io|ai|co|org|net|dev|app|so|xyz)\b", re.IGNORECASE)
_REMOTE = re.compile(r"\bremote\b|\bwfh\b|\bdistributed\b|\banywhere\b", re.IGNORECASE)
_ONSITE = re.compile(r"\bon-?site\b|\bin[- ]office\b|\bonsite\b|\bhybrid\b", re.IGNORECASE)
_LOCATION_HINT = re.compile(
    r"\b(SF|NYC|NY|LA|USA?|UK|EU|EMEA|APAC|Europe|Canada|Germany|London|Berlin|Paris|Amsterdam|Toronto|"
    r"San Francisco|New York|Seattle|Austin|Boston|Chicago|Denver|Remote|Bay Area|Tokyo|Singapore|Sydney|"
    r"Bangalore|Tel Aviv|Dublin|Zurich|Stockholm|Munich|Vancouver|Montreal|Los Angeles|Washington|Atlanta|"
    r"Miami|Portland|Philadelphia|Pittsburgh|Palo Alto|Mountain View|Menlo Park|Oakland|Cambridge|"
    r"[A-Z][a-z]+,\s?[A-Z]{2})\b"
)
_ROLE_HINT = re.compile(
    r"engineer|developer|scientist|designer|manager|lead|head of|architect|analyst|researcher|"
    r"devops|sre|intern|director|product|marketing|sales|recruiter|writer|support|specialist|cto|vp\b|"
    r"founding|full[- ]?stack|front[- ]?end|back[- ]?end|ml\b|ai\b|data\b|ios|android|qa\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class HNPosting:
    """Fields recovered from one comment; None where the comment does not say."""

    company: str | None
    title: str | None
    location: str | None
    remote: bool | None
    salary_text: str | None
    url: str | None
    description: str


def html_to_text(comment_html: str) -> str:
    """HN comment HTML to plain text: paragraphs become newlines, entities decoded, tags dropped."""
    text = _BREAKS.sub("\n", comment_html)
    text = _TAGS.sub("", text)
    text = html.unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_hn_comment(comment_html: str) -> HNPosting:
    """Split the header line of a hiring comment into company, role, location, remote, pay and URL."""
    text = html_to_text(comment_html)
    first_line = text.split("\n", 1)[0].strip()
    parts = [p.strip(" ()[]") for p in _SEPARATORS.split(first_line) if p and p.strip(" ()[]")]
    if len(parts) < 2:
        return HNPosting(None, None, None, _remote_flag(first_line), _pay_in(first_line), _url_in(first_line), text)
    company = parts[0][:200]
    title = location = salary = url = None
    for part in parts[1:]:
        if url is None and _URL.fullmatch(part.strip()):
            url = part.strip()
        elif salary is None and _PAY.search(part) and not _ROLE_HINT.search(part):
            salary = part
        elif title is None and _ROLE_HINT.search(part) and not _LOCATION_HINT.fullmatch(part):
            title = part
        elif location is None and (_LOCATION_HINT.search(part) or "," in part) and not _REMOTE.fullmatch(part):
            location = part
    remote = _remote_flag(first_line)
    if location is None and remote:
        location = "Remote"
    return HNPosting(company, title and title[:300], location and location[:200], remote,
                     salary or _pay_in(first_line), url or _url_in(first_line), text)


def _remote_flag(line: str) -> bool | None:
    if _REMOTE.search(line):
        return True
    if _ONSITE.search(line):
        return False
    return None


def _pay_in(line: str) -> str | None:
    match = _PAY.search(line)
    if not match or match.group(4):
        return None
    start = max(0, match.start() - 1)
    end = min(len(line), match.end() + 12)
    segment = line[start:end]
    return segment.split("|")[0].strip() or None


def _url_in(line: str) -> str | None:
    match = _URL.search(line)
    return match.group(0).rstrip(").,") if match else None
