CREATE TABLE teams (
    id          TEXT PRIMARY KEY,          -- random GUID: ids are not a capability
    name        TEXT NOT NULL,
    members     TEXT NOT NULL,             -- JSON array of names
    token_hash  TEXT NOT NULL UNIQUE,      -- SHA-256 of the bearer token; the token itself is never stored
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX teams_name ON teams (name COLLATE NOCASE);

CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    team_id       TEXT NOT NULL REFERENCES teams (id),
    challenge_id  TEXT NOT NULL,
    package_hash  TEXT NOT NULL,           -- which version of the package it was judged against
    source        TEXT NOT NULL,
    status        TEXT NOT NULL,           -- queued | running | judged
    verdict       TEXT,
    score         REAL,
    message       TEXT,                    -- shown to the team (compile error, judge error reason)
    created_at    TEXT NOT NULL,
    started_at    TEXT,
    judged_at     TEXT
);
CREATE INDEX submissions_team ON submissions (team_id, created_at);
CREATE INDEX submissions_status ON submissions (status, created_at);

CREATE TABLE test_results (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    ordinal       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    test_group    TEXT NOT NULL,
    is_sample     INTEGER NOT NULL,
    verdict       TEXT NOT NULL,
    cpu_ms        INTEGER NOT NULL,
    wall_ms       INTEGER NOT NULL,
    memory_kb     INTEGER NOT NULL,
    score         REAL,                    -- from a scoring validator, when it gives one
    message       TEXT NOT NULL,           -- safe for the team to read
    judge_message TEXT NOT NULL,           -- full detail for organisers (may quote secret data)
    output        TEXT,                    -- team output (truncated), kept for samples and organisers
    stderr        TEXT,
    PRIMARY KEY (submission_id, ordinal)
);
