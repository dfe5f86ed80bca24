# No file starts with "main": the first in name order is the entry point.
import b_helper

a, b = map(int, input().split())
print(b_helper.wrong(a, b))
