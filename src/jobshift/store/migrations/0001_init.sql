-- 0001_init: the public data model (see docs/data-model.md). Table and column names here are a contract.

CREATE TABLE raw_records (
    raw_id        VARCHAR PRIMARY KEY,      -- sha1 of source + source_key + content_hash
    source        VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,         -- the record's id within its source
    content_hash  VARCHAR NOT NULL,         -- sha1 of the payload
    location      VARCHAR,                  -- file:row or URL it came from
    payload       VARCHAR NOT NULL,         -- the record as fetched, JSON text
    fetched_at    TIMESTAMP NOT NULL,
    run_id        VARCHAR NOT NULL
);

CREATE TABLE companies (
    company_id       VARCHAR PRIMARY KEY,   -- slug of the normalised name
    name             VARCHAR NOT NULL,      -- display name as first seen
    normalised_name  VARCHAR NOT NULL,
    company_class    VARCHAR,               -- ai_native | startup | incumbent | NULL (unknown)
    class_evidence   VARCHAR,
    industry         VARCHAR,
    stage            VARCHAR,
    employees        INTEGER,
    first_seen       TIMESTAMP NOT NULL,
    last_seen        TIMESTAMP NOT NULL
);

CREATE TABLE postings (
    posting_id      VARCHAR PRIMARY KEY,    -- "<source>:<source_id>", stable across runs
    source          VARCHAR NOT NULL,
    source_id       VARCHAR NOT NULL,
    company         VARCHAR,
    company_id      VARCHAR,
    title           VARCHAR,
    description     VARCHAR,
    location        VARCHAR,
    country         VARCHAR,
    remote          BOOLEAN,
    posted_at       TIMESTAMP,
    first_seen      TIMESTAMP NOT NULL,
    last_seen       TIMESTAMP NOT NULL,
    closed_at       TIMESTAMP,
    salary_text     VARCHAR,
    salary_min      DOUBLE,                 -- as stated, in salary_currency per salary_period
    salary_max      DOUBLE,
    salary_currency VARCHAR,
    salary_period   VARCHAR,                -- year | month | week | day | hour
    salary_min_usd  DOUBLE,                 -- annual USD
    salary_max_usd  DOUBLE,
    salary_reject_reason VARCHAR,
    url             VARCHAR,
    employment_type VARCHAR,
    seniority       VARCHAR,
    role_family     VARCHAR,
    mentions_llm    BOOLEAN,
    ai_skill_required BOOLEAN,
    content_hash    VARCHAR NOT NULL,
    raw_id          VARCHAR,
    run_id          VARCHAR NOT NULL,       -- run that last changed the row
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE layoff_events (
    event_id        VARCHAR PRIMARY KEY,    -- "<source>:<source_id>"
    source          VARCHAR NOT NULL,
    source_id       VARCHAR NOT NULL,
    company         VARCHAR,
    company_id      VARCHAR,
    announced_on    DATE,
    effective_on    DATE,
    headcount       INTEGER,
    percent         DOUBLE,                 -- 0-100
    location        VARCHAR,
    state           VARCHAR,                -- US state (two letters) when known
    country         VARCHAR,
    reason          VARCHAR,                -- ai_explicit | automation | restructuring | economic | closure | unknown
    reason_evidence VARCHAR,
    headcount_extracted INTEGER,            -- headcount read from the text/URL by enrichment (never overwrites headcount)
    percent_extracted   DOUBLE,             -- likewise for percent (0-100)
    headcount_evidence  VARCHAR,            -- the text span those figures were read from
    notice_type     VARCHAR,                -- e.g. layoff | closure (as the source states it)
    industry        VARCHAR,
    stage           VARCHAR,
    funds_raised_usd DOUBLE,
    description     VARCHAR,
    url             VARCHAR,
    first_seen      TIMESTAMP NOT NULL,
    last_seen       TIMESTAMP NOT NULL,
    content_hash    VARCHAR NOT NULL,
    raw_id          VARCHAR,
    run_id          VARCHAR NOT NULL,
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE skills (
    skill_id   VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    category   VARCHAR NOT NULL,
    onet_id    VARCHAR
);

CREATE TABLE posting_skills (
    posting_id  VARCHAR NOT NULL,
    skill_id    VARCHAR NOT NULL,
    span_start  INTEGER,
    span_end    INTEGER,
    evidence    VARCHAR,                    -- the matched text of the first hit
    PRIMARY KEY (posting_id, skill_id)
);

CREATE TABLE news_items (
    item_id       VARCHAR PRIMARY KEY,      -- "<source>:<source_id>"
    source        VARCHAR NOT NULL,
    source_id     VARCHAR NOT NULL,
    url           VARCHAR,
    title         VARCHAR,
    published_at  TIMESTAMP,
    summary       VARCHAR,
    text          VARCHAR,
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    content_hash  VARCHAR NOT NULL,
    raw_id        VARCHAR,
    run_id        VARCHAR NOT NULL,
    synthetic     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE ingest_runs (
    run_id       VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,          -- running | ok | failed | interrupted | unreachable
    fetched      INTEGER NOT NULL DEFAULT 0,
    new          INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0,
    duplicates   INTEGER NOT NULL DEFAULT 0, -- records repeating a key already seen in the same run
    seconds      DOUBLE,
    message      VARCHAR,
    cursor       VARCHAR,                   -- where an incremental source resumes
    origin       VARCHAR,                   -- file path or base URL
    PRIMARY KEY (run_id, source)
);

CREATE TABLE rejects (
    reject_id   VARCHAR PRIMARY KEY,
    run_id      VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    location    VARCHAR NOT NULL,           -- file:row or URL
    field       VARCHAR,
    reason      VARCHAR NOT NULL,
    raw         VARCHAR,
    created_at  TIMESTAMP NOT NULL
);

-- Reference data (O*NET occupations and titles, exposure scores): imported by mappings, replaced per key.
CREATE TABLE occupations (
    soc_code     VARCHAR PRIMARY KEY,
    title        VARCHAR NOT NULL,
    description  VARCHAR
);

CREATE TABLE occupation_titles (
    soc_code     VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    short_title  VARCHAR,
    title_source VARCHAR,
    PRIMARY KEY (soc_code, title)
);

CREATE TABLE occupation_technology (
    soc_code        VARCHAR NOT NULL,
    example         VARCHAR NOT NULL,
    commodity_code  VARCHAR,
    commodity_title VARCHAR,
    hot_technology  BOOLEAN,
    in_demand       BOOLEAN,
    PRIMARY KEY (soc_code, example)
);

CREATE TABLE occupation_exposure (
    soc_code            VARCHAR PRIMARY KEY,
    title               VARCHAR,
    dv_rating_alpha     DOUBLE,
    dv_rating_beta      DOUBLE,
    dv_rating_gamma     DOUBLE,
    human_rating_alpha  DOUBLE,
    human_rating_beta   DOUBLE,
    human_rating_gamma  DOUBLE
);
