# The folder decides (DOMjudge ignores the tag in the format's own four folders): a run-time error.
# @EXPECTED_RESULTS@: RUN_TIME_ERROR, ACCEPTED
import sys
input()
sys.exit(3)
