-- id: ai_attributed_share_monthly
-- label: AI-attributed layoffs by month
-- unit: share
-- compute: table
-- section: layoffs
-- order: 140
-- chart: ai_share_monthly
-- basis: f_layoffs WHERE obs_date IS NOT NULL
-- definition: Per month of announcement, over real-world layoff events (a layoff reported by several
--   sources counts once, with the most specific reason any report gives; docs/events.md): events, events
--   with reason ai_explicit, their share of events (95% Wilson interval), stated headcount, the share of
--   it in ai_explicit events, the share in ai_explicit or automation events, the share of events whose
--   reason is unknown, and raw_events, the rows of every source before de-duplication.
-- caveats: Monthly counts are small, so the intervals are wide; a single large announcement can swing a
--   month's headcount share. Same attribution and matching caveats as ai_attributed_share.
WITH counts AS (
    SELECT month,
           count(*) AS events,
           count(*) FILTER (WHERE reason = 'ai_explicit') AS ai_events,
           count(*) FILTER (WHERE coalesce(reason, 'unknown') = 'unknown') AS unknown_events,
           coalesce(sum(headcount), 0) AS headcount,
           coalesce(sum(headcount) FILTER (WHERE reason = 'ai_explicit'), 0) AS ai_headcount,
           coalesce(sum(headcount) FILTER (WHERE reason IN ('ai_explicit', 'automation')), 0)
               AS ai_or_automation_headcount,
           sum(raw_events) AS raw_events
    FROM layoff_clusters_of('f_layoffs')
    WHERE obs_date IS NOT NULL
    GROUP BY month
)
SELECT m.month,
       coalesce(c.events, 0) AS events,
       coalesce(c.ai_events, 0) AS ai_events,
       c.ai_events / nullif(c.events, 0) AS event_share,
       coalesce(c.ai_events, 0) AS wilson_k,
       coalesce(c.events, 0) AS wilson_n,
       coalesce(c.headcount, 0) AS headcount,
       c.ai_headcount / nullif(c.headcount, 0) AS headcount_share,
       c.ai_or_automation_headcount / nullif(c.headcount, 0) AS headcount_share_ai_or_automation,
       c.unknown_events / nullif(c.events, 0) AS unknown_event_share,
       CAST(coalesce(c.raw_events, 0) AS BIGINT) AS raw_events
FROM month_span((SELECT min(obs_date) FROM f_layoffs), (SELECT max(obs_date) FROM f_layoffs)) m
LEFT JOIN counts c ON c.month = m.month
ORDER BY m.month
