# Checks every pair: fine for the first two groups, far too slow for 50,000 stickers.
n, voucher = map(int, input().split())
prices = list(map(int, input().split()))
pairs = 0
for i in range(n):
    for j in range(i + 1, n):
        if prices[i] + prices[j] == voucher:
            pairs += 1
print(pairs)
