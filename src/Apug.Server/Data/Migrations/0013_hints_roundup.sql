-- Live hints (issue 13). A row per hint the organisers added or edited on the admin page, or released: a package's
-- hint (hints/N.md) needs no row until then. edited = 1: markdown, cost and release_minute here replace the
-- package's (always 1 for a hint added on the admin page). released_at is set once, by hand or at release_minute
-- (minutes after the contest's start), and never unset: a hint the teams have seen stays out.
CREATE TABLE hints (
    challenge_id    TEXT NOT NULL,
    number          INTEGER NOT NULL,
    markdown        TEXT,
    cost            REAL NOT NULL DEFAULT 0,
    release_minute  INTEGER,
    edited          INTEGER NOT NULL DEFAULT 0,
    released_at     TEXT,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (challenge_id, number)
);

-- A team opened a released hint; cost is what it cost then (0 when it was free or did not count), so a later edit
-- of the hint changes nobody's score.
CREATE TABLE hint_openings (
    team_id       TEXT NOT NULL REFERENCES teams (id),
    challenge_id  TEXT NOT NULL,
    number        INTEGER NOT NULL,
    cost          REAL NOT NULL,
    opened_at     TEXT NOT NULL,
    PRIMARY KEY (team_id, challenge_id, number)
);

-- The round-up: the team agreed, when submitting, that the organisers may show this source on the projector.
ALTER TABLE submissions ADD COLUMN show_at_roundup INTEGER NOT NULL DEFAULT 0;
