-- id: incumbents_vs_startups_monthly
-- label: Incumbents' cuts vs startups' AI openings, by month
-- unit: per month
-- compute: table
-- section: shift
-- order: 230
-- chart: incumbents_vs_startups
-- basis: f_layoffs WHERE obs_date IS NOT NULL AND company_class = 'incumbent'
-- basis: f_postings WHERE ai_opening AND company_class IN ('startup', 'ai_native')
-- definition: Per calendar month: real-world layoff events at incumbents (company class incumbent; a layoff
--   reported by several sources counts once, docs/events.md), the headcount they state, and AI postings (role family ai_engineer, ml_infra_engineer or applied_research_scientist, or an
--   AI skill required) at startups and AI-native companies, with the AI-native part on its own
--   (ai_native_ai_openings). A side is blank (not 0) in months outside the span its own data covers (first
--   to last month with any posting, or any layoff event, of any class). Also in the table: incumbents' own
--   AI postings, for the comparison the other way round.
-- caveats: Only companies enrichment could class count; the many unclassed companies are in neither
--   column (see cuts_by_company_class for how many). The two sides are different units — people named in
--   announcements vs advertisements — and different companies, so the columns show timing, not jobs moving
--   from one to the other. A company_class filter empties one side.
WITH cuts AS (
    SELECT month, count(*) AS incumbent_cut_events, coalesce(sum(headcount), 0) AS incumbent_cuts_headcount
    FROM layoff_clusters_of('f_layoffs')
    WHERE obs_date IS NOT NULL AND company_class = 'incumbent'
    GROUP BY month
),
ai AS (
    SELECT month,
           count(*) FILTER (WHERE company_class IN ('startup', 'ai_native')) AS startup_ai_openings,
           count(*) FILTER (WHERE company_class = 'ai_native') AS ai_native_ai_openings,
           count(*) FILTER (WHERE company_class = 'incumbent') AS incumbent_ai_openings
    FROM f_postings
    WHERE ai_opening AND company_class IN ('startup', 'ai_native', 'incumbent')
    GROUP BY month
),
covered AS (
    -- months each side's data spans (any class), from one min/max scan per view
    SELECT strftime(p.lo, '%Y-%m') AS p_lo, strftime(p.hi, '%Y-%m') AS p_hi,
           strftime(l.lo, '%Y-%m') AS l_lo, strftime(l.hi, '%Y-%m') AS l_hi
    FROM (SELECT min(obs_date) AS lo, max(obs_date) AS hi FROM f_postings) p,
         (SELECT min(obs_date) AS lo, max(obs_date) AS hi FROM f_layoffs) l
),
span AS (
    SELECT min(d) AS lo, max(d) AS hi FROM (
        SELECT obs_date AS d FROM f_layoffs WHERE obs_date IS NOT NULL AND company_class = 'incumbent'
        UNION ALL
        SELECT obs_date FROM f_postings WHERE ai_opening AND company_class IN ('startup', 'ai_native', 'incumbent')
    )
)
SELECT m.month,
       CASE WHEN m.month BETWEEN v.l_lo AND v.l_hi THEN coalesce(c.incumbent_cut_events, 0) END
           AS incumbent_cut_events,
       CASE WHEN m.month BETWEEN v.l_lo AND v.l_hi THEN coalesce(c.incumbent_cuts_headcount, 0) END
           AS incumbent_cuts_headcount,
       CASE WHEN m.month BETWEEN v.p_lo AND v.p_hi THEN coalesce(a.startup_ai_openings, 0) END
           AS startup_ai_openings,
       CASE WHEN m.month BETWEEN v.p_lo AND v.p_hi THEN coalesce(a.ai_native_ai_openings, 0) END
           AS ai_native_ai_openings,
       CASE WHEN m.month BETWEEN v.p_lo AND v.p_hi THEN coalesce(a.incumbent_ai_openings, 0) END
           AS incumbent_ai_openings
FROM month_span((SELECT lo FROM span), (SELECT hi FROM span)) m
CROSS JOIN covered v
LEFT JOIN cuts c ON c.month = m.month
LEFT JOIN ai a ON a.month = m.month
ORDER BY m.month
