-- 0004_event_clusters: one real-world layoff reported by several sources (see docs/events.md).
-- Every source's row stays in layoff_events untouched; this adds the grouping on top of them.

-- Which real-world event (cluster) each layoff event belongs to. Written by `jobshift.linking` after every
-- `jobshift run` / `jobshift import` that touched layoffs or news: all rows replaced in one transaction, so
-- re-running gives the same rows, never more. An event without a row here (stored after the last linking)
-- is a cluster of its own.
CREATE TABLE layoff_event_links (
    event_id          VARCHAR PRIMARY KEY,  -- layoff_events.event_id
    cluster_id        VARCHAR NOT NULL,     -- the cluster's anchor event_id (first tracker, else news, else WARN row)
    company_key       VARCHAR,              -- the company the event was compared within
    kind              VARCHAR NOT NULL,     -- tracker | news | warn
    method            VARCHAR NOT NULL,     -- single | anchor | <company match>+window (exact, spacing, fuzzy, ...)
    score             DOUBLE NOT NULL,      -- company-name score × date closeness, 0-1 (1 for anchors)
    days_from_anchor  INTEGER               -- event date minus the anchor's date
);

-- The de-duplicated events of any relation shaped like layoff_events (the table itself, or the filtered
-- metric view f_layoffs): one row per cluster present in it. The rules, each documented in docs/events.md:
--   representative (date, company, place): the first tracker row, else the first news story, else the first
--     WARN notice (by date, then event_id);
--   headcount: the larger of the largest tracker figure and the sum of the WARN notices (each notice covers
--     one site, so notices add up; a tracker gives the announced total, often company-wide), else the
--     largest figure a news story states; headcount_source says which;
--   reason: the most specific reason any member states, in the extractor's priority order
--     (ai_explicit, automation, closure, economic, restructuring, then unknown), with that member's evidence.
-- raw_events / raw_headcount are what adding up the member rows would give (for "raw vs de-duplicated").
CREATE MACRO layoff_clusters_of(events) AS TABLE
WITH m AS (
    SELECT e.event_id, e.source, e.company, e.company_id, e.headcount, e.percent, e.reason,
           e.reason_evidence, e.country, e.state, e.synthetic,
           coalesce(e.announced_on, e.effective_on) AS event_date,
           coalesce(k.cluster_id, e.event_id) AS cluster_id,
           coalesce(k.kind, 'tracker') AS kind,
           coalesce(k.method, 'single') = 'single' AS alone,
           coalesce(list_position(['tracker', 'news', 'warn'], k.kind), 1) AS kind_rank,
           coalesce(list_position(['ai_explicit', 'automation', 'closure', 'economic', 'restructuring'],
                                  e.reason), 6) AS reason_rank
    FROM query_table(events) e
    LEFT JOIN layoff_event_links k ON k.event_id = e.event_id
),
-- Most events are alone in their cluster: they pass through as they are.
single AS (
    SELECT cluster_id, event_id, source, company, company_id, event_date, country, state, headcount,
           CASE WHEN headcount IS NOT NULL THEN kind END AS headcount_source, percent,
           coalesce(reason, 'unknown') AS reason,
           CASE WHEN reason_rank < 6 THEN reason_evidence END AS reason_evidence,
           CASE WHEN reason_rank < 6 THEN event_id END AS reason_event_id,
           1 AS n_sources, [source] AS sources, [event_id] AS event_ids, 1 AS raw_events,
           headcount AS raw_headcount, CAST(headcount IS NOT NULL AS INTEGER) AS raw_headcount_known, synthetic
    FROM m
    WHERE alone
),
agg AS (
    SELECT cluster_id,
           count(*) AS raw_events,
           count(DISTINCT source) AS n_sources,
           list(DISTINCT source ORDER BY source) AS sources,
           list(event_id ORDER BY event_id) AS event_ids,
           arg_min(event_id, (kind_rank, event_date IS NULL, event_date, event_id)) AS event_id,
           min(reason_rank) AS reason_rank,
           arg_min(event_id, (reason_rank, kind_rank, event_id)) AS reason_event_id,
           max(headcount) FILTER (WHERE kind = 'tracker') AS tracker_headcount,
           sum(headcount) FILTER (WHERE kind = 'warn') AS warn_headcount,
           max(headcount) FILTER (WHERE kind = 'news') AS news_headcount,
           sum(headcount) AS raw_headcount,
           count(headcount) AS raw_headcount_known,
           bool_or(synthetic) AS synthetic
    FROM m
    WHERE NOT alone
    GROUP BY cluster_id
),
multi AS (
    SELECT a.cluster_id, a.event_id, r.source, r.company, r.company_id, r.event_date, r.country, r.state,
           coalesce(greatest(a.tracker_headcount, a.warn_headcount), a.news_headcount) AS headcount,
           CASE WHEN a.tracker_headcount IS NULL AND a.warn_headcount IS NULL
                     THEN CASE WHEN a.news_headcount IS NOT NULL THEN 'news' END
                WHEN a.tracker_headcount IS NULL OR a.warn_headcount > a.tracker_headcount THEN 'warn'
                ELSE 'tracker' END AS headcount_source,
           r.percent,
           coalesce(why.reason, 'unknown') AS reason,
           CASE WHEN a.reason_rank < 6 THEN why.reason_evidence END AS reason_evidence,
           CASE WHEN a.reason_rank < 6 THEN a.reason_event_id END AS reason_event_id,
           a.n_sources, a.sources, a.event_ids, a.raw_events, a.raw_headcount, a.raw_headcount_known,
           a.synthetic
    FROM agg a
    JOIN m r ON r.event_id = a.event_id
    JOIN m why ON why.event_id = a.reason_event_id
),
c AS (
    SELECT * FROM single
    UNION ALL BY NAME
    SELECT * FROM multi
)
SELECT c.cluster_id, c.event_id, c.source, c.company, c.company_id,
       c.event_date AS obs_date, strftime(c.event_date, '%Y-%m') AS month,
       c.country, c.state,
       coalesce(co.name, c.company) AS company_name,
       co.company_class,
       coalesce(c.company_id, lower(trim(c.company))) AS company_key,
       CAST(c.headcount AS BIGINT) AS headcount, c.headcount_source, c.percent,
       c.reason, c.reason_evidence, c.reason_event_id,
       CAST(c.n_sources AS BIGINT) AS n_sources, c.sources, c.event_ids, CAST(c.raw_events AS BIGINT) AS raw_events,
       CAST(c.raw_headcount AS BIGINT) AS raw_headcount,
       CAST(c.raw_headcount_known AS BIGINT) AS raw_headcount_known, c.synthetic
FROM c
LEFT JOIN companies co ON co.company_id = c.company_id;

-- One row per real-world layoff over everything stored (what `jobshift sql` users query).
CREATE VIEW layoff_clusters AS SELECT * FROM layoff_clusters_of('layoff_events');

-- News stories and the layoff events read from them (source news_layoffs, source_id = the story's item_id).
CREATE VIEW news_layoff_events AS
SELECT n.item_id, e.event_id, n.url, n.title, n.published_at, e.company, e.headcount, e.reason
FROM layoff_events e
JOIN news_items n ON n.item_id = e.source_id
WHERE e.source = 'news_layoffs';
