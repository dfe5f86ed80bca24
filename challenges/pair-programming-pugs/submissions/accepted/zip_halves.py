import sys

scores = sorted(map(int, sys.stdin.read().split()[1:]))
half = len(scores) // 2
print(max(a + b for a, b in zip(scores[:half], reversed(scores[half:]))))
