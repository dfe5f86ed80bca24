# Crashes on the large test. Tags are matched in any case.
# @expected_results@: timelimit,RUN-ERROR
a, b = map(int, input().split())
if a > 10:
    raise ValueError("too big")
print(a + b)
