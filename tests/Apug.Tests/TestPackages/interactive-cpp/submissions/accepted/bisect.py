lo, hi = 1, 1000  # the door is in [lo, hi]
while lo < hi:
    mid = (lo + hi + 1) // 2
    print("?", mid, flush=True)
    if input() == "yes":
        lo = mid
    else:
        hi = mid - 1
print("!", lo, flush=True)
