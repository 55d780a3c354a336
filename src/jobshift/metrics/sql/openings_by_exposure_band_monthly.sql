-- id: openings_by_exposure_band_monthly
-- label: Postings by AI exposure band and month
-- unit: postings
-- compute: table
-- section: postings
-- order: 55
-- chart: openings_by_exposure_band
-- basis: f_postings
-- definition: Per calendar month, distinct postings by the AI exposure band of the occupation their title
--   maps to (O*NET-SOC, jobshift.enrich.occupations; the band cuts the GPTs-are-GPTs occupation exposure
--   score into low, medium and high, docs/method.md): postings, mapped (postings with a band), unmapped (no
--   occupation, or an occupation without an exposure score), and for each band its postings and share of the
--   month's mapped postings with a 95% Wilson interval. The high and low rows are the openings in high- and
--   low-exposure occupations over time. extra.unmapped, extra.no_occupation and extra.no_score say how many
--   postings of the whole period could not be placed in a band.
-- caveats: Exposure is a property of the occupation (what share of its tasks a language model could speed
--   up), not of the posting or the employer's plans; a band is only as right as the title-to-occupation
--   match (docs/method.md has its measured accuracy). Postings are advertisements, not hires, and the mix of
--   boards collected changes the mix of occupations month by month. Undated postings are left out of the
--   months but counted in the extras.
WITH p AS (
    SELECT month, exposure_band, occupation_code FROM f_postings
),
totals AS (
    SELECT count(*) AS postings,
           count(*) FILTER (WHERE exposure_band IS NOT NULL) AS mapped,
           count(*) FILTER (WHERE exposure_band IS NULL) AS unmapped,
           count(*) FILTER (WHERE occupation_code IS NULL) AS no_occupation,
           count(*) FILTER (WHERE occupation_code IS NOT NULL AND exposure_band IS NULL) AS no_score,
           count(*) FILTER (WHERE exposure_band = 'high') AS high,
           count(*) FILTER (WHERE exposure_band = 'low') AS low
    FROM p
),
m AS (
    SELECT month,
           count(*) AS postings,
           count(*) FILTER (WHERE exposure_band IS NOT NULL) AS mapped,
           count(*) FILTER (WHERE exposure_band = 'high') AS high,
           count(*) FILTER (WHERE exposure_band = 'medium') AS medium,
           count(*) FILTER (WHERE exposure_band = 'low') AS low
    FROM p
    WHERE month IS NOT NULL
    GROUP BY month
)
SELECT m.month,
       m.postings,
       m.mapped,
       m.postings - m.mapped AS unmapped,
       m.high AS high_postings,
       m.high / nullif(m.mapped, 0) AS high_share,
       m.high AS wilson_k_high_share,
       m.mapped AS wilson_n_high_share,
       m.medium AS medium_postings,
       m.medium / nullif(m.mapped, 0) AS medium_share,
       m.medium AS wilson_k_medium_share,
       m.mapped AS wilson_n_medium_share,
       m.low AS low_postings,
       m.low / nullif(m.mapped, 0) AS low_share,
       m.low AS wilson_k_low_share,
       m.mapped AS wilson_n_low_share,
       t.postings AS extra_postings,
       t.mapped AS extra_mapped,
       t.unmapped AS extra_unmapped,
       t.no_occupation AS extra_no_occupation,
       t.no_score AS extra_no_score,
       t.high / nullif(t.mapped, 0) AS extra_high_share,
       t.low / nullif(t.mapped, 0) AS extra_low_share
FROM m CROSS JOIN totals t
ORDER BY m.month
