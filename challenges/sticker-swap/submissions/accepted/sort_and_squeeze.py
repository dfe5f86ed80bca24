# Two pointers over the sorted prices, counting runs of equal prices at both ends.
n, voucher = map(int, input().split())
prices = sorted(map(int, input().split()))
lo, hi, pairs = 0, n - 1, 0
while lo < hi:
    total = prices[lo] + prices[hi]
    if total < voucher:
        lo += 1
    elif total > voucher:
        hi -= 1
    elif prices[lo] == prices[hi]:
        run = hi - lo + 1
        pairs += run * (run - 1) // 2
        break
    else:
        left = right = 1
        while lo + left < hi and prices[lo + left] == prices[lo]:
            left += 1
        while hi - right > lo and prices[hi - right] == prices[hi]:
            right += 1
        pairs += left * right
        lo += left
        hi -= right
print(pairs)
