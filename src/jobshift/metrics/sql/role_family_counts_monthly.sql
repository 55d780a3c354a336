-- id: role_family_counts_monthly
-- label: Postings by role family and month
-- unit: postings
-- compute: growth
-- section: postings
-- order: 50
-- basis: f_postings
-- definition: Postings per role family per calendar month (months without postings count 0), with
--   month-over-month growth n / prev_n − 1 and an approximate 95% interval treating both months' counts
--   as Poisson: exp(log(n/prev_n) ± 1.96·sqrt(1/n + 1/prev_n)) − 1.
-- caveats: The first and last months are often partial (collection started or stopped mid-month), so
--   their growth is not comparable. Growth is blank when the previous month had no postings; the
--   interval is blank when either month has none. Changes in which boards are collected show up as growth.
WITH families AS (
    SELECT DISTINCT coalesce(role_family, 'unclassified') AS role_family FROM f_postings
),
counts AS (
    SELECT month, coalesce(role_family, 'unclassified') AS role_family, count(*) AS n
    FROM f_postings
    GROUP BY ALL
),
grid AS (
    SELECT m.month, f.role_family, coalesce(c.n, 0) AS n
    FROM month_span((SELECT min(obs_date) FROM f_postings), (SELECT max(obs_date) FROM f_postings)) m
    CROSS JOIN families f
    LEFT JOIN counts c ON c.month = m.month AND c.role_family = f.role_family
)
SELECT month, role_family, n, lag(n) OVER (PARTITION BY role_family ORDER BY month) AS prev_n
FROM grid
ORDER BY role_family, month
