# This tag disagrees with the folder, which decides: a warning, and WA is what it must get.
# @EXPECTED_RESULTS@: TIMELIMIT
a, b = map(int, input().split())
print(a - b)
