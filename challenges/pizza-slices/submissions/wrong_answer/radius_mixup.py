# Uses the diameter as if it were the radius: four times too much pizza.
import math

n, p = map(int, input().split())
diameters = list(map(int, input().split()))
print(sum(math.pi * d * d for d in diameters) / p)
