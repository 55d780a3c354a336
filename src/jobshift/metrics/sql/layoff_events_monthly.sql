-- id: layoff_events_monthly
-- label: Layoff events and headcount by month
-- unit: events
-- compute: table
-- section: layoffs
-- order: 110
-- basis: f_layoffs WHERE obs_date IS NOT NULL
-- definition: Real-world layoff events per calendar month of announcement, the headcount they name and
--   headcount_known, the number of events that state one. A layoff reported by several sources (WARN
--   notices, trackers, news) counts once (layoff_event_links, docs/events.md): its date and headcount
--   follow the documented rule (tracker figure or the sum of the WARN notices, whichever is larger, else
--   the largest news figure). raw_events and raw_headcount add up every source's rows instead, so the two
--   differ exactly where de-duplication merged rows. Months without events count 0.
-- caveats: Matching needs the same resolved company and dates within a window; a cut reported under two
--   unrelated names is still counted twice, and two distinct cuts by one company in the same fortnight can
--   be merged. Headcount is a lower bound: many events do not state one.
WITH clusters AS (
    SELECT month, count(*) AS events, count(headcount) AS headcount_known, sum(headcount) AS headcount,
           sum(raw_events) AS raw_events, sum(raw_headcount) AS raw_headcount
    FROM layoff_clusters_of('f_layoffs')
    WHERE obs_date IS NOT NULL
    GROUP BY month
)
SELECT m.month, coalesce(c.events, 0) AS events, coalesce(c.headcount, 0) AS headcount,
       coalesce(c.headcount_known, 0) AS headcount_known,
       coalesce(c.raw_events, 0) AS raw_events, coalesce(c.raw_headcount, 0) AS raw_headcount
FROM month_span((SELECT min(obs_date) FROM f_layoffs), (SELECT max(obs_date) FROM f_layoffs)) m
LEFT JOIN clusters c ON c.month = m.month
ORDER BY m.month
