-- id: layoff_events_monthly
-- label: Layoff events and headcount by month
-- unit: events
-- compute: table
-- section: layoffs
-- order: 110
-- basis: f_layoffs WHERE obs_date IS NOT NULL
-- definition: Layoff events per calendar month of announcement (announced_on, else effective_on), the
--   headcount they name (sum over events that state one) and headcount_known, the number of events that
--   state a headcount. Months without events count 0.
-- caveats: Events from different sources are not de-duplicated: a cut reported both in a WARN notice and
--   by a tracker counts twice when both sources are loaded (filter by source in `jobshift sql` to compare).
--   Headcount is a lower bound: many events do not state one.
WITH counts AS (
    SELECT month, count(*) AS events, count(headcount) AS headcount_known, sum(headcount) AS headcount
    FROM f_layoffs
    WHERE obs_date IS NOT NULL
    GROUP BY month
)
SELECT m.month, coalesce(c.events, 0) AS events, coalesce(c.headcount, 0) AS headcount,
       coalesce(c.headcount_known, 0) AS headcount_known
FROM month_span((SELECT min(obs_date) FROM f_layoffs), (SELECT max(obs_date) FROM f_layoffs)) m
LEFT JOIN counts c ON c.month = m.month
ORDER BY m.month
