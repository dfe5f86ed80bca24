# expect: RTE
# limit: verdicts come from measurements only: a last stderr line "MemoryError" with an ordinary exit 1 is a
# run-time error, not MLE (it used to be read from the program's own text)
import sys

sys.stderr.write("Traceback (most recent call last):\n  File \"solution.py\", line 1\nMemoryError\n")
sys.exit(1)
