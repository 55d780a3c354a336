-- id: ai_attribution_levels_quarterly
-- label: AI share of layoffs by attribution level and quarter
-- unit: events
-- compute: table
-- section: layoffs
-- order: 126
-- chart: ai_attribution_levels
-- basis: f_layoffs WHERE obs_date IS NOT NULL
-- definition: Per calendar quarter of announcement (quarters, not months: stated, reported and denied
--   events are a few a month at most), over real-world layoff events (a layoff reported by several
--   sources counts once, dated by the rule in docs/events.md): events, and for each AI attribution level
--   (docs/method.md) the events at that level and their share of the quarter's events with a 95% Wilson
--   interval - stated = the employer or its filing names AI as a cause; reported = a news source or analyst
--   does; adjacent = cuts announced beside an AI investment or pivot, no causal claim; denied = the employer
--   says AI is not why; the rest are none. An event reported by several sources takes the employer's own
--   word first (stated, then denied), then the third-party readings (reported, then adjacent), as in
--   ai_attribution_levels. Also the quarter's stated headcount and the part of it in stated events, and
--   events_without_text, the events with no text to read a level from (counted as none).
--   Each level is its own series: the levels are never added into one "AI share".
-- caveats: Counts of stated, reported or denied events are small even per quarter, so the intervals are
--   wide; a quarter with few events says little. Levels are read from the texts jobshift holds (a tracker's note, a headline, a WARN
--   reason), not the full articles; a level the text does not show is "none". Undated events are left out
--   (extra.undated_events says how many). Which sources are loaded changes the mix of texts quarter by quarter.
WITH ev AS (
    SELECT coalesce(k.cluster_id, l.event_id) AS cluster_id,
           min(CASE coalesce(l.ai_attribution, 'none')
                   WHEN 'stated' THEN 1 WHEN 'denied' THEN 2 WHEN 'reported' THEN 3 WHEN 'adjacent' THEN 4
                   ELSE 5 END) AS level_rank,
           max(CASE WHEN l.ai_attribution IS NULL THEN 0 ELSE 1 END) AS has_text
    FROM f_layoffs l
    LEFT JOIN layoff_event_links k ON k.event_id = l.event_id
    GROUP BY coalesce(k.cluster_id, l.event_id)
),
c AS (
    SELECT CASE WHEN lc.month IS NOT NULL THEN substr(lc.month, 1, 4) || '-Q' ||
                CASE WHEN substr(lc.month, 6, 2) IN ('01', '02', '03') THEN '1'
                     WHEN substr(lc.month, 6, 2) IN ('04', '05', '06') THEN '2'
                     WHEN substr(lc.month, 6, 2) IN ('07', '08', '09') THEN '3'
                     ELSE '4' END END AS quarter,
           ev.level_rank, ev.has_text, lc.headcount
    FROM ev
    JOIN layoff_clusters_of('f_layoffs') lc ON lc.cluster_id = ev.cluster_id
),
undated AS (SELECT count(*) AS events FROM c WHERE quarter IS NULL),
m AS (
    SELECT quarter,
           count(*) AS events,
           sum(CASE WHEN level_rank = 1 THEN 1 ELSE 0 END) AS stated,
           sum(CASE WHEN level_rank = 3 THEN 1 ELSE 0 END) AS reported,
           sum(CASE WHEN level_rank = 4 THEN 1 ELSE 0 END) AS adjacent,
           sum(CASE WHEN level_rank = 2 THEN 1 ELSE 0 END) AS denied,
           sum(CASE WHEN level_rank = 5 THEN 1 ELSE 0 END) AS none_events,
           sum(CASE WHEN has_text = 0 THEN 1 ELSE 0 END) AS without_text,
           coalesce(sum(headcount), 0) AS headcount,
           coalesce(sum(CASE WHEN level_rank = 1 THEN headcount END), 0) AS stated_headcount
    FROM c
    WHERE quarter IS NOT NULL
    GROUP BY quarter
)
SELECT m.quarter,
       m.events,
       m.stated AS stated_events,
       m.stated / m.events AS stated_share,
       m.stated AS wilson_k_stated_share,
       m.events AS wilson_n_stated_share,
       m.reported AS reported_events,
       m.reported / m.events AS reported_share,
       m.reported AS wilson_k_reported_share,
       m.events AS wilson_n_reported_share,
       m.adjacent AS adjacent_events,
       m.adjacent / m.events AS adjacent_share,
       m.adjacent AS wilson_k_adjacent_share,
       m.events AS wilson_n_adjacent_share,
       m.denied AS denied_events,
       m.denied / m.events AS denied_share,
       m.denied AS wilson_k_denied_share,
       m.events AS wilson_n_denied_share,
       m.none_events,
       m.without_text AS events_without_text,
       m.headcount,
       m.stated_headcount,
       u.events AS extra_undated_events
FROM m CROSS JOIN undated u
ORDER BY m.quarter
