"""News from RSS / Atom feeds (feedparser), with the article text extracted by trafilatura when reachable.

Each feed is fetched through the shared client (conditional requests make an unchanged feed a 304) and
parsed by feedparser; each entry with a link becomes one `news_items` row: source `news`, source_id =
sha1 of the link, title, published_at, summary (HTML → text) and text. With `fetch_articles` (default) the
linked page is fetched (one quick attempt, `max_articles` per run) and its main text extracted with
trafilatura; when that fails, or trafilatura is not installed, `text` stays empty and the summary is kept.
The extractor is injectable (`extractor=`) for tests.

Feeds: `data/news_feeds.yaml` by default (Google News searches on layoffs / AI hiring and some business
feeds); config `{"kind": "news", "feeds": [{"name": ..., "url": ...}], "fetch_articles": true,
"max_articles": 200}`. Cursor: the newest published time seen (ISO); older entries are skipped next run.
A feed that fails is noted in `problems` and skipped; the source fails only when every feed failed.

The stored items are then read by the layoff extractor (`jobshift.linking`, after the run): a story that
reports cuts at a named company becomes a `layoff_events` row of source `news_layoffs`, linked back to the
item (docs/events.md).
"""

from __future__ import annotations

import calendar
import hashlib
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import feedparser  # type: ignore[import-untyped]
import yaml

from jobshift.errors import ConfigError, RowError, SourceError, SourceResponseError, SourceUnreachable
from jobshift.sources.ats_board import html_to_plain, text, timestamp
from jobshift.sources.base import RawRecord
from jobshift.sources.http import HttpClient

log = logging.getLogger(__name__)
Extractor = Callable[[str, str], str | None]
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class Feed:
    name: str
    url: str


def default_feeds() -> list[Feed]:
    """The packaged feed list (data/news_feeds.yaml)."""
    raw = resources.files("jobshift").joinpath("data/news_feeds.yaml").read_text(encoding="utf-8")
    return parse_feeds(yaml.safe_load(raw).get("feeds", []), "data/news_feeds.yaml")


def parse_feeds(items: Any, where: str) -> list[Feed]:
    """Feeds from a list of {name, url} mappings (or bare URLs); ConfigError naming `where` otherwise."""
    if not isinstance(items, list):
        raise ConfigError(f"{where}: feeds must be a list of {{name, url}}")
    feeds: list[Feed] = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            item = {"name": item, "url": item}
        url = text(item.get("url")) if isinstance(item, Mapping) else None
        if not url or not url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}: feed #{index + 1} has no http(s) url")
        assert isinstance(item, Mapping)
        feeds.append(Feed(text(item.get("name")) or url, url))
    return feeds


def trafilatura_extract(html_text: str, url: str) -> str | None:
    """Main text of an article page by trafilatura; None when it is not installed or finds nothing."""
    try:
        import trafilatura
    except ImportError:
        return None
    try:
        return trafilatura.extract(html_text, url=url, include_comments=False)
    except Exception:  # trafilatura may fail on odd pages; the summary is kept
        return None


def _published(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC).replace(tzinfo=None)
            except (TypeError, ValueError, OverflowError):
                continue
    return timestamp(entry.get("published")) or timestamp(entry.get("updated"))


class NewsSource:
    """News items from a list of feeds."""

    def __init__(self, feeds: Sequence[Feed] | None = None, *, client: HttpClient | None = None,
                 fetch_articles: bool = True, max_articles: int = 200, extractor: Extractor | None = None,
                 max_items_per_feed: int = 200) -> None:
        self.feeds = list(feeds) if feeds is not None else default_feeds()
        self.client = client or HttpClient()
        self.fetch_articles = fetch_articles
        self.max_articles = max_articles
        self.extractor = extractor or trafilatura_extract
        self.max_items_per_feed = max_items_per_feed
        self.problems: list[str] = []
        self._cursor: str | None = None
        self._articles: HttpClient | None = None

    @property
    def name(self) -> str:
        return "news"

    @property
    def target(self) -> str:
        return "news_items"

    @property
    def synthetic(self) -> bool:
        return False

    @property
    def origin(self) -> str:
        return f"{len(self.feeds)} feed(s): " + ", ".join(f.name for f in self.feeds[:5])

    def cursor(self) -> str | None:
        return self._cursor

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        self.problems, self._cursor = [], since
        after = timestamp(since) if since else None
        newest, unreachable, articles = after, 0, 0
        for feed in self.feeds:
            try:
                entries = self._entries(feed)
            except SourceError as exc:
                unreachable += isinstance(exc, SourceUnreachable)
                log.warning("%s", exc)
                self.problems.append(str(exc))
                continue
            for entry in entries[: self.max_items_per_feed]:
                link = text(entry.get("link"))
                if not link:
                    continue
                published = _published(entry)
                if after is not None and published is not None and published <= after:
                    continue
                article = None
                if self.fetch_articles and articles < self.max_articles:
                    articles += 1
                    article = self._article(link)
                source = entry.get("source")
                payload = {
                    "feed": feed.name, "feed_url": feed.url, "id": text(entry.get("id")), "link": link,
                    "title": text(entry.get("title")), "summary": text(entry.get("summary")),
                    "published": published.isoformat() if published else None,
                    "publisher": text(source.get("title")) if isinstance(source, Mapping) else None,
                    "text": article,
                }
                key = hashlib.sha1(link.encode("utf-8")).hexdigest()
                yield RawRecord(source_key=key, location=f"{feed.url}#{link}", payload=payload)
                if published is not None and (newest is None or published > newest):
                    newest = published
        if self.feeds and len(self.problems) == len(self.feeds):
            error = SourceUnreachable if unreachable == len(self.feeds) else SourceResponseError
            raise error(f"news: every feed failed; first: {self.problems[0]}")
        self._cursor = newest.isoformat() if newest else since

    def _entries(self, feed: Feed) -> list[Mapping[str, Any]]:
        fetched = self.client.get(feed.url, what=f"news feed {feed.name!r}", accept=_ACCEPT)
        parsed = feedparser.parse(fetched.content)
        entries = [e for e in parsed.get("entries", []) if isinstance(e, Mapping)]
        if not entries and parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            raise SourceResponseError(
                f"news feed {feed.name!r}: not a readable RSS/Atom feed at {fetched.url} ({reason})")
        return entries

    def _article(self, link: str) -> str | None:
        if self._articles is None:  # one quick try per article: a slow site must not hold up the run
            self._articles = HttpClient(replace(self.client.config, attempts=1, retry_budget=5.0),
                                        cache=self.client.cache)
        try:
            page = self._articles.get(link, what="news article", accept="text/html", conditional=False)
        except SourceError:
            return None
        extracted = self.extractor(page.text, link)
        return extracted.strip()[:100_000] if isinstance(extracted, str) and extracted.strip() else None

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        return normalise_item(raw.payload)


def normalise_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A news_items row from one stored entry; RowError for an entry without a link."""
    link = text(item.get("link"))
    if not link:
        raise RowError("entry has no link", field="url")
    return {
        "source_id": hashlib.sha1(link.encode("utf-8")).hexdigest(),
        "url": link,
        "title": html_to_plain(item.get("title")),
        "published_at": timestamp(item.get("published")),
        "summary": html_to_plain(item.get("summary")),
        "text": text(item.get("text")),
    }
