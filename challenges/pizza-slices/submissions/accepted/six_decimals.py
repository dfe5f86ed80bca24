# Six decimals are enough: rounding moves the answer by at most 5e-7.
import math

n, p = map(int, input().split())
total = math.pi * sum(d * d for d in map(int, input().split())) / 4
print(f"{total / p:.6f}")
