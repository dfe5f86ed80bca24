# expect: AC
# limit: stderr is not limited but only its tail (StderrKiB) is kept; the runner drains it as it comes
import sys

chunk = "noise " * 10000 + "\n"
for _ in range(500):  # about 30 MB
    sys.stderr.write(chunk)
a, b = map(int, input().split())
print(a + b)
