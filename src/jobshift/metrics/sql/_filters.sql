-- The filtered views every metric reads (a helper, not a metric).
-- The runner first fills the one-row TEMP TABLE metric_filters from a Filters value with prepared
-- parameters (start_date, end_date, country, state, company_class, role_family; NULL = no filter), then
-- runs this file. Metrics select only from f_postings and f_layoffs (plus skills/posting_skills/companies
-- for lookups), so every filter applies to every metric in the same way.
--
-- f_postings: distinct jobs - postings that are not a copy of another (duplicate_of IS NULL: see
--   jobshift.dedup) - + obs_date (posted_at, else first_seen), month ('YYYY-MM'), company_class,
--   company_name, ai_role (one of the three AI role families), ai_opening (ai_role or ai_skill_required),
--   pay_usd (annual USD: midpoint of salary_min_usd and salary_max_usd, else whichever is known); the stored
--   postings.ai_role (builds_ai | uses_ai | boilerplate | none) is exposed as posting_ai_role.
-- f_postings_all: the same with the copies (for the metric that counts them).
-- f_layoffs: layoff_events + obs_date (announced_on, else effective_on), month, company_class,
--   company_name, company_key (company_id, else the lower-cased company name).
-- The role_family filter applies to postings only; state applies to layoffs by their state column and to
-- postings (approximately) when the location holds ", XX" and the country is empty or the US.

-- month_span(lo, hi): one row per month from lo's month to hi's ('YYYY-MM'); none when lo is NULL.
-- Written with generate_series + unnest so that it transpiles to Spark as it is (jobshift.spark.metrics).
CREATE OR REPLACE TEMP MACRO month_span(lo, hi) AS TABLE
    SELECT strftime(m, '%Y-%m') AS month
    FROM (SELECT unnest(generate_series(date_trunc('month', lo), date_trunc('month', hi), INTERVAL 1 MONTH)) AS m);

CREATE OR REPLACE TEMP VIEW f_postings_all AS
WITH p AS (
    SELECT po.* RENAME (ai_role AS posting_ai_role),  -- stored ai_role (builds_ai | uses_ai | ...); ai_role below is the family flag
           CAST(coalesce(po.posted_at, po.first_seen) AS DATE) AS obs_date,
           c.company_class,
           coalesce(c.name, po.company) AS company_name,
           coalesce(po.role_family IN ('ai_engineer', 'ml_infra_engineer', 'applied_research_scientist'),
                    FALSE) AS ai_role,
           CASE WHEN po.salary_min_usd IS NOT NULL AND po.salary_max_usd IS NOT NULL
                THEN (po.salary_min_usd + po.salary_max_usd) / 2
                ELSE coalesce(po.salary_min_usd, po.salary_max_usd) END AS pay_usd
    FROM postings po
    LEFT JOIN companies c ON c.company_id = po.company_id
)
SELECT p.*,
       strftime(p.obs_date, '%Y-%m') AS month,
       p.ai_role OR coalesce(p.ai_skill_required, FALSE) AS ai_opening
FROM p CROSS JOIN metric_filters m
WHERE (m.start_date IS NULL OR p.obs_date >= m.start_date)
  AND (m.end_date IS NULL OR p.obs_date <= m.end_date)
  AND (m.country IS NULL OR upper(trim(p.country)) = m.country)
  AND (m.state IS NULL OR (
        regexp_matches(upper(coalesce(p.location, '')), ',\s*' || m.state || '(\s|,|$)')
        AND (p.country IS NULL OR upper(trim(p.country)) IN ('US', 'USA', 'UNITED STATES'))))
  AND (m.company_class IS NULL OR coalesce(p.company_class, 'unknown') = m.company_class)
  AND (m.role_family IS NULL OR p.role_family = m.role_family);

CREATE OR REPLACE TEMP VIEW f_postings AS
SELECT * FROM f_postings_all WHERE duplicate_of IS NULL;

CREATE OR REPLACE TEMP VIEW f_layoffs AS
WITH l AS (
    SELECT le.*,
           coalesce(le.announced_on, le.effective_on) AS obs_date,
           c.company_class,
           coalesce(c.name, le.company) AS company_name,
           coalesce(le.company_id, lower(trim(le.company))) AS company_key
    FROM layoff_events le
    LEFT JOIN companies c ON c.company_id = le.company_id
)
SELECT l.*, strftime(l.obs_date, '%Y-%m') AS month
FROM l CROSS JOIN metric_filters m
WHERE (m.start_date IS NULL OR l.obs_date >= m.start_date)
  AND (m.end_date IS NULL OR l.obs_date <= m.end_date)
  AND (m.country IS NULL OR upper(trim(l.country)) = m.country)
  AND (m.state IS NULL OR upper(trim(l.state)) = m.state)
  AND (m.company_class IS NULL OR coalesce(l.company_class, 'unknown') = m.company_class);
