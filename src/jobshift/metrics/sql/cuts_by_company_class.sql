-- id: cuts_by_company_class
-- label: Layoffs by company class
-- unit: events
-- compute: table
-- section: layoffs
-- order: 160
-- basis: f_layoffs
-- definition: Real-world layoff events (a layoff reported by several sources counts once; docs/events.md)
--   and their stated headcount by company class (ai_native, startup, incumbent, or unknown when enrichment
--   could not class the company), each with its share of all events (95% Wilson interval) and of all
--   stated headcount; raw_events and raw_headcount count every source's rows without de-duplication.
-- caveats: The class comes from rules over company metadata and is missing for many companies; a large
--   unknown group limits what the split says.
WITH ev AS (
    SELECT * FROM layoff_clusters_of('f_layoffs')
),
tot AS (
    SELECT count(*) AS events, coalesce(sum(headcount), 0) AS headcount FROM ev
),
by_class AS (
    SELECT coalesce(company_class, 'unknown') AS company_class, count(*) AS events,
           count(headcount) AS headcount_known, coalesce(sum(headcount), 0) AS headcount,
           sum(raw_events) AS raw_events, coalesce(sum(raw_headcount), 0) AS raw_headcount
    FROM ev
    GROUP BY 1
)
SELECT b.company_class, b.events, b.events / nullif(t.events, 0) AS event_share,
       b.events AS wilson_k, t.events AS wilson_n,
       b.headcount, b.headcount_known, b.headcount / nullif(t.headcount, 0) AS headcount_share,
       CAST(b.raw_events AS BIGINT) AS raw_events, CAST(b.raw_headcount AS BIGINT) AS raw_headcount
FROM by_class b CROSS JOIN tot t
ORDER BY list_position(['ai_native', 'startup', 'incumbent', 'unknown'], b.company_class)
