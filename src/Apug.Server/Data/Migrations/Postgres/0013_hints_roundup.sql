-- 0013_hints_roundup.sql in PostgreSQL's words: integers are BIGINT (as SQLite's) and costs DOUBLE PRECISION.
CREATE TABLE hints (
    challenge_id    TEXT NOT NULL,
    number          BIGINT NOT NULL,
    markdown        TEXT,
    cost            DOUBLE PRECISION NOT NULL DEFAULT 0,
    release_minute  BIGINT,
    edited          BIGINT NOT NULL DEFAULT 0,
    released_at     TEXT,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (challenge_id, number)
);

CREATE TABLE hint_openings (
    team_id       TEXT NOT NULL REFERENCES teams (id),
    challenge_id  TEXT NOT NULL,
    number        BIGINT NOT NULL,
    cost          DOUBLE PRECISION NOT NULL,
    opened_at     TEXT NOT NULL,
    PRIMARY KEY (team_id, challenge_id, number)
);

ALTER TABLE submissions ADD COLUMN show_at_roundup BIGINT NOT NULL DEFAULT 0;
