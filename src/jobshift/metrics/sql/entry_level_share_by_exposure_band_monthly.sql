-- id: entry_level_share_by_exposure_band_monthly
-- label: Entry-level share of postings by AI exposure band and month
-- unit: share
-- compute: table
-- section: postings
-- order: 57
-- chart: entry_level_by_exposure_band
-- basis: f_postings
-- definition: Per calendar month and AI exposure band (low, medium, high: the band of the occupation the
--   title maps to, as in openings_by_exposure_band_monthly), the share of postings that are entry level
--   among the postings of known seniority, with a 95% Wilson interval. Entry level = seniority intern
--   (internship, co-op, trainee, apprentice) or junior (entry level, junior, graduate, associate, level I,
--   or 0-1 years asked; jobshift.enrich.roles, jobshift.fields.SENIORITIES); the
--   denominator is every posting of that band and month whose seniority is known (intern to exec).
--   This is the posting-side counterpart of the payroll finding of Brynjolfsson, Chandar and Chen,
--   "Canaries in the coal mine" (2025): the drop in employment concentrates in young workers in highly
--   exposed occupations. Columns <band>_known (denominator), <band>_entry (entry-level postings),
--   <band>_entry_share; unmapped = postings of the month with no exposure band, unknown_seniority = mapped
--   postings without a seniority. extra.high_entry_share / extra.low_entry_share (with _k and _n) give the
--   whole period; extra.unmapped and extra.unknown_seniority the postings that could not be placed.
-- caveats: Seniority is read from the title and text (an explicit level word, else years of experience);
--   many postings state none and are left out of the denominator. Job boards differ in how many entry-level
--   jobs they carry, so a change in the sources collected moves the share. Postings are advertisements, not
--   hires, and the payroll finding is about employment, not openings.
WITH p AS (
    SELECT month, exposure_band,
           CASE WHEN seniority IN ('intern', 'junior') THEN 1 ELSE 0 END AS entry,
           CASE WHEN seniority IN ('intern', 'junior', 'mid', 'senior', 'staff', 'principal', 'manager',
                                   'director', 'exec') THEN 1 ELSE 0 END AS known
    FROM f_postings
),
totals AS (
    SELECT count(*) FILTER (WHERE exposure_band IS NULL) AS unmapped,
           count(*) FILTER (WHERE exposure_band IS NOT NULL AND known = 0) AS unknown_seniority,
           sum(CASE WHEN exposure_band = 'high' THEN entry ELSE 0 END) AS high_entry,
           sum(CASE WHEN exposure_band = 'high' THEN known ELSE 0 END) AS high_known,
           sum(CASE WHEN exposure_band = 'low' THEN entry ELSE 0 END) AS low_entry,
           sum(CASE WHEN exposure_band = 'low' THEN known ELSE 0 END) AS low_known
    FROM p
),
m AS (
    SELECT month,
           sum(CASE WHEN exposure_band = 'high' THEN known ELSE 0 END) AS high_known,
           sum(CASE WHEN exposure_band = 'high' THEN entry ELSE 0 END) AS high_entry,
           sum(CASE WHEN exposure_band = 'medium' THEN known ELSE 0 END) AS medium_known,
           sum(CASE WHEN exposure_band = 'medium' THEN entry ELSE 0 END) AS medium_entry,
           sum(CASE WHEN exposure_band = 'low' THEN known ELSE 0 END) AS low_known,
           sum(CASE WHEN exposure_band = 'low' THEN entry ELSE 0 END) AS low_entry,
           count(*) FILTER (WHERE exposure_band IS NULL) AS unmapped,
           count(*) FILTER (WHERE exposure_band IS NOT NULL AND known = 0) AS unknown_seniority
    FROM p
    WHERE month IS NOT NULL
    GROUP BY month
)
SELECT m.month,
       m.high_known,
       m.high_entry,
       m.high_entry / nullif(m.high_known, 0) AS high_entry_share,
       m.high_entry AS wilson_k_high_entry_share,
       m.high_known AS wilson_n_high_entry_share,
       m.medium_known,
       m.medium_entry,
       m.medium_entry / nullif(m.medium_known, 0) AS medium_entry_share,
       m.medium_entry AS wilson_k_medium_entry_share,
       m.medium_known AS wilson_n_medium_entry_share,
       m.low_known,
       m.low_entry,
       m.low_entry / nullif(m.low_known, 0) AS low_entry_share,
       m.low_entry AS wilson_k_low_entry_share,
       m.low_known AS wilson_n_low_entry_share,
       m.unmapped,
       m.unknown_seniority,
       t.unmapped AS extra_unmapped,
       t.unknown_seniority AS extra_unknown_seniority,
       t.high_entry / nullif(t.high_known, 0) AS extra_high_entry_share,
       t.high_entry AS extra_high_entry_k,
       t.high_known AS extra_high_entry_n,
       t.low_entry / nullif(t.low_known, 0) AS extra_low_entry_share,
       t.low_entry AS extra_low_entry_k,
       t.low_known AS extra_low_entry_n
FROM m CROSS JOIN totals t
ORDER BY m.month
