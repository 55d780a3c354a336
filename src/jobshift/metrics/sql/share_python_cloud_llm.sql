-- id: share_python_cloud_llm
-- label: Postings asking for Python + a cloud skill + an LLM skill
-- unit: share
-- compute: proportion
-- section: postings
-- order: 42
-- basis: f_postings WHERE mentions_llm IS NOT NULL
-- definition: Share of postings that name all three of Python (skill python), at least one cloud skill
--   (a skill of category cloud: AWS, Azure, GCP, …) and a large-language-model / generative-AI skill
--   (mentions_llm = TRUE: a skill the taxonomy flags as LLM, such as LLM, RAG, LangChain or OpenAI), among
--   postings whose text was tagged (mentions_llm not NULL). 95% Wilson interval. extra.python and
--   extra.python_cloud give the postings naming Python, and Python with a cloud skill, on the way there.
-- caveats: Skills are matched from a fixed dictionary in the posting text, including company boilerplate,
--   so "names" is not "requires". The interval treats postings as an independent sample, which a scrape of a
--   few boards is not. Postings without a description are left out of both numerator and denominator.
WITH tagged AS (
    SELECT posting_id, mentions_llm FROM f_postings WHERE mentions_llm IS NOT NULL
),
stack_skills AS (
    SELECT skill_id, category FROM skills WHERE skill_id = 'python' OR category = 'cloud'
),
python_postings AS (
    -- postings naming Python, and whether they name a cloud skill too (few rows: joined to tagged below)
    SELECT ps.posting_id, bool_or(k.category = 'cloud') AS cloud
    FROM posting_skills ps
    JOIN stack_skills k ON k.skill_id = ps.skill_id
    GROUP BY ps.posting_id
    HAVING bool_or(k.skill_id = 'python')
)
SELECT count(*) FILTER (WHERE s.cloud AND t.mentions_llm) AS k,
       (SELECT count(*) FROM tagged) AS n,
       count(*) AS extra_python,
       count(*) FILTER (WHERE s.cloud) AS extra_python_cloud
FROM python_postings s
JOIN tagged t ON t.posting_id = s.posting_id
