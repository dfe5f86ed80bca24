raise SystemExit("crash.py: this generator always fails")
