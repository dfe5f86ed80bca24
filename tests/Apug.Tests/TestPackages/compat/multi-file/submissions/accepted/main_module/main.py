# The entry point: its name starts with "main" (BAPCtools; problemtools takes main.*).
from adder import add

a, b = map(int, input().split())
print(add(a, b))
