"""Writes data/sample and data/secret. Run from the package folder: python3 generators/generate.py"""
import math
import random
from pathlib import Path

random.seed(2025)


def write(name, diameters, people):
    path = Path("data") / name
    path.with_suffix(".in").write_text(f"{len(diameters)} {people}\n{' '.join(map(str, diameters))}\n")
    area = math.pi * sum(d * d for d in diameters) / 4 / people
    path.with_suffix(".ans").write_text(f"{area!r}\n")


write("sample/1", [30], 4)
write("sample/2", [30, 30, 40], 7)
write("secret/01-one-small-pizza-alone", [10], 1)
write("secret/02-one-big-pizza-many-people", [60], 1000)
write("secret/03-more-people-than-slices", [25, 25], 999)
write("secret/04-everything-maximal", [60] * 100, 1)
write("secret/05-random-small", [random.randint(10, 60) for _ in range(5)], random.randint(2, 20))
write("secret/06-random-medium", [random.randint(10, 60) for _ in range(40)], random.randint(20, 200))
write("secret/07-random-large", [random.randint(10, 60) for _ in range(100)], random.randint(500, 1000))
