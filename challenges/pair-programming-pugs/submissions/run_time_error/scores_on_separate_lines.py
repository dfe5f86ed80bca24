# Reads one score per line, but they are all on one line.
n = int(input())
scores = sorted(int(input()) for _ in range(n))
print(max(scores[i] + scores[n - 1 - i] for i in range(n // 2)))
