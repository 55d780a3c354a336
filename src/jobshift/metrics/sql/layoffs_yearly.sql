-- id: layoffs_yearly
-- label: Layoff events and headcount by year and source
-- unit: events
-- compute: table
-- section: layoffs
-- order: 120
-- basis: f_layoffs
-- definition: Events and stated headcount per calendar year of announcement, per source — so each
--   tracker's own yearly totals can be checked — plus an "all sources" row per year when more than one
--   source is loaded. Events with no date are counted under "undated".
-- caveats: The "all sources" row adds sources together and double-counts cuts reported by more than one
--   of them. Trackers revise past entries; a total matches the tracker as of the day it was fetched.
WITH l AS (
    SELECT coalesce(CAST(year(obs_date) AS VARCHAR), 'undated') AS year, source, headcount FROM f_layoffs
),
sources AS (
    SELECT count(DISTINCT source) AS n FROM l
)
SELECT year, coalesce(source, 'all sources') AS source, count(*) AS events,
       coalesce(sum(headcount), 0) AS headcount, count(headcount) AS headcount_known
FROM l
GROUP BY GROUPING SETS ((year, source), (year))
HAVING grouping(source) = 0 OR (SELECT n FROM sources) > 1
ORDER BY year, grouping(source), source
