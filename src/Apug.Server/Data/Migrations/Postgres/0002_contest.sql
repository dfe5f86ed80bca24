ALTER TABLE teams ADD COLUMN hidden BIGINT NOT NULL DEFAULT 0;

CREATE TABLE contest_clock (
    contest_name  TEXT PRIMARY KEY,
    starts_at     TEXT,
    ends_at       TEXT,
    freezes_at    TEXT,
    revealed_all  BIGINT NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);

CREATE TABLE contest_reveals (
    contest_name  TEXT NOT NULL,
    team_id       TEXT NOT NULL REFERENCES teams (id),
    challenge_id  TEXT NOT NULL,
    revealed_at   TEXT NOT NULL,
    PRIMARY KEY (contest_name, team_id, challenge_id)
);
