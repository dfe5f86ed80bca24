-- A team's further devices: each has its own bearer token (only its SHA-256 here), got by exchanging a join code.
CREATE TABLE team_sessions (
    token_hash  TEXT PRIMARY KEY,
    team_id     TEXT NOT NULL REFERENCES teams (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX team_sessions_team ON team_sessions (team_id);

-- Short-lived, one-time codes a team member shows the partner's device (typed, or as a QR of a join link).
CREATE TABLE join_codes (
    code_hash   TEXT PRIMARY KEY,          -- SHA-256 of the normalised code; the code itself is never stored
    team_id     TEXT NOT NULL REFERENCES teams (id),
    expires_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
