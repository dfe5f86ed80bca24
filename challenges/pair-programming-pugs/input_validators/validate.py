import re
import sys

# Exit 42 when the input is valid, 43 otherwise (problem package format).
match = re.fullmatch(r"(\d+)\n(\d+(?: \d+)*)\n", sys.stdin.read())
if not match:
    sys.exit(43)
n, scores = int(match[1]), [int(s) for s in match[2].split()]
valid = 2 <= n <= 20000 and n % 2 == 0 and len(scores) == n and all(0 <= s <= 10**6 for s in scores)
sys.exit(42 if valid else 43)
