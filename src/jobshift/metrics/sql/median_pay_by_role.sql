-- id: median_pay_by_role
-- label: Median advertised pay by role family and seniority
-- unit: USD/year
-- compute: median_ci
-- section: pay
-- order: 60
-- chart: pay_by_role
-- basis: f_postings WHERE pay_usd IS NOT NULL
-- definition: Median advertised annual pay in USD per role family and seniority. A posting's pay is the
--   midpoint of salary_min_usd and salary_max_usd, or whichever one is stated. n = postings with pay.
--   95% interval: the distribution-free order-statistic interval of the median, [x_(j), x_(n+1−j)] with
--   j the largest rank such that P(B < j) ≤ 2.5% for B ~ Binomial(n, 1/2) (coverage ≥ 95%; no resampling),
--   shown when n ≥ 5 (for n = 5 it is the lowest to the highest value, which covers 93.75%).
-- caveats: Only postings that state pay count — mostly where pay transparency laws apply (several US
--   states, the EU soon), so the mix is skewed. Advertised ranges are not what people are paid; hourly and
--   monthly rates are annualised by enrichment. Currency conversion uses one rate per currency.
WITH cells AS (
    SELECT coalesce(role_family, 'unclassified') AS role_family,
           coalesce(seniority, 'unknown') AS seniority,
           count(*) AS n,
           median(pay_usd) AS median_usd,
           list(pay_usd ORDER BY pay_usd) AS pay_values
    FROM f_postings
    WHERE pay_usd IS NOT NULL
    GROUP BY ALL
)
SELECT role_family, seniority, n, median_usd, pay_values
FROM cells
ORDER BY role_family,
         list_position(['intern', 'junior', 'mid', 'senior', 'staff', 'principal', 'manager', 'director',
                        'exec', 'unknown'], seniority)
