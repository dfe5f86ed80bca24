"""Writes data/sample and data/secret. Run from the package folder: python3 generators/generate.py"""
import random
from pathlib import Path

random.seed(57)  # 57°N: Aberdeen


def write(name, chips, events):
    eaten = snatched = 0
    for event in events:
        if eaten + snatched == chips:
            break
        if event == "E":
            eaten += 1
        else:
            snatched += 1
    path = Path("data") / name
    path.with_suffix(".in").write_text(f"{chips}\n{events}\n")
    path.with_suffix(".ans").write_text(f"{eaten} {snatched}\n")


write("sample/1", 5, "EEGE")
write("sample/2", 3, "GEGGEE")
write("secret/01-one-chip-eaten", 1, "E")
write("secret/02-one-chip-snatched-then-more-gulls", 1, "GGGG")
write("secret/03-exactly-enough-moments", 6, "EGEGEG")
write("secret/04-gulls-take-everything", 1000, "G" * 2000)
write("secret/05-chips-left-over", 1000, "E" * 10 + "G" * 3)
write("secret/06-random-many-moments", 300, "".join(random.choice("EG") for _ in range(2000)))
write("secret/07-random-few-moments", 900, "".join(random.choice("EEG") for _ in range(700)))
