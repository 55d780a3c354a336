"""Matching layoff events across sources: hand-made cases, each worked out in its comment, and properties."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jobshift.enrich.companies import company_id
from jobshift.enrich.event_match import (
    EventRef,
    Link,
    MatchRules,
    cluster_events,
    clusters_of,
    company_keys,
    source_kind,
)


def ev(eid: str, source: str, company: str | None, on: str | None, headcount: int | None = None) -> EventRef:
    return EventRef(f"{source}:{eid}", source, company, company_id(company),
                    date.fromisoformat(on) if on else None, headcount)


def groups(events: list[EventRef], rules: MatchRules | None = None) -> set[frozenset[str]]:
    return {frozenset(m) for m in clusters_of(cluster_events(events, rules)).values()}


def test_source_kinds() -> None:
    assert [source_kind(s) for s in ("warn", "warn_ca", "news_layoffs", "layoffs_fyi", "ai_layoffs_tracker")] == [
        "warn", "warn", "news", "tracker", "tracker"]


def test_same_company_spelled_differently_within_window_is_one_cluster() -> None:
    events = [
        ev("1", "layoffs_fyi", "Acme Robotics", "2024-03-01", 500),
        ev("2", "ai_layoffs_tracker", "Acme Robotics, Inc.", "2024-03-02", 480),  # legal suffix: same id
        ev("3", "news_layoffs", "Acme Robotics", "2024-03-05", 500),
        ev("4", "warn", "ACME ROBOTICS INC", "2024-03-20", 120),  # 19 days after: inside WARN's +30
        ev("5", "warn", "Acme Robotics Technologies LLC", "2024-02-20", 200),  # generic word; 10 days before
    ]
    assert groups(events) == {frozenset(e.event_id for e in events)}
    links = {k.event_id: k for k in cluster_events(events)}
    anchor = links["layoffs_fyi:1"]  # trackers anchor first; "ai_layoffs_tracker" is a tracker too, but later
    assert (anchor.cluster_id, anchor.method, anchor.score) == ("layoffs_fyi:1", "anchor", 1.0)
    assert links["warn:5"].method == "generic_words+window"
    assert links["warn:5"].days_from_anchor == -10
    assert links["news_layoffs:3"].score == round(1 - 4 / 15, 4)  # 4 days of a 14-day window


def test_same_company_a_year_apart_is_two_clusters() -> None:
    events = [ev("1", "layoffs_fyi", "Acme", "2023-03-01", 500), ev("2", "news_layoffs", "Acme", "2024-03-01", 500)]
    assert groups(events) == {frozenset({"layoffs_fyi:1"}), frozenset({"news_layoffs:2"})}


def test_different_companies_same_day_are_two_clusters() -> None:
    events = [ev("1", "layoffs_fyi", "Acme", "2024-03-01", 500), ev("2", "news_layoffs", "Globex", "2024-03-01", 500)]
    assert len(groups(events)) == 2


def test_rows_of_one_tracker_never_merge() -> None:
    # a tracker listing one company twice in a week: two events in its own accounting
    events = [ev("1", "layoffs_fyi", "Acme", "2024-03-01", 100), ev("2", "layoffs_fyi", "Acme", "2024-03-05", 100)]
    assert len(groups(events)) == 2


def test_headcount_must_be_compatible_unless_same_days() -> None:
    base = ev("1", "layoffs_fyi", "Acme", "2024-03-01", 100)
    far_small = ev("2", "news_layoffs", "Acme", "2024-03-10", 1000)  # 9 days, ×10: another cut
    near = ev("3", "ai_layoffs_tracker", "Acme", "2024-03-02", 250)  # 1 day: cumulative vs increment
    assert groups([base, far_small, near]) == {frozenset({"layoffs_fyi:1", "ai_layoffs_tracker:3"}),
                                               frozenset({"news_layoffs:2"})}


def test_warn_window_is_asymmetric_and_notices_add_up_to_the_announcement() -> None:
    anchor = ev("1", "layoffs_fyi", "Acme", "2024-03-01", 100)
    before = ev("2", "warn", "Acme", "2024-02-10", 10)  # 20 days before: outside −14
    after = ev("3", "warn", "Acme", "2024-03-25", 60)  # 24 days after: inside +30
    too_many = ev("4", "warn", "Acme", "2024-03-26", 70)  # 60 + 70 > 1.25 × 100
    assert groups([anchor, before, after, too_many]) == {
        frozenset({"layoffs_fyi:1", "warn:3"}), frozenset({"warn:2"}), frozenset({"warn:4"})}


def test_warn_notices_alone_stay_separate() -> None:
    events = [ev(str(i), "warn", "Acme", "2024-03-01", 50) for i in range(3)]
    assert len(groups(events)) == 3


def test_news_stories_join_the_nearest_anchor() -> None:
    first = ev("1", "layoffs_fyi", "Acme", "2024-03-01", 100)
    second = ev("2", "layoffs_fyi", "Acme", "2024-03-20", 100)  # a second round (same tracker: separate)
    story = ev("s", "news_layoffs", "Acme", "2024-03-16", None)  # 15 days after the first, 4 before the second
    assert frozenset({"layoffs_fyi:2", "news_layoffs:s"}) in groups([first, second, story])


def test_undated_or_nameless_events_stay_alone() -> None:
    events = [ev("1", "layoffs_fyi", "Acme", None, 100), ev("2", "news_layoffs", "Acme", "2024-03-01"),
              ev("3", "warn", None, "2024-03-01", 5)]
    links = {k.event_id: k for k in cluster_events(events)}
    assert all(k.method == "single" and k.cluster_id == k.event_id for k in links.values())
    assert links["warn:3"].company_key is None


def test_warn_names_resolve_only_against_announcement_sources() -> None:
    events = [ev("1", "layoffs_fyi", "LendingClub", "2024-03-01"), ev("2", "warn", "Lending Club Corp", "2024-03-01"),
              ev("3", "warn", "Zzyzx Widgets", "2024-03-01")]
    keys = company_keys(events)
    assert keys["warn:2"].key == "lendingclub" and keys["warn:2"].method == "spacing"
    assert keys["warn:3"].key == "zzyzx-widgets"  # nothing to meet: its own id


def test_every_event_gets_exactly_one_link() -> None:
    events = [ev(str(i), "warn" if i % 3 else "layoffs_fyi", "Acme", f"2024-03-{1 + i % 28:02d}", 10)
              for i in range(60)]
    links = cluster_events(events)
    assert sorted(k.event_id for k in links) == sorted(e.event_id for e in events)


# ----------------------------------------------------------------------------------- properties

_COMPANIES = ["Acme", "Acme Inc.", "ACME", "Globex", "Globex Corporation", "Initech", "Hooli", None]
_SOURCES = ["layoffs_fyi", "ai_layoffs_tracker", "news_layoffs", "warn"]


@st.composite
def event_sets(draw: st.DrawFn) -> list[EventRef]:
    n = draw(st.integers(0, 30))
    out = []
    for i in range(n):
        day = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 90)))
        out.append(ev(str(i), draw(st.sampled_from(_SOURCES)), draw(st.sampled_from(_COMPANIES)),
                      day.isoformat() if draw(st.booleans()) or i % 5 else None,
                      draw(st.one_of(st.none(), st.integers(1, 5000)))))
    return out


def _shape(links: list[Link]) -> list[tuple[str, str, str]]:
    return [(k.event_id, k.cluster_id, k.method) for k in links]


@given(event_sets(), st.randoms(use_true_random=False))
@settings(max_examples=150, deadline=None)
def test_clustering_is_deterministic_and_order_independent(events: list[EventRef], rnd: random.Random) -> None:
    first = cluster_events(events)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert cluster_events(shuffled) == first
    assert cluster_events(list(reversed(events))) == first
    assert _shape(cluster_events(events)) == _shape(first)


@given(event_sets())
@settings(max_examples=150, deadline=None)
def test_cluster_invariants(events: list[EventRef]) -> None:
    rules = MatchRules()
    links = cluster_events(events, rules)
    by_id = {e.event_id: e for e in events}
    assert [k.event_id for k in links] == sorted(by_id)
    for cluster_id, members in clusters_of(links).items():
        assert cluster_id in members  # the anchor is a member
        anchor = by_id[cluster_id]
        companies = {k.company_key for k in links if k.cluster_id == cluster_id}
        assert len(companies) == 1  # never across companies
        trackers = [by_id[m].source for m in members if source_kind(by_id[m].source) == "tracker"]
        assert len(trackers) == len(set(trackers))  # one row per tracker
        for member in members:
            event = by_id[member]
            if member == cluster_id:
                continue
            assert anchor.on is not None and event.on is not None
            delta = (event.on - anchor.on).days
            if source_kind(event.source) == "warn":
                assert -rules.warn_before_days <= delta <= rules.warn_after_days
            else:
                assert abs(delta) <= rules.window_days
