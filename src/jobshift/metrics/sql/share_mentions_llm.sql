-- id: share_mentions_llm
-- label: Postings that mention LLMs
-- unit: share
-- compute: proportion
-- section: postings
-- order: 20
-- basis: f_postings WHERE mentions_llm IS NOT NULL
-- definition: Share of postings whose text mentions large language models (mentions_llm = TRUE, set by
--   enrichment) among postings where the flag was computed. 95% Wilson interval.
-- caveats: A mention is not a requirement: "we build LLM products" counts. Postings without a description
--   are left out of both numerator and denominator. The interval treats postings as an independent
--   sample, which a scrape of a few boards is not.
SELECT count(*) FILTER (WHERE mentions_llm) AS k, count(*) AS n
FROM f_postings
WHERE mentions_llm IS NOT NULL
