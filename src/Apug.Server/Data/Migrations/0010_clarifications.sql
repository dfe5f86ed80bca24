-- Clarifications: a team's question (team_id, question, asked_at) with the organisers' answer on the same row, or an
-- organisers' message to everyone (team_id and question NULL). A public answer reaches every team.
CREATE TABLE clarifications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id      TEXT REFERENCES teams (id),
    challenge_id TEXT,                     -- NULL: about the contest in general
    question     TEXT,
    asked_at     TEXT,
    answer       TEXT,
    answered_at  TEXT,
    is_public    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clarifications_team ON clarifications (team_id, id);
CREATE INDEX clarifications_unanswered ON clarifications (id) WHERE answer IS NULL;
