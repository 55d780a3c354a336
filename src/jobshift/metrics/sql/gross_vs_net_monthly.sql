-- id: gross_vs_net_monthly
-- label: Layoffs announced vs AI postings by month
-- unit: per month
-- compute: table
-- section: shift
-- order: 220
-- chart: cuts_vs_ai_openings
-- basis: f_layoffs WHERE obs_date IS NOT NULL
-- basis: f_postings WHERE ai_opening
-- definition: Per calendar month: real-world layoff events announced (a layoff reported by several sources
--   counts once, headcount by the rule in docs/events.md; raw_cuts_headcount adds every source's rows
--   instead), the headcount they state, and AI postings
--   (role family ai_engineer, ml_infra_engineer or applied_research_scientist, or an AI skill required)
--   first dated that month; ai_openings_minus_cuts = AI postings − stated headcount. A side is blank (not 0)
--   in months outside the span its own data covers (first to last month with any posting, or any event).
-- caveats: The two sides are different units — people named in announcements vs advertisements — so the
--   difference is a rough balance, not a net job count: a posting may be filled by someone already
--   employed, and announced cuts may be spread over months or not carried out. Sources cover different
--   employers and countries.
WITH cuts AS (
    SELECT month, count(*) AS cut_events, coalesce(sum(headcount), 0) AS cuts_headcount,
           coalesce(sum(raw_headcount), 0) AS raw_cuts_headcount
    FROM layoff_clusters_of('f_layoffs') WHERE obs_date IS NOT NULL GROUP BY month
),
ai AS (
    SELECT month, count(*) AS ai_openings FROM f_postings WHERE ai_opening GROUP BY month
),
covered AS (
    SELECT (SELECT min(month) FROM f_postings) AS p_lo, (SELECT max(month) FROM f_postings) AS p_hi,
           (SELECT min(month) FROM f_layoffs) AS l_lo, (SELECT max(month) FROM f_layoffs) AS l_hi
),
span AS (
    SELECT min(d) AS lo, max(d) AS hi FROM (
        SELECT obs_date AS d FROM f_layoffs WHERE obs_date IS NOT NULL
        UNION ALL
        SELECT obs_date FROM f_postings WHERE ai_opening
    )
),
grid AS (
    SELECT m.month,
           CASE WHEN m.month BETWEEN v.l_lo AND v.l_hi THEN coalesce(c.cut_events, 0) END AS cut_events,
           CASE WHEN m.month BETWEEN v.l_lo AND v.l_hi THEN coalesce(c.cuts_headcount, 0) END AS cuts_headcount,
           CASE WHEN m.month BETWEEN v.l_lo AND v.l_hi THEN CAST(coalesce(c.raw_cuts_headcount, 0) AS BIGINT) END
               AS raw_cuts_headcount,
           CASE WHEN m.month BETWEEN v.p_lo AND v.p_hi THEN coalesce(a.ai_openings, 0) END AS ai_openings
    FROM month_span((SELECT lo FROM span), (SELECT hi FROM span)) m
    CROSS JOIN covered v
    LEFT JOIN cuts c ON c.month = m.month
    LEFT JOIN ai a ON a.month = m.month
)
SELECT month, cut_events, cuts_headcount, ai_openings, ai_openings - cuts_headcount AS ai_openings_minus_cuts,
       raw_cuts_headcount
FROM grid
ORDER BY month
