import re
import sys

# Exit 42 when the input is valid, 43 otherwise (problem package format).
text = sys.stdin.read()
sys.exit(42 if re.fullmatch(r"[A-Za-z][A-Za-z-]{0,29}\n", text) else 43)
