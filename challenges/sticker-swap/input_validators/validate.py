import re
import sys

# Exit 42 when the input is valid, 43 otherwise (problem package format).
match = re.fullmatch(r"(\d+) (\d+)\n(\d+(?: \d+)*)\n", sys.stdin.read())
if not match:
    sys.exit(43)
n, voucher, prices = int(match[1]), int(match[2]), [int(p) for p in match[3].split()]
valid = 2 <= n <= 50000 and 2 <= voucher <= 2 * 10**9 and len(prices) == n and all(1 <= p <= 10**9 for p in prices)
sys.exit(42 if valid else 43)
