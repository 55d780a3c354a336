-- id: layoffs_yearly
-- label: Layoff events and headcount by year and source
-- unit: events
-- compute: table
-- section: layoffs
-- order: 120
-- basis: f_layoffs
-- definition: Events and stated headcount per calendar year of announcement, per source, exactly as each
--   source lists them — so each tracker's own yearly totals can be checked — and, for each year with more
--   than one source (or with rows merged), two total rows: "all sources (raw)" adds the sources' rows
--   together, "all sources (de-duplicated)" counts each real-world layoff once (a layoff reported by WARN, a
--   tracker and the news is one event; its headcount by the rule in docs/events.md). Events with no date
--   count under "undated".
-- caveats: The raw total double-counts cuts reported by more than one source; the de-duplicated one depends
--   on the matching rule (same resolved company, dates within a window) and can miss or over-merge.
--   Trackers revise past entries; a total matches the tracker as of the day it was fetched.
WITH clusters AS MATERIALIZED (
    SELECT obs_date, headcount FROM layoff_clusters_of('f_layoffs')
),
per_source AS (
    SELECT coalesce(CAST(year(obs_date) AS VARCHAR), 'undated') AS year, source, count(*) AS events,
           coalesce(sum(headcount), 0) AS headcount, count(headcount) AS headcount_known, 1 AS ord
    FROM f_layoffs
    GROUP BY ALL
),
raw AS (
    SELECT year, 'all sources (raw)' AS source, sum(events) AS events, sum(headcount) AS headcount,
           sum(headcount_known) AS headcount_known, 2 AS ord
    FROM per_source
    GROUP BY year
),
dedup AS (
    SELECT coalesce(CAST(year(obs_date) AS VARCHAR), 'undated') AS year, 'all sources (de-duplicated)' AS source,
           count(*) AS events, coalesce(sum(headcount), 0) AS headcount, count(headcount) AS headcount_known,
           3 AS ord
    FROM clusters
    GROUP BY 1
),
shown AS (  -- a year's two total rows, only where they say something: several sources, or rows merged
    SELECT p.year
    FROM (SELECT year, count(*) AS sources, sum(events) AS events FROM per_source GROUP BY year) p
    LEFT JOIN dedup d ON d.year = p.year
    WHERE p.sources > 1 OR p.events <> coalesce(d.events, 0)
)
SELECT year, source, CAST(events AS BIGINT) AS events, CAST(headcount AS BIGINT) AS headcount,
       CAST(headcount_known AS BIGINT) AS headcount_known
FROM (SELECT * FROM per_source UNION ALL SELECT * FROM raw UNION ALL SELECT * FROM dedup)
WHERE ord = 1 OR year IN (SELECT year FROM shown)
ORDER BY year, ord, source
