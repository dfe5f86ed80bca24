# Tries every way to pair people up: right, but there are 19!! = 654,729,075 ways for 20 people.
import sys

sys.setrecursionlimit(100000)
n = int(input())
scores = list(map(int, input().split()))


def best(rest):
    if not rest:
        return 0
    first, others = rest[0], rest[1:]
    result = None
    for i, partner in enumerate(others):
        strongest = max(first + partner, best(others[:i] + others[i + 1:]))
        result = strongest if result is None else min(result, strongest)
    return result


print(best(scores))
