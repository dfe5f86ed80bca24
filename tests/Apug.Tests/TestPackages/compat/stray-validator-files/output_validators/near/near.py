import sys
answer = int(open(sys.argv[2]).read())
try:
    team = int(sys.stdin.read())
except ValueError:
    sys.exit(43)
sys.exit(42 if abs(team - answer) <= 1 else 43)
