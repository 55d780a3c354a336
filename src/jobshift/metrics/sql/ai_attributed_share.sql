-- id: ai_attributed_share
-- label: Layoff headcount attributed explicitly to AI
-- unit: share
-- compute: table
-- section: layoffs
-- order: 130
-- basis: f_layoffs
-- definition: Share of the stated layoff headcount in real-world layoff events whose reason is ai_explicit
--   (the company, notice or story names AI as a cause). A layoff reported by several sources counts once,
--   with the most specific reason any of its reports gives and the headcount chosen by the rule in
--   docs/events.md. The table gives every reason, plus ai_explicit + automation together: events,
--   event_share (of all events, with a 95% Wilson interval), headcount and headcount_share (of all stated
--   headcount), then raw_events and raw_headcount — the same counted over every source's rows, without
--   de-duplication. The unknown row shows how much could not be classified.
-- caveats: No interval is given for the headcount share: one large event moves it a lot and events are
--   not a random sample of people, so read it with the event share and its interval beside it. Reasons are
--   classified from the announcement text; companies rarely name AI even when it plays a part, so
--   ai_explicit is a floor, and "unknown" is often the largest group. Events without a headcount count for
--   event shares only. De-duplication can lift an event's reason (a news story naming AI gives a tracker
--   row without text the reason ai_explicit).
WITH base AS (
    SELECT coalesce(reason, 'unknown') AS reason, headcount FROM layoff_clusters_of('f_layoffs')
),
raw AS (
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
),
raw_grouped AS (
    SELECT g.reason_group, count(r.reason) AS raw_events, coalesce(sum(r.headcount), 0) AS raw_headcount
    FROM grp g
    LEFT JOIN raw r ON list_contains(g.reasons, r.reason)
    GROUP BY g.reason_group
)
SELECT g.reason_group, events, event_share, wilson_k, wilson_n, headcount, headcount_share,
       r.raw_events, r.raw_headcount,
       max(headcount_share) FILTER (WHERE g.reason_group = 'ai_explicit') OVER () AS metric_value,
       max(wilson_n) OVER () AS metric_n,
       max(events_with_headcount) OVER () AS extra_events_with_headcount,
       max(event_share) FILTER (WHERE g.reason_group = 'ai_explicit') OVER () AS extra_event_share_ai_explicit,
       max(headcount_share) FILTER (WHERE g.reason_group = 'ai_explicit + automation') OVER ()
           AS extra_headcount_share_ai_or_automation,
       max(headcount_share) FILTER (WHERE g.reason_group = 'unknown') OVER () AS extra_headcount_share_unknown,
       max(r.raw_headcount) FILTER (WHERE g.reason_group = 'ai_explicit') OVER ()
           / nullif(sum(r.raw_headcount) FILTER (WHERE g.ord IN (1, 2, 4, 5, 6, 7)) OVER (), 0)
           AS extra_raw_headcount_share_ai_explicit,
       sum(r.raw_events) FILTER (WHERE g.ord IN (1, 2, 4, 5, 6, 7)) OVER () AS extra_raw_events
FROM grouped g
JOIN raw_grouped r ON r.reason_group = g.reason_group
ORDER BY g.ord
