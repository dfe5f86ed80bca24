-- The server instances running on this database (PostgreSQL: several may share it). Each start writes a random nonce
-- and renews seen_at (PostgreSQL's clock) every few seconds; an instance starting with the id of one whose heartbeat
-- still moves refuses to start, since two instances with one id would take each other's claims.
CREATE TABLE instances (
    id         TEXT PRIMARY KEY,
    nonce      TEXT NOT NULL,
    started_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);
