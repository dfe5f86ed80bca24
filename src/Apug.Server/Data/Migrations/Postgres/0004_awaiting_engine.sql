ALTER TABLE submissions ADD COLUMN awaiting_engine BIGINT NOT NULL DEFAULT 0;
CREATE INDEX submissions_awaiting_engine ON submissions (awaiting_engine) WHERE awaiting_engine = 1;
