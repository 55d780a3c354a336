-- id: ai_attribution_levels
-- label: Layoffs by how the cuts are tied to AI (stated, reported, adjacent, denied, none)
-- unit: events
-- compute: table
-- section: layoffs
-- order: 125
-- basis: f_layoffs
-- definition: Real-world layoff events (a layoff reported by several sources counts once; docs/events.md)
--   by AI attribution level (docs/method.md): stated = the employer or its filing names AI as a cause;
--   reported = a news source or analyst does; adjacent = cuts announced beside an AI investment or pivot,
--   no causal claim; denied = the employer says AI is not why; none. An event reported by several sources
--   takes the employer's own word first (stated, then denied), then the third-party readings (reported,
--   then adjacent). Each level: events with its share of all events (95% Wilson interval), and stated
--   headcount with its share of all stated headcount. "stated" alone is the series comparable with
--   Challenger, Gray & Christmas's AI-cited cuts; the levels are never added into one figure.
-- caveats: Levels are read from the texts jobshift holds (a tracker's note, a headline, a WARN reason), not
--   from the full articles; a level the text does not show is "none". Layoffs without a text are "none".
WITH ev AS (
    SELECT coalesce(k.cluster_id, l.event_id) AS cluster_id,
           min(list_position(['stated', 'denied', 'reported', 'adjacent', 'none'],
                             coalesce(l.ai_attribution, 'none'))) AS level_rank
    FROM f_layoffs l
    LEFT JOIN layoff_event_links k ON k.event_id = l.event_id
    GROUP BY 1
),
c AS (
    SELECT ev.cluster_id, ['stated', 'denied', 'reported', 'adjacent', 'none'][ev.level_rank] AS ai_attribution,
           lc.headcount
    FROM ev
    JOIN layoff_clusters_of('f_layoffs') lc ON lc.cluster_id = ev.cluster_id
),
tot AS (SELECT count(*) AS events, coalesce(sum(headcount), 0) AS headcount FROM c),
by_level AS (
    SELECT ai_attribution, count(*) AS events, count(headcount) AS headcount_known,
           coalesce(sum(headcount), 0) AS headcount
    FROM c GROUP BY 1
)
SELECT b.ai_attribution, b.events, b.events / nullif(t.events, 0) AS event_share,
       b.events AS wilson_k, t.events AS wilson_n,
       b.headcount, b.headcount_known, b.headcount / nullif(t.headcount, 0) AS headcount_share
FROM by_level b CROSS JOIN tot t
ORDER BY list_position(['stated', 'reported', 'adjacent', 'denied', 'none'], b.ai_attribution)
