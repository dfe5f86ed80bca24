import re
import sys

# Exit 42 when the input is valid, 43 otherwise (problem package format).
text = sys.stdin.read()
match = re.fullmatch(r"(\d+) (\d+)\n(\d+(?: \d+)*)\n", text)
if not match:
    sys.exit(43)
n, p = int(match[1]), int(match[2])
diameters = [int(d) for d in match[3].split()]
valid = 1 <= n <= 100 and 1 <= p <= 1000 and len(diameters) == n and all(10 <= d <= 60 for d in diameters)
sys.exit(42 if valid else 43)
