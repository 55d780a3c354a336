-- id: ai_pay_premium
-- label: AI-role pay premium over software engineers
-- unit: ratio
-- compute: premium
-- section: pay
-- order: 70
-- basis: f_postings WHERE pay_usd IS NOT NULL AND (ai_role OR role_family = 'software_engineer')
-- definition: How much more AI roles (ai_engineer, ml_infra_engineer, applied_research_scientist) advertise
--   than software engineers of the same seniority in the same country. In each seniority × country cell
--   with at least 3 paid postings on both sides, the ratio of median pay AI / software engineer is taken;
--   the figure is the average of those ratios weighted by the cell's AI postings, minus 1 (0.25 = AI roles
--   advertise 25% more). n = paid postings in the cells used. 95% interval: stratified bootstrap (each side
--   of each cell resampled, 1,000 resamples, fixed seed).
-- caveats: Pay is advertised, not paid, and only postings that state pay count. Cells too small to
--   compare are listed but not used. Role family and seniority come from title rules; a mislabelled
--   "AI engineer" who is a plain software engineer narrows the gap.
SELECT coalesce(seniority, 'unknown') AS seniority,
       coalesce(upper(trim(country)), 'unknown') AS country,
       count(*) FILTER (WHERE ai_role) AS n_ai,
       count(*) FILTER (WHERE role_family = 'software_engineer') AS n_swe,
       median(pay_usd) FILTER (WHERE ai_role) AS ai_median_usd,
       median(pay_usd) FILTER (WHERE role_family = 'software_engineer') AS swe_median_usd,
       list(pay_usd ORDER BY pay_usd) FILTER (WHERE ai_role) AS ai_values,
       list(pay_usd ORDER BY pay_usd) FILTER (WHERE role_family = 'software_engineer') AS swe_values
FROM f_postings
WHERE pay_usd IS NOT NULL AND (ai_role OR role_family = 'software_engineer')
GROUP BY ALL
ORDER BY n_ai + n_swe DESC, seniority, country
