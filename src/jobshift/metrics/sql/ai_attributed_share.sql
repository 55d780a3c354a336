-- id: ai_attributed_share
-- label: Layoff headcount attributed explicitly to AI
-- unit: share
-- compute: table
-- section: layoffs
-- order: 130
-- basis: f_layoffs
-- definition: Share of the stated layoff headcount in events whose reason is ai_explicit (the company or
--   notice names AI as a cause). The table gives every reason, plus ai_explicit + automation together:
--   events, event_share (of all events, with a 95% Wilson interval), headcount and headcount_share (of
--   all stated headcount). The unknown row shows how much could not be classified.
-- caveats: No interval is given for the headcount share: one large event moves it a lot and events are
--   not a random sample of people, so read it with the event share and its interval beside it. Reasons are
--   classified from the announcement text; companies rarely name AI even when it plays a part, so
--   ai_explicit is a floor, and "unknown" is often the largest group. Events without a headcount count for
--   event shares only.
WITH base AS (
    SELECT coalesce(reason, 'unknown') AS reason, headcount FROM f_layoffs
),
tot AS (
    SELECT count(*) AS events, count(headcount) AS events_with_headcount,
           coalesce(sum(headcount), 0) AS headcount
    FROM base
),
grp(reason_group, ord, reasons) AS (
    VALUES ('ai_explicit', 1, ['ai_explicit']),
           ('automation', 2, ['automation']),
           ('ai_explicit + automation', 3, ['ai_explicit', 'automation']),
           ('restructuring', 4, ['restructuring']),
           ('economic', 5, ['economic']),
           ('closure', 6, ['closure']),
           ('unknown', 7, ['unknown'])
),
grouped AS (
    SELECT g.reason_group, g.ord, count(b.reason) AS events,
           count(b.reason) / nullif(t.events, 0) AS event_share,
           coalesce(sum(b.headcount), 0) AS headcount,
           coalesce(sum(b.headcount), 0) / nullif(t.headcount, 0) AS headcount_share,
           count(b.reason) AS wilson_k, t.events AS wilson_n, t.events_with_headcount
    FROM grp g
    CROSS JOIN tot t
    LEFT JOIN base b ON list_contains(g.reasons, b.reason)
    GROUP BY g.reason_group, g.ord, t.events, t.headcount, t.events_with_headcount
)
SELECT reason_group, events, event_share, wilson_k, wilson_n, headcount, headcount_share,
       max(headcount_share) FILTER (WHERE reason_group = 'ai_explicit') OVER () AS metric_value,
       max(wilson_n) OVER () AS metric_n,
       max(events_with_headcount) OVER () AS extra_events_with_headcount,
       max(event_share) FILTER (WHERE reason_group = 'ai_explicit') OVER () AS extra_event_share_ai_explicit,
       max(headcount_share) FILTER (WHERE reason_group = 'ai_explicit + automation') OVER ()
           AS extra_headcount_share_ai_or_automation,
       max(headcount_share) FILTER (WHERE reason_group = 'unknown') OVER () AS extra_headcount_share_unknown
FROM grouped
ORDER BY ord
