-- id: cuts_concentration
-- label: Share of layoff headcount at the top 5 companies
-- unit: share
-- compute: table
-- section: layoffs
-- order: 150
-- chart: concentration
-- basis: f_layoffs WHERE headcount IS NOT NULL
-- definition: Stated layoff headcount of real-world layoff events (a layoff reported by several sources
--   counts once, with the headcount chosen by the rule in docs/events.md) summed per company (company_id,
--   else the company name); the figure is the top five companies' share of the total. Also the
--   Herfindahl–Hirschman index (extra.hhi): the sum of squared company shares × 10,000 (10,000 = one company
--   made every cut; below 1,500 is usually read as unconcentrated). The table lists the ten largest, with
--   raw_headcount, the sum over every source's rows before de-duplication.
-- caveats: Only events that state a headcount count. Companies not matched to one id (spelling variants)
--   split into several and lower the concentration. Not a sample: no interval.
WITH by_company AS (
    SELECT company_key, min(company_name) AS company, count(*) AS events, sum(headcount) AS headcount,
           sum(raw_headcount) AS raw_headcount
    FROM layoff_clusters_of('f_layoffs')
    WHERE headcount IS NOT NULL
    GROUP BY company_key
),
ranked AS (
    SELECT *, headcount / nullif(sum(headcount) OVER (), 0) AS share,
           row_number() OVER (ORDER BY headcount DESC, company) AS rank
    FROM by_company
)
SELECT rank, company, events, headcount, share, CAST(raw_headcount AS BIGINT) AS raw_headcount,
       rank <= 10 AS keep_row,
       sum(share) FILTER (WHERE rank <= 5) OVER () AS metric_value,
       10000 * sum(share * share) OVER () AS extra_hhi,
       count(*) OVER () AS extra_companies
FROM ranked
ORDER BY rank
