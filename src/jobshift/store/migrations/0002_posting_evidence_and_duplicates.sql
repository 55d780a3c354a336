-- 0002: per-posting evidence for every enrichment, duplicate postings, AI attribution levels of layoffs and
-- AI role of postings (see docs/data-model.md and docs/method.md).

-- Evidence: why the enrichment decided what it did (skills keep theirs in posting_skills).
ALTER TABLE postings ADD COLUMN role_evidence VARCHAR;         -- rule and title words behind role_family / seniority
ALTER TABLE postings ADD COLUMN pay_evidence VARCHAR;          -- the text the annual pay was read from
ALTER TABLE postings ADD COLUMN ai_required_evidence VARCHAR;  -- the hit that made ai_skill_required true
ALTER TABLE postings ADD COLUMN enrich_version VARCHAR;        -- jobshift.enrich.records.ENRICH_VERSION

-- Duplicates: one job advertised twice (a repost, or the same ad on two sources) keeps both rows; the later
-- copies point at the first-seen one.  Set by jobshift.dedup inside each postings ingest's transaction.
ALTER TABLE postings ADD COLUMN text_hash VARCHAR;             -- sha1 of the normalised text (NULL: under 30 words)
ALTER TABLE postings ADD COLUMN duplicate_of VARCHAR;          -- posting_id of the cluster's first posting; NULL = itself
ALTER TABLE postings ADD COLUMN duplicate_method VARCHAR;      -- exact | near
ALTER TABLE postings ADD COLUMN duplicate_score DOUBLE;        -- estimated Jaccard similarity to the first posting

-- MinHash signature per posting (rows only for postings with >= 30 words), kept so a run only signs new text.
CREATE TABLE posting_minhash (
    posting_id  VARCHAR PRIMARY KEY,
    text_hash   VARCHAR NOT NULL,
    signature   BLOB NOT NULL                -- 128 little-endian uint64 MinHash values
);

-- LSH band keys: postings sharing a (band, bucket) are candidate near-duplicates.
CREATE TABLE posting_lsh (
    posting_id  VARCHAR NOT NULL,
    band        SMALLINT NOT NULL,
    bucket      BIGINT NOT NULL
);

-- One row per distinct job: the first posting of each duplicate cluster, with the cluster's dates.
CREATE VIEW distinct_postings AS
SELECT p.*,
       d.copies,
       d.cluster_first_seen,
       d.cluster_last_seen
FROM postings p
JOIN (
    SELECT coalesce(duplicate_of, posting_id) AS cluster_id,
           count(*) AS copies,
           min(first_seen) AS cluster_first_seen,
           max(last_seen) AS cluster_last_seen
    FROM postings
    GROUP BY 1
) d ON d.cluster_id = p.posting_id;

-- How a layoff text ties the cuts to AI (jobshift.enrich.ai_attribution; docs/method.md).
ALTER TABLE layoff_events ADD COLUMN ai_attribution VARCHAR;            -- stated | reported | adjacent | denied | none
ALTER TABLE layoff_events ADD COLUMN ai_attribution_evidence VARCHAR;   -- the words that decided
ALTER TABLE layoff_events ADD COLUMN ai_attribution_speaker VARCHAR;    -- employer | filing | news | analyst | NULL
ALTER TABLE layoff_events ADD COLUMN ai_attribution_confidence DOUBLE;  -- of the rule that decided, in [0, 1]

-- What a posting asks about AI (jobshift.enrich.skills / records; docs/method.md).
ALTER TABLE postings ADD COLUMN ai_role VARCHAR;            -- builds_ai | uses_ai | boilerplate | none
ALTER TABLE postings ADD COLUMN ai_role_evidence VARCHAR;   -- the deciding sentence, or "role family ..."
-- AI skills split: engineering (build / serve / evaluate models) vs literacy (use AI tools); NULL = not AI.
ALTER TABLE skills ADD COLUMN ai_kind VARCHAR;
