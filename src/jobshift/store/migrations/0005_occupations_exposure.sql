-- 0005: O*NET-SOC occupation and AI exposure of each posting and of the roles each layoff text names
-- (jobshift.enrich.occupations, jobshift.enrich.exposure; definitions in docs/method.md).

-- Postings: the occupation the title maps to (O*NET-SOC 2019 code such as '15-1252.00').
ALTER TABLE postings ADD COLUMN occupation_code VARCHAR;      -- NULL: no title and no role family to fall back on
ALTER TABLE postings ADD COLUMN occupation_title VARCHAR;     -- O*NET title of occupation_code
ALTER TABLE postings ADD COLUMN occupation_major VARCHAR;     -- 2-digit SOC major group, e.g. '15'
ALTER TABLE postings ADD COLUMN occupation_method VARCHAR;    -- rule | title_index | role_family_fallback | none
ALTER TABLE postings ADD COLUMN occupation_evidence VARCHAR;  -- the title words (or role family) the code rests on
ALTER TABLE postings ADD COLUMN exposure_score DOUBLE;        -- GPTs-are-GPTs occupation exposure (beta), [0, 1]
ALTER TABLE postings ADD COLUMN exposure_band VARCHAR;        -- low | medium | high; NULL when no score

-- Layoff events: one entry per role the text names (same order as the phrases in occupation_evidence),
-- comma-separated like roles_named; '' when the text names no role, NULL when there is no text.
ALTER TABLE layoff_events ADD COLUMN occupation_codes VARCHAR;     -- '43-4051.00,41-2031.00'
ALTER TABLE layoff_events ADD COLUMN exposure_bands VARCHAR;       -- 'high,medium' (an empty item: no score)
ALTER TABLE layoff_events ADD COLUMN occupation_evidence VARCHAR;  -- "'customer service agents' -> 43-4051.00; …"

-- Which mapper, rules and reference tables (O*NET titles, exposure scores) produced the columns above
-- (jobshift.occupation_mapping): rows whose version differs are mapped again after the next ingest.
ALTER TABLE postings ADD COLUMN occupation_version VARCHAR;
ALTER TABLE layoff_events ADD COLUMN occupation_version VARCHAR;
