# About 600 MiB of real (touched) memory, then a loop: TLE under the 2048 MiB default (it was MLE at 256 MiB).
block = b"x" * (600 * 1024 * 1024)
while True:
    pass
