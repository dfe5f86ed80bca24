-- PostgreSQL's text of 0001_initial.sql: the same tables and columns. Times and ids stay TEXT (ISO 8601 UTC, canonical
-- GUIDs) as in SQLite, so every query and row type is the same in both; integers are BIGINT and reals DOUBLE PRECISION,
-- the types SQLite hands back.
CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    members     TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);
-- As in SQLite (its case-insensitive collation there): names are unique ignoring case. Named table_column (Database.IsUniqueViolation).
CREATE UNIQUE INDEX teams_name ON teams (lower(name));

CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    team_id       TEXT NOT NULL REFERENCES teams (id),
    challenge_id  TEXT NOT NULL,
    package_hash  TEXT NOT NULL,
    source        TEXT NOT NULL,
    status        TEXT NOT NULL,
    verdict       TEXT,
    score         DOUBLE PRECISION,
    message       TEXT,
    created_at    TEXT NOT NULL,
    started_at    TEXT,
    judged_at     TEXT
);
CREATE INDEX submissions_team ON submissions (team_id, created_at);
CREATE INDEX submissions_status ON submissions (status, created_at);

CREATE TABLE test_results (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    ordinal       BIGINT NOT NULL,
    name          TEXT NOT NULL,
    test_group    TEXT NOT NULL,
    is_sample     BIGINT NOT NULL,
    verdict       TEXT NOT NULL,
    cpu_ms        BIGINT NOT NULL,
    wall_ms       BIGINT NOT NULL,
    memory_kb     BIGINT NOT NULL,
    score         DOUBLE PRECISION,
    message       TEXT NOT NULL,
    judge_message TEXT NOT NULL,
    output        TEXT,
    stderr        TEXT,
    PRIMARY KEY (submission_id, ordinal)
);
