-- id: roles_cut_vs_created_by_exposure_band
-- label: Roles cut vs roles created, by AI exposure band
-- unit: events
-- compute: table
-- section: shift
-- order: 245
-- basis: f_layoffs
-- basis: f_postings WHERE exposure_band IS NOT NULL
-- definition: For each AI exposure band (low, medium, high: the GPTs-are-GPTs exposure of the O*NET
--   occupation, docs/method.md): layoff events whose text names a role in an occupation of that band (each
--   role phrase of the text is mapped to an occupation by enrichment: "200 customer service roles" ->
--   43-4051.00 Customer Service Representatives -> high), the headcount those events state, and postings
--   in occupations of the band in the same period. cut_share = events naming a role in the band / events
--   naming at least one role with a band, created_share = postings in the band / postings with a band, each
--   with a 95% Wilson interval. The figure is the number of events naming at least one role with a band;
--   n = all layoff events in the period. Not placed (extra): events_without_text (no text to read),
--   events_naming_no_role, events_naming_unscored_roles (roles named, none mapped to a scored occupation),
--   role_phrases_unscored (role phrases without a band, over all events), postings_without_band.
-- caveats: Most layoff events name no role, so the cut side rests on the few announcements that do, mostly
--   large tech companies; it is not the mix of all cuts. An event naming roles in two bands counts once for
--   each, and its headcount is not split between them. Exposure belongs to the occupation, not to the
--   reason for the cut. Postings are advertisements, not hires. Layoff events from different sources are
--   not de-duplicated here (as in roles_cut_vs_created).
WITH e AS (
    SELECT headcount, exposure_bands,
           CASE WHEN exposure_bands IS NULL THEN NULL ELSE ',' || exposure_bands || ',' END AS bands,
           coalesce(occupation_evidence, '') <> '' OR coalesce(exposure_bands, '') <> '' AS names_role
    FROM f_layoffs
),
flags AS (
    SELECT headcount, exposure_bands, names_role,
           CASE WHEN bands LIKE '%,high,%' THEN 1 ELSE 0 END AS has_high,
           CASE WHEN bands LIKE '%,medium,%' THEN 1 ELSE 0 END AS has_medium,
           CASE WHEN bands LIKE '%,low,%' THEN 1 ELSE 0 END AS has_low,
           CASE WHEN names_role THEN length(exposure_bands) - length(replace(exposure_bands, ',', '')) + 1
                ELSE 0 END AS phrases,
           CASE WHEN names_role THEN (length(exposure_bands) - length(replace(exposure_bands, 'high', ''))) / 4
                    + (length(exposure_bands) - length(replace(exposure_bands, 'medium', ''))) / 6
                    + (length(exposure_bands) - length(replace(exposure_bands, 'low', ''))) / 3
                ELSE 0 END AS scored_phrases
    FROM e
),
event_totals AS (
    SELECT count(*) AS events,
           sum(CASE WHEN has_high + has_medium + has_low > 0 THEN 1 ELSE 0 END) AS events_with_band,
           sum(CASE WHEN exposure_bands IS NULL THEN 1 ELSE 0 END) AS events_without_text,
           sum(CASE WHEN exposure_bands IS NOT NULL AND NOT names_role THEN 1 ELSE 0 END) AS events_naming_no_role,
           sum(CASE WHEN names_role AND has_high + has_medium + has_low = 0 THEN 1 ELSE 0 END)
               AS events_naming_unscored_roles,
           CAST(sum(phrases - scored_phrases) AS BIGINT) AS role_phrases_unscored
    FROM flags
),
cut AS (
    SELECT 'high' AS exposure_band, sum(has_high) AS cut_events,
           sum(CASE WHEN has_high = 1 THEN headcount END) AS cut_events_headcount FROM flags
    UNION ALL
    SELECT 'medium', sum(has_medium), sum(CASE WHEN has_medium = 1 THEN headcount END) FROM flags
    UNION ALL
    SELECT 'low', sum(has_low), sum(CASE WHEN has_low = 1 THEN headcount END) FROM flags
),
created AS (
    SELECT exposure_band, count(*) AS postings FROM f_postings WHERE exposure_band IS NOT NULL GROUP BY exposure_band
),
posting_totals AS (
    SELECT count(*) FILTER (WHERE exposure_band IS NOT NULL) AS with_band,
           count(*) FILTER (WHERE exposure_band IS NULL) AS without_band
    FROM f_postings
)
SELECT c.exposure_band,
       coalesce(c.cut_events, 0) AS cut_events,
       coalesce(c.cut_events_headcount, 0) AS cut_events_headcount,
       coalesce(c.cut_events, 0) / nullif(t.events_with_band, 0) AS cut_share,
       coalesce(c.cut_events, 0) AS wilson_k_cut_share,
       coalesce(t.events_with_band, 0) AS wilson_n_cut_share,
       coalesce(r.postings, 0) AS postings,
       coalesce(r.postings, 0) / nullif(pt.with_band, 0) AS created_share,
       coalesce(r.postings, 0) AS wilson_k_created_share,
       pt.with_band AS wilson_n_created_share,
       coalesce(t.events_with_band, 0) AS metric_value,
       t.events AS metric_n,
       coalesce(t.events_without_text, 0) AS extra_events_without_text,
       coalesce(t.events_naming_no_role, 0) AS extra_events_naming_no_role,
       coalesce(t.events_naming_unscored_roles, 0) AS extra_events_naming_unscored_roles,
       coalesce(t.role_phrases_unscored, 0) AS extra_role_phrases_unscored,
       pt.with_band AS extra_postings_with_band,
       pt.without_band AS extra_postings_without_band
FROM cut c
CROSS JOIN event_totals t
CROSS JOIN posting_totals pt
LEFT JOIN created r ON r.exposure_band = c.exposure_band
ORDER BY CASE c.exposure_band WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END
