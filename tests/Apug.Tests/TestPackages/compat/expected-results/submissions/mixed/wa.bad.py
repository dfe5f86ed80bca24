# A deliberately wrong label (BAPCtools' *.bad.* convention): it prints the wrong sum, which its tag does not allow.
# @EXPECTED_RESULTS@: CORRECT, TIMELIMIT
a, b = map(int, input().split())
print(a + b + 1)
