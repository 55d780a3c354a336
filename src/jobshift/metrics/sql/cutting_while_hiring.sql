-- id: cutting_while_hiring
-- label: Companies cutting jobs while hiring for AI
-- unit: companies
-- compute: table
-- section: shift
-- order: 210
-- basis: f_layoffs WHERE company_id IS NOT NULL
-- basis: f_postings WHERE ai_opening AND company_id IS NOT NULL
-- definition: Companies with at least one layoff event and at least one AI posting (role family
--   ai_engineer, ml_infra_engineer or applied_research_scientist, or an AI skill required) in the same
--   period. The figure is the number of such companies; n = companies with a layoff event; the table gives
--   each company's layoff events (a layoff reported by several sources counts once; raw_layoff_events
--   counts every source's rows), stated headcount cut (the de-duplicated figure, docs/events.md) and AI
--   postings.
-- caveats: Matching is by company_id, so companies that enrichment could not identify on both sides are
--   missed. "Same period" is the whole filter window, not the same month. An AI posting is not evidence that
--   the cut jobs were replaced by AI.
WITH cuts AS (
    SELECT company_id, count(*) AS layoff_events, count(headcount) AS headcount_known,
           coalesce(sum(headcount), 0) AS cuts_headcount, min(obs_date) AS first_cut, max(obs_date) AS last_cut,
           sum(raw_events) AS raw_layoff_events
    FROM layoff_clusters_of('f_layoffs')
    WHERE company_id IS NOT NULL
    GROUP BY company_id
),
ai AS (
    SELECT company_id, count(*) AS ai_openings, min(obs_date) AS first_ai_posting,
           max(obs_date) AS last_ai_posting
    FROM f_postings
    WHERE ai_opening AND company_id IS NOT NULL
    GROUP BY company_id
)
SELECT coalesce(co.name, cuts.company_id) AS company, cuts.company_id,
       coalesce(co.company_class, 'unknown') AS company_class,
       cuts.layoff_events, CAST(cuts.raw_layoff_events AS BIGINT) AS raw_layoff_events, cuts.cuts_headcount,
       cuts.headcount_known,
       coalesce(ai.ai_openings, 0) AS ai_openings,
       cuts.first_cut, cuts.last_cut, ai.first_ai_posting, ai.last_ai_posting,
       ai.ai_openings IS NOT NULL AS keep_row,
       count(ai.ai_openings) OVER () AS metric_value,
       count(*) OVER () AS metric_n
FROM cuts
LEFT JOIN ai ON ai.company_id = cuts.company_id
LEFT JOIN companies co ON co.company_id = cuts.company_id
ORDER BY ai.ai_openings IS NULL, cuts.cuts_headcount DESC, ai_openings DESC, company
