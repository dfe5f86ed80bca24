-- Organisers hide teams (their own test teams, say) from the public board; hidden teams still submit and see results.
ALTER TABLE teams ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

-- The contest clock as the organisers last set it (start, extend, end, freeze...). No row for a contest: as
-- contest.yaml says. Keyed by the contest's name, so a new contest.yaml starts from its own schedule.
CREATE TABLE contest_clock (
    contest_name  TEXT PRIMARY KEY,
    starts_at     TEXT,
    ends_at       TEXT,
    freezes_at    TEXT,
    revealed_all  INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);

-- Cells of the frozen board revealed one at a time after the contest (ICPC style).
CREATE TABLE contest_reveals (
    contest_name  TEXT NOT NULL,
    team_id       TEXT NOT NULL REFERENCES teams (id),
    challenge_id  TEXT NOT NULL,
    revealed_at   TEXT NOT NULL,
    PRIMARY KEY (contest_name, team_id, challenge_id)
);
