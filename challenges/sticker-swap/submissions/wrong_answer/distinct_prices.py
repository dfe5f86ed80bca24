# Counts pairs of different prices, so stickers with the same price are one sticker.
n, voucher = map(int, input().split())
prices = set(map(int, input().split()))
print(sum(1 for p in prices if voucher - p in prices and p < voucher - p))
