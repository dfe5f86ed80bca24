import math

n, p = map(int, input().split())
diameters = list(map(int, input().split()))
print(sum(math.pi * (d / 2) ** 2 for d in diameters) / p)
