# Expects everything on one line: unpacking the first line fails.
import math

n, p, d = map(int, input().split())
print(math.pi * (d / 2) ** 2 / p)
