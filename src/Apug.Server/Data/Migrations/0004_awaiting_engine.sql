-- A submission judged JE because the Docker engine was unreachable: judged again once the engine answers.
ALTER TABLE submissions ADD COLUMN awaiting_engine INTEGER NOT NULL DEFAULT 0;
CREATE INDEX submissions_awaiting_engine ON submissions (awaiting_engine) WHERE awaiting_engine = 1;
