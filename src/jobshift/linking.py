"""After an ingest: news stories that report a layoff become layoff events, then every layoff event is linked
to the real-world event (cluster) it reports. A pipeline step: it reads the store, runs the pure functions
of `jobshift.enrich` and writes.

    summary = update_layoff_events(con)     # what `jobshift run` / `jobshift import` call at the end

1. `news_layoff_events`: each stored (non-synthetic) news item is read by the layoff extractor
   (`enrich.layoffs.attribute_layoff`) on its headline and summary; when it describes job cuts and its
   headline names the company ("Acme to cut 1,200 jobs …"), it becomes a `layoff_events` row of source
   `news_layoffs` whose source_id is the story's `item_id` (so event_id `news_layoffs:<item_id>`, stable;
   the view `news_layoff_events` joins the two), with the story's URL, published date as announced_on,
   headcount / percent and the reason with its evidence. It goes through the ordinary ingest
   (`pipeline.ingest`): raw record kept, run logged, idempotent, one transaction.
2. `link_events`: every layoff event is matched (`enrich.event_match.cluster_events`, blocked by company)
   and `layoff_event_links` is replaced in ONE transaction: re-running gives the same rows, never more.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from jobshift.enrich.event_match import NEWS_EVENT_SOURCE, EventRef, Link, MatchRules, cluster_events
from jobshift.enrich.layoffs import attribute_layoff
from jobshift.errors import StoreError
from jobshift.fields import FieldType
from jobshift.pipeline import IngestResult, ingest, new_run_id
from jobshift.sources.base import RawRecord
from jobshift.store.arrow import table_from_rows

__all__ = [
    "NEWS_EVENT_SOURCE",
    "LinkSummary",
    "NewsLayoffSource",
    "headline_company_after",
    "link_events",
    "news_layoff_events",
    "news_layoff_row",
    "stored_events",
    "update_layoff_events",
    "write_links",
]

_JUDGE_CHARS = 2_000  # headline + summary (or the start of the article when there is no summary)
_REASON_CHARS = 5_000  # the article text read for a reason when the headline and summary give none

_LINK_COLUMNS: dict[str, FieldType] = {
    "event_id": "str", "cluster_id": "str", "company_key": "str", "kind": "str", "method": "str",
    "score": "float", "days_from_anchor": "int",
}


@dataclass
class LinkSummary:
    """What one linking step did."""

    news: IngestResult | None = None  # the news_layoffs ingest (None when no news item is stored)
    events: int = 0  # layoff events linked
    clusters: int = 0  # real-world events they form
    merged: int = 0  # clusters of more than one event (reported more than once)
    by_kind: dict[str, int] = field(default_factory=dict)  # clusters per combination of kinds, e.g. "tracker+warn"
    seconds: float = 0.0

    def line(self) -> str:
        """One line for the run summary."""
        news = f"{self.news.counts.new} new news-reported event(s); " if self.news else ""
        return (f"linking: {news}{self.events:,} layoff events form {self.clusters:,} real-world events "
                f"({self.merged:,} reported more than once) in {self.seconds:.1f}s")


# ----------------------------------------------------------------------------------- news -> events


# Round-ups count many layoffs at once ("Monthly layoffs tracker, May 2025: 6,554 cuts"): not one event.
_ROUNDUP = re.compile(r"\b(?:tracker|round-?up|so far this|this (?:week|month|year)|across [\d,]+ (?:companies|firms)"
                      r"|layoffs in (?:january|february|march|april|may|june|july|august|september|october|november"
                      r"|december|20\d\d))\b", re.IGNORECASE)
_NAME = r"(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:[A-Z0-9][\w&.'’-]*|&|of|and|de)){0,3})"
# Headlines that name the company after the cut: "Layoffs hit Acme as …", "At Acme, layoffs and …".
_COMPANY_AFTER = (
    re.compile(rf"^\W*(?i:layoffs?|job\s+cuts|cuts)\s+(?i:hit|at|strike|come\s+to|reach)\s+{_NAME}"
               r"(?=\s*(?:[,:–-]|(?i:as|amid|after)\b|$))"),
    re.compile(rf"^\W*(?i:at)\s+{_NAME}\s*,"),
)


def headline_company_after(title: str) -> str | None:
    """The company a headline names after the cut ("Layoffs hit Acme Corp as 300 …" -> "Acme Corp")."""
    for pattern in _COMPANY_AFTER:
        match = pattern.match(title)
        if match:
            return match.group("name").strip(" .,")
    return None


def news_layoff_row(item: dict[str, Any]) -> dict[str, Any] | None:
    """The layoff_events row a news item describes, or None when it is not a layoff at a named company.

    `item`: item_id, url, title, summary, text, published_at. Pure. The company is the one the headline
    starts with (`enrich.layoffs.headline_company`), or names right after the cut ("Layoffs hit Acme as
    …"); round-ups ("tracker", "this week", "across 40 companies") are not events.
    """
    title = (item.get("title") or "").strip()
    if _ROUNDUP.search(title):
        return None
    blurb = (item.get("summary") or "").strip() or (item.get("text") or "")[:_JUDGE_CHARS]
    judged = f"{title}. {blurb}".strip(" .")[:_JUDGE_CHARS] if blurb else title
    if not judged:
        return None
    url = item.get("url")
    tag = attribute_layoff(judged, url=url)
    company = tag.company or headline_company_after(title)
    if not tag.is_layoff or not company:
        return None
    reason, evidence = tag.reason, tag.reason_evidence
    if reason == "unknown" and item.get("text"):
        deeper = attribute_layoff(str(item["text"])[:_REASON_CHARS])
        if deeper.reason != "unknown":
            reason, evidence = deeper.reason, f"{deeper.reason_evidence} (article text)"
    published = item.get("published_at")
    return {
        "source_id": item["item_id"],
        "company": company,
        "announced_on": published.date() if isinstance(published, datetime) else published,
        "headcount": tag.headcount,
        "percent": tag.percent,
        "reason": reason,
        "reason_evidence": evidence,
        "notice_type": "news report",
        "description": judged,
        "url": url,
    }


class NewsLayoffSource:
    """The news items given to it, as layoff events (only those `news_layoff_row` accepts)."""

    def __init__(self, items: Sequence[dict[str, Any]]) -> None:
        self.items = items

    @property
    def name(self) -> str:
        return NEWS_EVENT_SOURCE

    @property
    def target(self) -> str:
        return "layoff_events"

    @property
    def synthetic(self) -> bool:
        return False

    @property
    def origin(self) -> str:
        return f"{len(self.items)} stored news item(s)"

    def cursor(self) -> str | None:
        return None

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        for item in self.items:
            row = news_layoff_row(item)
            if row is None:
                continue
            payload = {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}
            yield RawRecord(source_key=str(item["item_id"]), location=f"news_items:{item['item_id']}",
                            payload=payload, context={"row": row})

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        return dict(raw.context["row"])


def news_layoff_events(con: duckdb.DuckDBPyConnection, *, run_id: str | None = None) -> IngestResult | None:
    """Turn the stored news items into layoff events (one ingest); None when there are no news items."""
    try:
        cursor = con.execute(
            "SELECT item_id, url, title, summary, text, published_at FROM news_items WHERE NOT synthetic "
            "ORDER BY item_id")
        names = [d[0] for d in cursor.description or []]
        items = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.Error as exc:
        raise StoreError(f"linking: could not read news_items: {exc}") from exc
    if not items:
        return None
    return ingest(con, NewsLayoffSource(items), run_id=run_id or new_run_id())


# ----------------------------------------------------------------------------------- linking


def stored_events(con: duckdb.DuckDBPyConnection) -> list[EventRef]:
    """What matching needs of every stored layoff event."""
    rows = con.execute(
        "SELECT event_id, source, company, company_id, coalesce(announced_on, effective_on), headcount "
        "FROM layoff_events").fetchall()
    return [EventRef(str(r[0]), str(r[1]), r[2], r[3], r[4], None if r[5] is None else int(r[5])) for r in rows]


def write_links(con: duckdb.DuckDBPyConnection, links: Sequence[Link]) -> None:
    """Replace layoff_event_links with `links`, in one transaction."""
    rows = [{"event_id": k.event_id, "cluster_id": k.cluster_id, "company_key": k.company_key, "kind": k.kind,
             "method": k.method, "score": k.score, "days_from_anchor": k.days_from_anchor} for k in links]
    con.register("_links", table_from_rows(rows, _LINK_COLUMNS))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM layoff_event_links")
        names = ", ".join(_LINK_COLUMNS)
        con.execute(f"INSERT INTO layoff_event_links ({names}) SELECT {names} FROM _links")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise StoreError(f"linking: could not write layoff_event_links: {exc}") from exc
    finally:
        con.unregister("_links")


def link_events(con: duckdb.DuckDBPyConnection, rules: MatchRules | None = None) -> LinkSummary:
    """Match every stored layoff event to its real-world event and store the links."""
    started = time.perf_counter()
    try:
        events = stored_events(con)
    except duckdb.Error as exc:
        raise StoreError(f"linking: could not read layoff_events: {exc}") from exc
    links = cluster_events(events, rules)
    write_links(con, links)
    members: dict[str, list[Link]] = {}
    for link in links:
        members.setdefault(link.cluster_id, []).append(link)
    kinds = Counter("+".join(sorted({k.kind for k in group})) for group in members.values() if len(group) > 1)
    return LinkSummary(events=len(links), clusters=len(members), merged=sum(kinds.values()),
                       by_kind=dict(kinds), seconds=time.perf_counter() - started)


def update_layoff_events(con: duckdb.DuckDBPyConnection, *, run_id: str | None = None,
                         rules: MatchRules | None = None, news: bool = True) -> LinkSummary:
    """News items -> layoff events (unless `news` is False: nothing new to read), then link every layoff
    event. The step after `jobshift run` and `jobshift import`."""
    started = time.perf_counter()
    from_news = news_layoff_events(con, run_id=run_id) if news else None
    summary = link_events(con, rules)
    summary.news = from_news
    summary.seconds = time.perf_counter() - started
    return summary
