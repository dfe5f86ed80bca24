n = int(input())
scores = sorted(map(int, input().split()))
print(max(scores[i] + scores[n - 1 - i] for i in range(n // 2)))
