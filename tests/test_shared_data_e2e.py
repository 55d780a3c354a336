"""End to end on the real datasets in ../shared/data: stored counts and sums match figures computed here,
independently, from the raw files (skipped with a reason when that folder is absent)."""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from jobshift.importing import import_path
from jobshift.store import connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    from tests.conftest import shared_data_dir

    data = shared_data_dir()
    if not data.is_dir():
        pytest.skip(f"real data folder {data} is absent (set JOBSHIFT_SHARED_DATA to run this test)")
    con = connect(tmp_path_factory.mktemp("e2e") / "real.duckdb")
    for name in ("layoffs_fyi_databyab", "ai_layoffs_tracker_events", "hn_whoishiring_2026_gantryops",
                 "hn_whoishiring_2013_2018_gaganpreet", "linkedin_postings_sample_koriralex",
                 "linkedin_ds_jobs_2024_venura", "analytics_engineer_jds_2026_jeremychia",
                 "ruanyf_weekly_hiring_cn_darknight", "onet_technology_skills", "gpts_are_gpts_exposure"):
        for result in import_path(con, data / name, name):
            assert result.status == "ok", (name, result.message)
    con.execute("SET VARIABLE data = ?", [str(data)])
    return con


def data_dir(con: duckdb.DuckDBPyConnection) -> Path:
    row = con.execute("SELECT getvariable('data')").fetchone()
    assert row is not None
    return Path(row[0])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> object:
    row = con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0]


def test_layoffs_tracker_counts_and_yearly_totals(loaded: duckdb.DuckDBPyConnection) -> None:
    rows = read_csv(data_dir(loaded) / "layoffs_fyi_databyab" / "layoffs.csv")
    events: Counter[int] = Counter()
    heads: Counter[int] = Counter()
    for row in rows:
        year = datetime.strptime(row["date"], "%m/%d/%Y").year
        events[year] += 1
        heads[year] += int(float(row["total_laid_off"])) if row["total_laid_off"] else 0
    stored = loaded.execute(
        "SELECT year(announced_on), count(*), coalesce(sum(headcount), 0) FROM layoff_events "
        "WHERE source = 'layoffs_fyi' GROUP BY 1 ORDER BY 1").fetchall()
    assert stored == [(y, events[y], heads[y]) for y in sorted(events)]
    assert one(loaded, "SELECT count(*) FROM layoff_events WHERE source = 'layoffs_fyi' AND headcount IS NULL") \
        == sum(1 for r in rows if not r["total_laid_off"])
    pct = [float(r["percentage_laid_off"]) * 100 for r in rows if r["percentage_laid_off"]]
    assert one(loaded, "SELECT round(sum(percent), 6) FROM layoff_events WHERE source = 'layoffs_fyi'") \
        == pytest.approx(sum(pct))


def test_layoffs_yearly_metric_reproduces_the_tracker_and_shows_the_deduplicated_total(
        loaded: duckdb.DuckDBPyConnection) -> None:
    """The metric's per-source rows are the tracker's own yearly totals; the de-duplicated rows differ from
    the raw ones exactly by the events linking merged (docs/events.md)."""
    from jobshift.metrics import run_metric

    rows = read_csv(data_dir(loaded) / "layoffs_fyi_databyab" / "layoffs.csv")
    events: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    for row in rows:
        year = str(datetime.strptime(row["date"], "%m/%d/%Y").year)
        events[year] += 1
        heads[year] += int(float(row["total_laid_off"])) if row["total_laid_off"] else 0
    table = run_metric(loaded, "layoffs_yearly").table or []
    fyi = {r["year"]: (r["events"], r["headcount"]) for r in table if r["source"] == "layoffs_fyi"}
    assert fyi == {y: (events[y], heads[y]) for y in events}
    raw = {r["year"]: r["events"] for r in table if r["source"] == "all sources (raw)"}
    dedup = {r["year"]: r["events"] for r in table if r["source"] == "all sources (de-duplicated)"}
    # a cluster counts in its anchor's year, so a year's raw minus de-duplicated count is the number of rows
    # dated that year that joined another row's cluster
    merged = dict(loaded.execute(
        "SELECT CAST(year(coalesce(e.announced_on, e.effective_on)) AS VARCHAR), count(*) FROM layoff_event_links l "
        "JOIN layoff_events e USING (event_id) WHERE l.cluster_id <> l.event_id GROUP BY 1").fetchall())
    assert sum(merged.values()) > 0  # the AI tracker and layoffs.fyi share dozens of layoffs
    assert {y: raw[y] - dedup[y] for y in raw} == {y: merged.get(y, 0) for y in raw}


def test_ai_tracker_layoffs_only(loaded: duckdb.DuckDBPyConnection) -> None:
    events = json.loads((data_dir(loaded) / "ai_layoffs_tracker_events" / "events.json").read_text(encoding="utf-8"))
    layoffs = [e for e in events if e["type"] == "layoff"]
    assert one(loaded, "SELECT count(*) FROM layoff_events WHERE source = 'ai_layoffs_tracker'") == len(layoffs)
    assert one(loaded, "SELECT sum(headcount) FROM layoff_events WHERE source = 'ai_layoffs_tracker'") == sum(
        e["number"] or 0 for e in layoffs)
    assert one(loaded, "SELECT count(*) FROM layoff_events WHERE source = 'ai_layoffs_tracker' "
                       "AND company = 'Meta Platforms Inc.'") == sum(1 for e in layoffs if e["company_id"] == "meta")


def test_hn_postings_are_distinct_comments(loaded: duckdb.DuckDBPyConnection) -> None:
    folder = data_dir(loaded)
    ids_2026 = {job["id"] for f in (folder / "hn_whoishiring_2026_gantryops" / "runs").glob("*/raw.json")
                for job in json.loads(f.read_text(encoding="utf-8"))["jobs"]}
    urls_2013 = {r["url"] for f in (folder / "hn_whoishiring_2013_2018_gaganpreet").glob("src/web/data/*.json.gz")
                 for r in json.loads(gzip.decompress(f.read_bytes()))}
    stored = one(loaded, "SELECT count(*) FROM postings WHERE source = 'hn_whoishiring'")
    overlap = {f"https://news.ycombinator.com/item?id={i}" for i in ids_2026} & urls_2013
    assert not overlap
    assert stored == len(ids_2026) + len(urls_2013)
    months = loaded.execute("SELECT DISTINCT strftime(posted_at, '%Y-%m') FROM postings "
                            "WHERE source = 'hn_whoishiring' AND year(posted_at) < 2019").fetchall()
    files = list((folder / "hn_whoishiring_2013_2018_gaganpreet").glob("src/web/data/*.json.gz"))
    assert len(months) == len(files)


def test_linkedin_counts_and_pay(loaded: duckdb.DuckDBPyConnection) -> None:
    folder = data_dir(loaded)
    sample = read_csv(folder / "linkedin_postings_sample_koriralex" / "postings.csv")
    listings = read_csv(folder / "linkedin_ds_jobs_2024_venura" / "job_postings.csv")
    expected = len({r["job_id"] for r in sample}) + len({r["job_link"] for r in listings})
    assert one(loaded, "SELECT count(*) FROM postings WHERE source = 'linkedin'") == expected
    with_max = [r for r in sample if r["max_salary"] or r["med_salary"]]
    assert one(loaded, "SELECT count(*) FROM postings WHERE source = 'linkedin' AND salary_max IS NOT NULL") \
        == len(with_max)
    assert one(loaded, "SELECT round(sum(salary_max), 2) FROM postings WHERE source = 'linkedin'") == pytest.approx(
        sum(float(r["max_salary"] or r["med_salary"]) for r in with_max))


def test_analytics_and_chinese_posts(loaded: duckdb.DuckDBPyConnection) -> None:
    folder = data_dir(loaded)
    jds = list((folder / "analytics_engineer_jds_2026_jeremychia" / "data").glob("*/*.json"))
    with_text = sum(1 for p in jds if (p.parent / "jd_archive.md").is_file())
    assert one(loaded, "SELECT count(*) FROM postings WHERE source = 'analytics_engineer_jds'") == len(jds)
    assert one(loaded, "SELECT count(description) FROM postings WHERE source = 'analytics_engineer_jds'") == with_text
    cn = [p for f in (folder / "ruanyf_weekly_hiring_cn_darknight" / "data" / "parsed").glob("*.json")
          for p in json.loads(f.read_text(encoding="utf-8"))["postings"]]
    assert one(loaded, "SELECT count(*) FROM postings WHERE source = 'ruanyf_weekly'") == len({p["id"] for p in cn})


def test_reference_tables(loaded: duckdb.DuckDBPyConnection) -> None:
    folder = data_dir(loaded) / "onet_technology_skills"

    def tsv(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader((folder / name).open(encoding="utf-8"), delimiter="\t"))

    assert one(loaded, "SELECT count(*) FROM occupations") == len(tsv("Occupation Data.txt"))
    titles = {(r["O*NET-SOC Code"], r["Alternate Title"]) for r in tsv("Alternate Titles.txt")}
    assert one(loaded, "SELECT count(*) FROM occupation_titles") == len(titles)
    tech = tsv("Technology Skills.txt")
    assert one(loaded, "SELECT count(*) FROM occupation_technology") == len({(r["O*NET-SOC Code"], r["Example"])
                                                                             for r in tech})
    assert one(loaded, "SELECT count(*) FROM occupation_technology WHERE hot_technology") == len(
        {(r["O*NET-SOC Code"], r["Example"]) for r in tech if r["Hot Technology"] == "Y"})
    exposure = read_csv(data_dir(loaded) / "gpts_are_gpts_exposure" / "occ_level.csv")
    assert one(loaded, "SELECT count(*) FROM occupation_exposure") == len(exposure)
    assert one(loaded, "SELECT round(sum(dv_rating_beta), 6) FROM occupation_exposure") == pytest.approx(
        sum(float(r["dv_rating_beta"]) for r in exposure))


def test_nothing_rejected_and_reimport_is_idempotent(loaded: duckdb.DuckDBPyConnection) -> None:
    assert one(loaded, "SELECT count(*) FROM rejects") == 0
    before = one(loaded, "SELECT count(*) FROM postings"), one(loaded, "SELECT count(*) FROM layoff_events")
    results = import_path(loaded, data_dir(loaded) / "layoffs_fyi_databyab", "layoffs_fyi_databyab")
    results += import_path(loaded, data_dir(loaded) / "hn_whoishiring_2026_gantryops", "hn_whoishiring_2026_gantryops")
    assert [r.counts.new for r in results] == [0, 0]
    assert [r.counts.updated for r in results] == [0, 0]
    assert (one(loaded, "SELECT count(*) FROM postings"), one(loaded, "SELECT count(*) FROM layoff_events")) == before
