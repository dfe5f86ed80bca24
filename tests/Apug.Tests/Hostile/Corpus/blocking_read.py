# expect: TLE
# limit: wall-clock backstop. stdin is a file, so reading it never blocks (EOF comes at once);
# reading a pipe nobody writes to does block
import os
import sys

sys.stdin.read()
assert sys.stdin.read() == ""  # at EOF: no hang here
r, w = os.pipe()
os.read(r, 1)
