# Pairs neighbours after sorting: fair-looking, but the top two end up together.
n = int(input())
scores = sorted(map(int, input().split()))
print(max(scores[i] + scores[i + 1] for i in range(0, n, 2)))
