-- Who is judging a running submission and until when (ISO 8601 UTC). With PostgreSQL several instances share the
-- queue: a claim is taken FOR UPDATE SKIP LOCKED, renewed while judging, and taken over once it has expired.
ALTER TABLE submissions ADD COLUMN claimed_by TEXT;
ALTER TABLE submissions ADD COLUMN lease_until TEXT;
