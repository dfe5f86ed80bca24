"""Writes data/sample and data/secret/group*. Run from the package folder: python3 generators/generate.py"""
import random
from collections import Counter
from pathlib import Path

random.seed(1891)  # fixed, so the data is the same every run


def write(name, voucher, prices):
    seen = Counter()
    pairs = 0
    for price in prices:
        pairs += seen[voucher - price]
        seen[price] += 1
    path = Path("data") / name
    path.with_suffix(".in").write_text(f"{len(prices)} {voucher}\n{' '.join(map(str, prices))}\n")
    path.with_suffix(".ans").write_text(f"{pairs}\n")


def mixed(count, voucher, high):
    """Random prices, a quarter of them with a partner that completes the voucher (partners stay within 1..high)."""
    low = max(1, voucher - high)
    prices = [random.randint(low, min(high, voucher - 1)) for _ in range(count // 2)]
    prices += [voucher - p for p in random.sample(prices, count // 4)]
    prices += [random.randint(1, high) for _ in range(count - len(prices))]
    random.shuffle(prices)
    return prices


write("sample/1", 10, [3, 7, 5, 5, 2])
write("sample/2", 4, [2, 2, 2])
write("secret/group1/01-no-pair", 100, [1, 2, 3])
write("secret/group1/02-one-pair", 2, [1, 1])
write("secret/group1/03-random", 60, mixed(100, 60, 59))
write("secret/group2/01-all-halves", 1000, [500] * 2000)
write("secret/group2/02-random", 5000, mixed(2000, 5000, 4999))
write("secret/group3/01-random-huge-prices", 1_500_000_000, mixed(50000, 1_500_000_000, 10**9))
write("secret/group3/02-many-duplicates", 20, [random.choice([1, 9, 10, 11, 19]) for _ in range(50000)])
