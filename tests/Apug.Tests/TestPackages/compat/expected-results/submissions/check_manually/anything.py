# @EXPECTED_RESULTS@: CHECK-MANUALLY
import random
a, b = map(int, input().split())
print(a + b + random.choice([0, 1]))
