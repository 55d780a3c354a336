-- id: roles_cut_vs_created
-- label: Roles cut vs roles created, by role family
-- unit: events
-- compute: table
-- section: shift
-- order: 240
-- basis: f_layoffs
-- basis: f_postings WHERE role_family IS NOT NULL
-- definition: For each role family: layoff events whose text names that family among the roles cut
--   (roles_named, read from the event's description by enrichment: "200 customer service roles", "cut
--   recruiters and engineers", "mostly in sales and marketing"), the headcount those events state, and
--   postings opened in the family in the same period. cut_share = events naming the family / events naming
--   any role, created_share = postings in the family / postings with a role family, each with a 95% Wilson
--   interval, so the mix of roles cut can be set beside the mix of roles advertised. The figure is the number
--   of events naming at least one role; n = all layoff events in the period; extra.events_naming_no_role
--   (a description that names none) and extra.events_without_text (no description to read) say how many
--   events could not be placed.
-- caveats: Most layoff events name no role — trackers and WARN notices rarely say who was cut — so the cut
--   side rests on the few announcements that do (see extra), mostly large tech companies; it is not the mix
--   of all cuts. An event naming two families counts once for each, and its headcount is not split between
--   them. "Engineers" without a qualifier count as software engineers. Postings are advertisements, not
--   hires. Layoff events from different sources are not de-duplicated here. The role_family filter keeps
--   that family's row.
WITH events AS (
    SELECT event_id, headcount, roles_named FROM f_layoffs
),
event_totals AS (
    SELECT count(*) AS events,
           count(*) FILTER (WHERE roles_named <> '') AS events_naming_role,
           count(*) FILTER (WHERE roles_named = '') AS events_naming_no_role,
           count(*) FILTER (WHERE roles_named IS NULL) AS events_without_text
    FROM events
),
cut AS (
    SELECT family AS role_family, count(*) AS cut_events, coalesce(sum(headcount), 0) AS cut_events_headcount
    FROM (SELECT headcount, unnest(string_split(roles_named, ',')) AS family FROM events WHERE roles_named <> '')
    GROUP BY family
),
created AS (
    SELECT role_family, count(*) AS postings FROM f_postings WHERE role_family IS NOT NULL GROUP BY role_family
),
posting_total AS (
    SELECT coalesce(sum(postings), 0) AS postings FROM created
),
families AS (
    SELECT role_family FROM cut UNION SELECT role_family FROM created
)
SELECT f.role_family,
       coalesce(c.cut_events, 0) AS cut_events,
       coalesce(c.cut_events_headcount, 0) AS cut_events_headcount,
       coalesce(c.cut_events, 0) / nullif(t.events_naming_role, 0) AS cut_share,
       coalesce(c.cut_events, 0) AS wilson_k_cut_share,
       t.events_naming_role AS wilson_n_cut_share,
       coalesce(r.postings, 0) AS postings,
       coalesce(r.postings, 0) / nullif(pt.postings, 0) AS created_share,
       coalesce(r.postings, 0) AS wilson_k_created_share,
       pt.postings AS wilson_n_created_share,
       t.events_naming_role AS metric_value,
       t.events AS metric_n,
       t.events_naming_no_role AS extra_events_naming_no_role,
       t.events_without_text AS extra_events_without_text,
       pt.postings AS extra_postings_with_role_family,
       (SELECT role_family FROM metric_filters) IS NULL
           OR f.role_family = (SELECT role_family FROM metric_filters) AS keep_row
FROM families f
CROSS JOIN event_totals t
CROSS JOIN posting_total pt
LEFT JOIN cut c ON c.role_family = f.role_family
LEFT JOIN created r ON r.role_family = f.role_family
ORDER BY coalesce(list_position(['ai_engineer', 'ml_infra_engineer', 'applied_research_scientist', 'ai_adjacent',
                                  'software_engineer', 'data_scientist_analyst', 'other_tech', 'customer_support',
                                  'sales_marketing', 'content_writing', 'data_entry_ops', 'qa_testing',
                                  'recruiting_hr', 'management', 'other'], f.role_family), 99),
         f.role_family
