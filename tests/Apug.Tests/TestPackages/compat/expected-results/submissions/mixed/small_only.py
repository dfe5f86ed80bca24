"""Right while both numbers are small: DOMjudge's tag says either verdict is fine.

@EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER
"""
a, b = map(int, input().split())
print(a + b if a < 10 else a - b)
