import sys
n = int(open(sys.argv[1]).read())
try:
    team = int(sys.stdin.read())
except ValueError:
    sys.exit(43)
sys.exit(42 if team == n + {{FIVE}} else 43)
