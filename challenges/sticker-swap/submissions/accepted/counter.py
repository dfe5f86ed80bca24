from collections import Counter

n, voucher = map(int, input().split())
seen = Counter()
pairs = 0
for price in map(int, input().split()):
    pairs += seen[voucher - price]
    seen[price] += 1
print(pairs)
