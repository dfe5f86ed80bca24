# Computes pi itself with the Leibniz series: correct in the end, but far too slow.
n, p = map(int, input().split())
diameters = list(map(int, input().split()))
pi = 0.0
for k in range(2_000_000_000):
    pi += (-1) ** k * 4 / (2 * k + 1)
print(sum(pi * (d / 2) ** 2 for d in diameters) / p)
