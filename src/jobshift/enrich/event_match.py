"""Grouping layoff events from different sources into real-world events (clusters). Pure: events in, links out.

The same layoff reaches the store several times: as one or more WARN notices (one per establishment), as a
row of each layoff tracker and as news stories. `cluster_events` groups them without touching any source's
row; each event gets a `Link` to its cluster. The rule (docs/events.md explains it with an example):

1. **Company.** Events are compared only within one company (`company_keys`): the stored `company_id` of
   announcement sources (trackers, news); a WARN notice's employer name is resolved against those names
   with `CompanyResolver` (aliases, spacing, generic words, then rapidfuzz) so "Micron Technology Inc" in a
   notice meets "Micron" in a tracker. Events without a company or a date stay on their own.
2. **Anchors.** In each company, events are taken in a fixed order - trackers, then news, then WARN; by
   date; by event_id - so the result depends on the set of events only, never on the order they come in.
   An event joins the nearest (in days) existing cluster whose *anchor* (first event) it is compatible
   with; otherwise it starts a cluster of its own and anchors it. Comparing with the anchor, not with every
   member, stops chains (weekly notices of one retailer never creep into one cluster).
3. **Compatible** with an anchor (rules in `MatchRules`):
   - tracker or news vs a tracker/news anchor: dates at most `window_days` (14) apart, and, unless the
     dates are at most `same_days` (3) apart, the stated headcounts (when both state one) within a factor
     `headcount_ratio` (2) of each other (on the same days one report's cumulative figure and another's
     increment are still one announcement: Amazon's "18,000" and "8,000" of January 2023);
   - a tracker row never joins a cluster that already holds a row of the same tracker (a tracker's own
     rows are distinct events in its own accounting; the store keeps its yearly totals exact);
   - a WARN notice joins a tracker/news anchor when dated from `warn_before_days` (14) before to
     `warn_after_days` (30) after the announcement (notices are filed around the announcement, and in
     further states in the weeks after), and the notices in the cluster add up to at most
     `warn_headcount_slack` (1.25) × the announced headcount when the anchor states one (a notice covers
     one site: several add up to the announced cut, never to much more);
   - WARN notices never anchor other notices: without an announcement nothing says that two notices of one
     employer are one decision, so each stays an event of its own.

Every event gets a link (a lone event is the anchor of a one-event cluster, method `single`). The cluster
id is its anchor's event_id. `score` is the company-name score (1 for exact, alias, spacing) times the date
closeness 1 - |days| / (window + 1).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Final

from jobshift.enrich.companies import CompanyMatch, CompanyResolver

KINDS: Final[tuple[str, ...]] = ("tracker", "news", "warn")  # anchor order: trackers first
_RANK: Final[dict[str, int]] = {kind: rank for rank, kind in enumerate(KINDS)}
NEWS_EVENT_SOURCE: Final[str] = "news_layoffs"  # the source of events read from news stories (jobshift.linking)


@lru_cache(maxsize=1024)
def source_kind(source: str) -> str:
    """`warn` for WARN notices (source `warn`, `warn_…`), `news` for news-reported events, else `tracker`."""
    name = source.lower()
    if name == "warn" or name.startswith("warn_"):
        return "warn"
    if name == NEWS_EVENT_SOURCE or name.startswith("news"):
        return "news"
    return "tracker"


@dataclass(frozen=True, slots=True)
class EventRef:
    """What matching needs of one layoff_events row."""

    event_id: str
    source: str
    company: str | None  # name as the source gives it
    company_id: str | None  # as stored (slug of the normalised name)
    on: date | None  # announced_on, else effective_on
    headcount: int | None


@dataclass(frozen=True, slots=True)
class MatchRules:
    """The thresholds of the matching rule (see the module docstring)."""

    window_days: int = 14
    warn_before_days: int = 14
    warn_after_days: int = 30
    headcount_ratio: float = 2.0
    same_days: int = 3
    warn_headcount_slack: float = 1.25


@dataclass(frozen=True, slots=True)
class Link:
    """One event's place in a cluster."""

    event_id: str
    cluster_id: str  # the anchor's event_id
    company_key: str | None
    kind: str  # tracker | news | warn
    method: str  # single | anchor | <company method>+window (exact, alias, spacing, generic_words, fuzzy)
    score: float
    days_from_anchor: int | None


@dataclass(frozen=True, slots=True)
class CompanyKey:
    key: str
    method: str  # exact (stored id) | override | spacing | generic_words | fuzzy
    score: float  # 0-1


def company_keys(events: Iterable[EventRef], rules: MatchRules | None = None) -> dict[str, CompanyKey]:
    """The company each event is compared within (event_id -> key); events without a company are absent.

    Announcement sources (trackers, news) keep their stored company_id. A WARN notice's employer is resolved
    against the announcement sources' names (so legal-entity spellings meet the brand name); when nothing
    is close enough it keeps its own id and can only meet events with that same id.
    """
    listed = list(events)
    known = {e.company_id for e in listed if e.company_id and source_kind(e.source) != "warn"}
    by_normal = {_normal(cid): cid for cid in known}
    resolver = CompanyResolver(by_normal)
    # Resolving costs a fuzzy search: only notices that some announcement (of any company) is near in time
    # can match at all (WARN files go back to 1999, the trackers to 2020).
    rules = rules or MatchRules()
    announced = sorted({e.on.toordinal() for e in listed if e.on and source_kind(e.source) != "warn"})
    found_for: dict[str, CompanyMatch | None] = {}
    out: dict[str, CompanyKey] = {}
    for event in listed:
        if not event.company_id:
            continue
        if (source_kind(event.source) != "warn" or event.company_id in known
                or not _near(announced, event.on, rules)):
            out[event.event_id] = CompanyKey(event.company_id, "exact", 1.0)
            continue
        normal = _normal(event.company_id)
        if normal not in found_for:
            # The stored id is the normalised name already (normalising is idempotent): the resolver's
            # matching steps run on it directly instead of normalising the raw name a second time, which
            # was 80% of the cost on 50,000 WARN notices.
            found_for[normal] = resolver._match(normal)
        found = found_for[normal]
        target = by_normal.get(found.name) if found is not None else None
        if found is not None and target is not None:
            out[event.event_id] = CompanyKey(target, found.method, found.score / 100.0)
        else:
            out[event.event_id] = CompanyKey(event.company_id, "exact", 1.0)
    return out


def _normal(cid: str) -> str:
    """The normalised company name a company_id is the slug of ("jpmorgan-chase" -> "jpmorgan chase")."""
    return cid.replace("-", " ")


def _near(announced: Sequence[int], on: date | None, rules: MatchRules) -> bool:
    """Whether an announcement lies within a WARN notice's window of `on`."""
    if on is None:
        return False
    day = on.toordinal()
    at = bisect.bisect_left(announced, day - rules.warn_after_days)
    return at < len(announced) and announced[at] <= day + rules.warn_before_days


@dataclass(slots=True)
class _Cluster:
    anchor: EventRef
    kind: str
    members: list[tuple[EventRef, CompanyKey, int]] = field(default_factory=list)
    tracker_sources: set[str] = field(default_factory=set)
    warn_total: int = 0


def _ratio_ok(a: int | None, b: int | None, ratio: float) -> bool:
    if not a or not b or a <= 0 or b <= 0:
        return True
    return max(a, b) / min(a, b) <= ratio


def _accepts(cluster: _Cluster, event: EventRef, kind: str, days: int, rules: MatchRules) -> bool:
    """Whether `event` (dated `days` after the anchor) may join `cluster`."""
    if cluster.kind == "warn":
        return False
    if kind == "warn":
        if not -rules.warn_before_days <= days <= rules.warn_after_days:
            return False
        total = cluster.anchor.headcount
        if total and event.headcount:
            return cluster.warn_total + event.headcount <= rules.warn_headcount_slack * total
        return True
    if abs(days) > rules.window_days:
        return False
    if kind == "tracker" and event.source in cluster.tracker_sources:
        return False
    if abs(days) <= rules.same_days:
        return True
    return _ratio_ok(cluster.anchor.headcount, event.headcount, rules.headcount_ratio)


def _order(event: EventRef) -> tuple[int, date, str]:
    assert event.on is not None
    return _RANK[source_kind(event.source)], event.on, event.event_id


def _cluster_block(events: Sequence[EventRef], keys: Mapping[str, CompanyKey], rules: MatchRules) -> list[_Cluster]:
    """Clusters of one company's dated events."""
    clusters: list[_Cluster] = []
    # Open clusters (tracker/news anchors) sorted by anchor day, for a bisect on the date window.
    days: list[int] = []
    open_: list[_Cluster] = []
    reach = max(rules.window_days, rules.warn_before_days, rules.warn_after_days)
    for event in sorted(events, key=_order):
        assert event.on is not None
        kind = source_kind(event.source)
        day = event.on.toordinal()
        best: tuple[int, str, _Cluster] | None = None
        lo, hi = bisect.bisect_left(days, day - reach), bisect.bisect_right(days, day + reach)
        for cluster in open_[lo:hi]:
            assert cluster.anchor.on is not None
            delta = day - cluster.anchor.on.toordinal()
            if not _accepts(cluster, event, kind, delta, rules):
                continue
            candidate = (abs(delta), cluster.anchor.event_id, cluster)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        key = keys[event.event_id]
        if best is not None:
            cluster = best[2]
            assert cluster.anchor.on is not None
            cluster.members.append((event, key, day - cluster.anchor.on.toordinal()))
        else:
            cluster = _Cluster(anchor=event, kind=kind, members=[(event, key, 0)])
            clusters.append(cluster)
            if kind != "warn":
                at = bisect.bisect_right(days, day)
                days.insert(at, day)
                open_.insert(at, cluster)
        if kind == "tracker":
            cluster.tracker_sources.add(event.source)
        elif kind == "warn" and event.headcount:
            cluster.warn_total += event.headcount
    return clusters


def cluster_events(events: Iterable[EventRef], rules: MatchRules | None = None) -> list[Link]:
    """One Link per event (sorted by event_id): which cluster it belongs to, how and how surely."""
    rules = rules or MatchRules()
    listed = list(events)
    ids = [e.event_id for e in listed]
    if len(set(ids)) != len(ids):
        raise ValueError("cluster_events: event ids must be unique")
    keys = company_keys(listed, rules)
    blocks: dict[str, list[EventRef]] = defaultdict(list)
    links: list[Link] = []
    for event in listed:
        key = keys.get(event.event_id)
        if key is None or event.on is None:
            links.append(Link(event.event_id, event.event_id, key.key if key else None,
                              source_kind(event.source), "single", 1.0, None))
        else:
            blocks[key.key].append(event)
    for company, block in blocks.items():
        for cluster in _cluster_block(block, keys, rules):
            alone = len(cluster.members) == 1
            for event, key, delta in cluster.members:
                if event is cluster.anchor:
                    method, score = ("single" if alone else "anchor"), 1.0
                else:
                    window = rules.warn_after_days if source_kind(event.source) == "warn" else rules.window_days
                    method = f"{key.method}+window"
                    score = round(key.score * (1 - abs(delta) / (window + 1)), 4)
                links.append(Link(event.event_id, cluster.anchor.event_id, company, source_kind(event.source),
                                  method, score, delta))
    links.sort(key=lambda link: link.event_id)
    return links


def clusters_of(links: Iterable[Link]) -> dict[str, list[str]]:
    """cluster_id -> sorted member event_ids."""
    out: dict[str, list[str]] = defaultdict(list)
    for link in links:
        out[link.cluster_id].append(link.event_id)
    return {cid: sorted(members) for cid, members in out.items()}
