-- Organiser features: the generated admin token's hash, announcements, disqualified teams.
CREATE TABLE admin_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE announcements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE team_disqualifications (
    team_id     TEXT PRIMARY KEY REFERENCES teams (id),
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
