-- id: ai_role_shares
-- label: What postings ask about AI: builds it, uses it, or only mention it
-- unit: postings
-- compute: table
-- section: postings
-- order: 25
-- basis: f_postings WHERE posting_ai_role IS NOT NULL
-- definition: Distinct postings by their AI role (jobshift.enrich: builds_ai = the job builds, trains,
--   serves or evaluates models, or is in an AI role family; uses_ai = it asks for AI tools such as
--   ChatGPT, Copilot or AI coding assistants - "AI literacy"; boilerplate = AI only in the company blurb,
--   benefits or an AI-use disclaimer; none), each with its share of the postings and a 95% Wilson interval.
--   builds_ai and uses_ai are the two figures to quote; boilerplate is how much of "AI in job ads" says
--   nothing about the job.
-- caveats: Read from the posting text by rules (docs/method.md has the measured accuracy); a posting
--   without a description can only be builds_ai (by its role family) or none.
WITH tot AS (SELECT count(*) AS n FROM f_postings WHERE posting_ai_role IS NOT NULL),
by_role AS (
    SELECT posting_ai_role AS ai_role, count(*) AS postings
    FROM f_postings WHERE posting_ai_role IS NOT NULL
    GROUP BY 1
)
SELECT b.ai_role, b.postings, b.postings / nullif(t.n, 0) AS share, b.postings AS wilson_k, t.n AS wilson_n
FROM by_role b CROSS JOIN tot t
ORDER BY list_position(['builds_ai', 'uses_ai', 'boilerplate', 'none'], b.ai_role)
