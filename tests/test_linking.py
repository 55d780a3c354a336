"""The linking step on a real store: news stories become layoff events, sources of one layoff form one cluster,
re-running changes nothing, and the layoff metrics count the cluster once. Expected values worked out in the
comments. The last test runs on the real trackers in ../shared/data (skipped when absent)."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from jobshift.config import Settings
from jobshift.enrich.companies import company_id
from jobshift.importing import import_path
from jobshift.linking import NEWS_EVENT_SOURCE, link_events, news_layoff_row, update_layoff_events
from jobshift.metrics import run_metric
from jobshift.pipeline import ingest
from jobshift.runner import run
from jobshift.sources.base import RawRecord


class RowsSource:
    """A source that yields the given rows (already normalised) into `target`."""

    def __init__(self, name: str, target: str, rows: list[dict[str, Any]]) -> None:
        self.name, self.target, self.rows = name, target, rows
        self.synthetic, self.origin = False, "test"

    def cursor(self) -> str | None:
        return None

    def fetch(self, since: str | None = None) -> Iterator[RawRecord]:
        for row in self.rows:
            yield RawRecord(source_key=str(row["source_id"]), location=f"test:{row['source_id']}",
                            payload={k: str(v) for k, v in row.items()}, context={"row": row})

    def normalise(self, raw: RawRecord) -> dict[str, Any]:
        return dict(raw.context["row"])


def news(sid: str, title: str, published: str, summary: str = "", text: str | None = None) -> dict[str, Any]:
    return {"source_id": sid, "url": f"https://paper.example/{sid}", "title": title, "summary": summary,
            "text": text, "published_at": datetime.fromisoformat(published)}


def layoff(sid: str, company: str, on: str, headcount: int | None, **cols: Any) -> dict[str, Any]:
    return {"source_id": sid, "company": company, "announced_on": date.fromisoformat(on), "headcount": headcount,
            **cols}


def store(con: duckdb.DuckDBPyConnection, name: str, target: str, rows: list[dict[str, Any]]) -> None:
    assert ingest(con, RowsSource(name, target, rows)).status == "ok"


def acme_everywhere(con: duckdb.DuckDBPyConnection) -> None:
    """One layoff at Acme reported by a tracker, two WARN notices and three papers; plus an unrelated one."""
    store(con, "layoffs_fyi", "layoff_events", [
        layoff("t1", "Acme", "2024-05-02", 1200, description="Acme cuts 1,200"),
        layoff("t2", "Globex", "2024-05-02", 300),  # another company, same day
    ])
    store(con, "warn", "layoff_events", [
        layoff("w1", "Acme Corporation", "2024-05-06", 400, state="CA"),
        layoff("w2", "ACME CORP.", "2024-05-20", 500, state="WA"),
    ])
    store(con, "news", "news_items", [
        news("n1", "Acme to cut 1,200 jobs as it shifts spending to AI", "2024-05-02T14:00:00",
             "The company said artificial intelligence will replace some roles."),
        news("n2", "Acme lays off 1,200 workers", "2024-05-03T09:00:00", "Cuts hit sales and support."),
        news("n3", "Acme layoffs: 1,200 jobs go in restructuring", "2024-05-04T10:00:00"),
        news("n4", "Markets rally as inflation cools", "2024-05-04T10:00:00", "Stocks rose."),  # not a layoff
    ])


def test_news_layoff_row_reads_headline_and_summary() -> None:
    item = {"item_id": "news:abc", "url": "https://x.example/a", "title": "Initech to cut 300 jobs",
            "summary": "Initech said AI tools now do the work of its support staff.", "text": None,
            "published_at": datetime(2024, 3, 4, 8, 0)}
    row = news_layoff_row(item)
    assert row is not None
    assert (row["source_id"], row["company"], row["headcount"], row["announced_on"]) == (
        "news:abc", "Initech", 300, date(2024, 3, 4))
    assert row["reason"] == "ai_explicit" and "AI" in (row["reason_evidence"] or "")
    assert news_layoff_row({**item, "title": "Initech opens new office", "summary": "Hiring 300 people."}) is None
    # a layoff story that names no company at its head (a round-up) is not an event
    assert news_layoff_row({**item, "title": "Tech layoffs top 100,000 this year", "summary": ""}) is None


@pytest.mark.parametrize(("title", "company"), [
    ("Layoffs hit Granitewell Corporation as 1,600 roles are eliminated", "Granitewell Corporation"),
    ("At Tamberline Foods, layoffs and AI hiring go hand in hand", "Tamberline Foods"),
    ("Job cuts hit AT&T: 500 jobs go", "AT&T"),
    ("Monthly layoffs tracker, December 2024: 6,554 cuts", None),  # a round-up, not one layoff
    ("Tech layoffs in March: 12,000 jobs across 40 companies", None),
    ("layoffs at the big banks continue", None),
])
def test_company_named_after_the_cut_and_roundups(title: str, company: str | None) -> None:
    item = {"item_id": "news:x", "url": None, "title": title, "summary": "", "text": None,
            "published_at": datetime(2024, 3, 4)}
    row = news_layoff_row(item)
    assert (row["company"] if row else None) == company


def test_news_item_becomes_event_linked_to_its_story(con: duckdb.DuckDBPyConnection) -> None:
    acme_everywhere(con)
    summary = update_layoff_events(con)
    assert summary.news is not None and summary.news.counts.new == 3  # n4 is not a layoff
    rows = con.execute(
        "SELECT l.item_id, l.event_id, e.url, e.announced_on, e.headcount, e.reason, e.reason_evidence "
        "FROM news_layoff_events l JOIN layoff_events e USING (event_id) ORDER BY l.item_id").fetchall()
    assert [r[0] for r in rows] == ["news:n1", "news:n2", "news:n3"]
    first = rows[0]
    assert first[1] == f"{NEWS_EVENT_SOURCE}:news:n1"
    assert (first[2], first[3], first[4]) == ("https://paper.example/n1", date(2024, 5, 2), 1200)
    assert first[5] == "ai_explicit" and first[6]


def test_warn_tracker_and_news_are_one_cluster(con: duckdb.DuckDBPyConnection) -> None:
    acme_everywhere(con)
    summary = update_layoff_events(con)
    # 2 tracker rows + 2 notices + 3 stories = 7 events; Acme's 6 form one cluster, Globex its own
    assert (summary.events, summary.clusters, summary.merged) == (7, 2, 1)
    row = con.execute("SELECT cluster_id, n_sources, sources, raw_events, headcount, headcount_source, reason, "
                      "raw_headcount FROM layoff_clusters WHERE company_id = 'acme'").fetchone()
    assert row is not None
    assert row[0] == "layoffs_fyi:t1"  # the tracker row anchors
    assert row[1] == 3 and row[2] == ["layoffs_fyi", "news_layoffs", "warn"]
    assert row[3] == 6
    # headcount: max(tracker 1,200, WARN 400 + 500 = 900) = 1,200 from the tracker; raw adds everything:
    # 1,200 + 900 + 3 × 1,200 = 5,700
    assert (row[4], row[5], row[7]) == (1200, "tracker", 5700)
    assert row[6] == "ai_explicit"  # the first story names AI; the tracker row gives no reason text
    methods = dict(con.execute("SELECT event_id, method FROM layoff_event_links").fetchall())
    assert methods["warn:w1"] == "exact+window" and methods["layoffs_fyi:t2"] == "single"


def test_rerun_is_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    acme_everywhere(con)
    update_layoff_events(con)
    links = con.execute("SELECT * FROM layoff_event_links ORDER BY event_id").fetchall()
    events = con.execute("SELECT event_id, content_hash FROM layoff_events ORDER BY 1").fetchall()
    again = update_layoff_events(con)
    assert again.news is not None and (again.news.counts.new, again.news.counts.updated) == (0, 0)
    assert con.execute("SELECT * FROM layoff_event_links ORDER BY event_id").fetchall() == links
    assert con.execute("SELECT event_id, content_hash FROM layoff_events ORDER BY 1").fetchall() == events
    assert len(links) == len(events) == 7


def test_links_follow_new_data(con: duckdb.DuckDBPyConnection) -> None:
    store(con, "warn", "layoff_events", [layoff("w1", "Hooli Inc", "2024-05-06", 40)])
    link_events(con)
    assert con.execute("SELECT method FROM layoff_event_links").fetchall() == [("single",)]
    store(con, "layoffs_fyi", "layoff_events", [layoff("t1", "Hooli", "2024-05-01", 100)])  # announced later on
    link_events(con)
    assert dict(con.execute("SELECT event_id, cluster_id FROM layoff_event_links").fetchall()) == {
        "warn:w1": "layoffs_fyi:t1", "layoffs_fyi:t1": "layoffs_fyi:t1"}


def test_metrics_count_the_cluster_once(con: duckdb.DuckDBPyConnection) -> None:
    acme_everywhere(con)
    update_layoff_events(con)
    monthly = run_metric(con, "layoff_events_monthly").table
    # Acme (1,200) + Globex (300): 2 events, 1,500; raw: 7 rows, 5,700 + 300 = 6,000
    assert monthly == [{"month": "2024-05", "events": 2, "headcount": 1500, "headcount_known": 2,
                        "raw_events": 7, "raw_headcount": 6000}]
    yearly = {r["source"]: (r["events"], r["headcount"]) for r in run_metric(con, "layoffs_yearly").table or []}
    assert yearly["layoffs_fyi"] == (2, 1500)  # each source's own figures stay as it lists them
    assert yearly["warn"] == (2, 900)
    assert yearly["all sources (raw)"] == (7, 6000)
    assert yearly["all sources (de-duplicated)"] == (2, 1500)
    share = run_metric(con, "ai_attributed_share")
    assert share.value == pytest.approx(1200 / 1500)  # Acme's cluster is ai_explicit, Globex unknown
    assert share.n == 2
    by_class = run_metric(con, "cuts_by_company_class").table or []
    assert [(r["events"], r["raw_events"]) for r in by_class] == [(2, 7)]
    top = run_metric(con, "cuts_concentration").table or []
    assert [(r["company"], r["headcount"], r["raw_headcount"]) for r in top] == [("Acme", 1200, 5700),
                                                                                 ("Globex", 300, 300)]
    cuts = run_metric(con, "gross_vs_net_monthly").table or []
    assert [(r["cut_events"], r["cuts_headcount"], r["raw_cuts_headcount"]) for r in cuts] == [(2, 1500, 6000)]


def test_filters_apply_to_the_rows_of_a_cluster(con: duckdb.DuckDBPyConnection) -> None:
    from jobshift.metrics import Filters

    acme_everywhere(con)
    update_layoff_events(con)
    # Only WA: one WARN notice (500) - the tracker and news rows have no state, so the cluster is that notice
    rows = run_metric(con, "layoff_events_monthly", Filters(state="WA")).table
    assert rows == [{"month": "2024-05", "events": 1, "headcount": 500, "headcount_known": 1,
                     "raw_events": 1, "raw_headcount": 500}]


def test_reason_order_matches_the_extractor_priorities() -> None:
    from importlib import resources

    rules = yaml.safe_load(resources.files("jobshift").joinpath("data/layoff_reasons.yaml").read_text("utf-8"))
    order = [r["reason"] for r in sorted(rules["reasons"], key=lambda r: r["priority"])]
    sql = resources.files("jobshift.store").joinpath("migrations/0004_event_clusters.sql").read_text("utf-8")
    assert "[" + ", ".join(f"'{r}'" for r in order) + "]" in sql


def test_import_and_run_link_at_the_end(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = tmp_path / "tracker"
    folder.mkdir()
    header = ("company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,"
              "date_added")
    (folder / "layoffs.csv").write_text(
        header + "\nAcme,SF Bay Area,100,5/2/2024,,Retail,https://x.example/a,Post-IPO,,United States,5/3/2024\n"
        "Acme,SF Bay Area,50,5/3/2024,,Retail,https://x.example/b,Post-IPO,,United States,5/3/2024\n",
        encoding="utf-8")
    import_path(con, folder, "layoffs_fyi_databyab")
    assert con.execute("SELECT count(*) FROM layoff_event_links").fetchone() == (2,)
    store(con, "warn", "layoff_events", [layoff("w1", "Acme Inc", "2024-05-03", 60)])
    notes: list[str] = []
    run(con, Settings(db_path=tmp_path / "x.duckdb", report_dir=tmp_path / "report", offline=True),
        notify=notes.append)
    assert any(n.startswith("linking:") for n in notes)
    # the notice is a day from both tracker rows (same tracker: two events); it joins the nearer, 5/3
    assert con.execute("SELECT cluster_id FROM layoff_event_links WHERE event_id = 'warn:w1'").fetchone() == (
        con.execute("SELECT event_id FROM layoff_events WHERE headcount = 50").fetchone())


# ----------------------------------------------------------------------------------- real data


@pytest.mark.slow
def test_real_trackers_match(shared_data: Path, con: duckdb.DuckDBPyConnection) -> None:
    """The AI layoffs tracker against layoffs.fyi: every pair the rule must join is joined, and how many
    tracker events match is printed (pytest -s)."""
    for name in ("layoffs_fyi_databyab", "ai_layoffs_tracker_events"):
        import_path(con, shared_data / name, name, link=False)
    started = time.perf_counter()
    summary = link_events(con)
    seconds = time.perf_counter() - started
    # Independently of the matcher: an AI-tracker layoff with a layoffs.fyi row of the same company id at
    # most 3 days away must share its cluster with one (headcounts may differ that close: docs/events.md).
    events = [e for e in json.loads((shared_data / "ai_layoffs_tracker_events" / "events.json").read_text("utf-8"))
              if e["type"] == "layoff"]
    fyi: dict[str, list[date]] = {}
    with (shared_data / "layoffs_fyi_databyab" / "layoffs.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            cid = company_id(r["company"])
            if cid:
                fyi.setdefault(cid, []).append(datetime.strptime(r["date"], "%m/%d/%Y").date())
    names = {c["id"]: c["name"] for c in json.loads(
        (shared_data / "ai_layoffs_tracker_events" / "companies.json").read_text("utf-8"))}
    must = 0
    for e in events:
        cid = company_id(names.get(e["company_id"], e["company_id"]))
        on = date.fromisoformat(e["date"][:10])
        if cid and any(abs(d - on) <= timedelta(days=3) for d in fyi.get(cid, [])):
            must += 1
    matched = con.execute(
        "SELECT count(*) FROM layoff_event_links l WHERE l.event_id LIKE 'ai_layoffs_tracker:%' AND EXISTS "
        "(SELECT 1 FROM layoff_event_links o WHERE o.cluster_id = l.cluster_id AND o.event_id LIKE 'layoffs_fyi:%')"
    ).fetchone()
    assert matched is not None
    print(f"\nreal trackers: {matched[0]} of {len(events)} AI-tracker layoffs matched a layoffs.fyi row "
          f"({must} with a same-company row within 3 days); {summary.events} events -> {summary.clusters} "
          f"clusters; linking took {seconds:.2f}s")
    assert must <= matched[0] <= len(events)
    assert must > 0
    # layoffs.fyi's own rows never merge with each other: its yearly totals stay its own
    assert con.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM layoff_event_links WHERE event_id LIKE "
                       "'layoffs_fyi:%' GROUP BY cluster_id)").fetchone() == (1,)
    # de-duplicated total = raw total minus the AI-tracker rows merged away
    raw = con.execute("SELECT count(*) FROM layoff_events").fetchone()
    dedup = con.execute("SELECT count(*) FROM layoff_clusters").fetchone()
    assert raw is not None and dedup is not None and dedup[0] == raw[0] - matched[0]


def test_feed_through_replay_server_to_linked_event(con: duckdb.DuckDBPyConnection, httpserver: Any) -> None:
    """The news source's replay fixture (a Google News RSS page) served on 127.0.0.1, ingested, then linked
    with a tracker row for the same layoff."""
    from jobshift.sources.http import HttpCache, HttpClient, HttpConfig
    from jobshift.sources.news_rss import Feed, NewsSource

    feed = Path(__file__).parent / "sources" / "replay" / "news_rss.xml"
    httpserver.expect_request("/rss").respond_with_data(feed.read_bytes(), content_type="application/rss+xml")
    config = HttpConfig(timeout=2.0, attempts=1, rate=0)
    with HttpClient(config, cache=HttpCache(None)) as client:
        source = NewsSource([Feed("replay", httpserver.url_for("/rss"))], client=client, fetch_articles=False)
        assert ingest(con, source).counts.new == 2
    store(con, "layoffs_fyi", "layoff_events", [layoff("t1", "Hooli", "2025-03-03", 200)])
    update_layoff_events(con)
    story = con.execute("SELECT e.event_id, e.company, e.headcount, e.announced_on, e.url FROM news_layoff_events n "
                        "JOIN layoff_events e USING (event_id) WHERE n.title LIKE 'Hooli%'").fetchone()
    assert story is not None
    assert story[1:] == ("Hooli", 212, date(2025, 3, 4), "http://127.0.0.1/articles/hooli-cuts")
    # 212 vs 200 a day apart: one layoff, anchored by the tracker row
    assert con.execute("SELECT cluster_id FROM layoff_event_links WHERE event_id = ?", [story[0]]).fetchone() == (
        "layoffs_fyi:t1",)


def test_generated_stories_join_the_layoffs_they_report(con: duckdb.DuckDBPyConnection) -> None:
    """The bundled generator writes news stories about its own layoffs (published 0-2 days after). Stored as
    real data, every story-event whose company has a tracker row at most 3 days away must be linked to a
    tracker row, round-ups and hiring stories must not become events, and a cluster never spans companies."""
    from jobshift.sources.sample_data import generate_sample

    data = generate_sample()
    store(con, "sample_tracker", "layoff_events", [dict(r) for r in data.layoffs])
    store(con, "news", "news_items", [dict(r) for r in data.news])
    summary = update_layoff_events(con)
    assert summary.news is not None
    stories = con.execute(
        "SELECT e.event_id, e.company_id, e.announced_on, n.title FROM news_layoff_events n "
        "JOIN layoff_events e USING (event_id)").fetchall()
    assert stories and not any("tracker" in t.lower() or "is hiring" in t.lower() for *_, t in stories)
    tracker = con.execute("SELECT company_id, announced_on FROM layoff_events WHERE source = 'sample_tracker'"
                          ).fetchall()
    anchors = dict(con.execute("SELECT event_id, cluster_id FROM layoff_event_links").fetchall())
    expected = linked = 0
    for event_id, cid, on, _ in stories:
        if any(c == cid and abs((d - on).days) <= 3 for c, d in tracker):
            expected += 1
            linked += anchors[event_id].startswith("sample_tracker:")
    print(f"\ngenerated sample: {len(stories)} of {len(data.news)} stories became events; {linked} of {expected} "
          "with a same-company tracker row within 3 days are linked to one")
    assert expected > 0 and linked == expected
    spans = con.execute("SELECT count(DISTINCT coalesce(l.company_key, '?')) AS n FROM layoff_event_links l "
                        "GROUP BY cluster_id ORDER BY n DESC LIMIT 1").fetchone()
    assert spans == (1,)
