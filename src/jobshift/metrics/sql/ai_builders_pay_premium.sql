-- id: ai_builders_pay_premium
-- label: Pay premium of jobs that build AI over jobs that use AI tools
-- unit: ratio
-- compute: premium
-- section: pay
-- order: 75
-- basis: f_postings WHERE pay_usd IS NOT NULL AND posting_ai_role IN ('builds_ai', 'uses_ai')
-- definition: How much more postings that build AI (posting_ai_role = builds_ai) advertise than postings
--   that ask only for AI tools (uses_ai), at the same seniority in the same country: in each seniority x
--   country cell with at least 3 paid postings on both sides, the ratio of the medians; the figure is the
--   average ratio weighted by the cell's builds_ai postings, minus 1. 95% interval: stratified bootstrap.
-- caveats: Pay is advertised, not paid. uses_ai postings are often non-engineering jobs, so part of the
--   gap is the occupation, not the AI skill; compare with ai_pay_premium (AI roles vs software engineers).
SELECT coalesce(seniority, 'unknown') AS seniority,
       coalesce(upper(trim(country)), 'unknown') AS country,
       count(*) FILTER (WHERE posting_ai_role = 'builds_ai') AS n_ai,
       count(*) FILTER (WHERE posting_ai_role = 'uses_ai') AS n_swe,
       median(pay_usd) FILTER (WHERE posting_ai_role = 'builds_ai') AS ai_median_usd,
       median(pay_usd) FILTER (WHERE posting_ai_role = 'uses_ai') AS swe_median_usd,
       list(pay_usd ORDER BY pay_usd) FILTER (WHERE posting_ai_role = 'builds_ai') AS ai_values,
       list(pay_usd ORDER BY pay_usd) FILTER (WHERE posting_ai_role = 'uses_ai') AS swe_values
FROM f_postings
WHERE pay_usd IS NOT NULL AND posting_ai_role IN ('builds_ai', 'uses_ai')
GROUP BY ALL
ORDER BY n_ai + n_swe DESC, seniority, country
