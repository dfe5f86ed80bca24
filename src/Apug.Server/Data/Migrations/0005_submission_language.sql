-- The interpreter a submission runs under (Judging/Languages.cs): 'python3' (CPython) or 'pypy3'.
ALTER TABLE submissions ADD COLUMN language TEXT NOT NULL DEFAULT 'python3';
