# Counts recursively, one sticker per call: Python's recursion limit stops it on bigger tables.
from collections import Counter

n, voucher = map(int, input().split())
prices = list(map(int, input().split()))


def count(i, seen):
    if i == n:
        return 0
    found = seen[voucher - prices[i]]
    seen[prices[i]] += 1
    return found + count(i + 1, seen)


print(count(0, Counter()))
