"""Writes data/sample and data/secret. Run from the package folder: python3 generators/generate.py"""
import random
from pathlib import Path

random.seed(1995)  # fixed, so the data is the same every run


def write(name, scores):
    ordered = sorted(scores)
    best = max(ordered[i] + ordered[-1 - i] for i in range(len(ordered) // 2))
    path = Path("data") / name
    path.with_suffix(".in").write_text(f"{len(scores)}\n{' '.join(map(str, scores))}\n")
    path.with_suffix(".ans").write_text(f"{best}\n")


write("sample/1", [1, 9, 4, 6])
write("sample/2", [5, 5])
write("secret/01-two-beginners", [0, 0])
write("secret/02-adjacent-pairing-is-wrong", [1, 2, 3, 4, 5, 6])
write("secret/03-all-equal", [7] * 18)
write("secret/04-one-expert", [1] * 19 + [1000000])
write("secret/05-random-small", [random.randint(0, 100) for _ in range(24)])
write("secret/06-random-large", [random.randint(0, 10**6) for _ in range(20000)])
write("secret/07-largest-scores", [10**6 - random.randint(0, 5) for _ in range(20000)])
