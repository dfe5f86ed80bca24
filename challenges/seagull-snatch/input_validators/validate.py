import re
import sys

# Exit 42 when the input is valid, 43 otherwise (problem package format).
match = re.fullmatch(r"(\d+)\n([EG]{1,2000})\n", sys.stdin.read())
sys.exit(42 if match and 1 <= int(match[1]) <= 1000 and not match[1].startswith("0") else 43)
