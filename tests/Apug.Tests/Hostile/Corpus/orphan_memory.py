# expect: MLE
# limit: memory is the run's cgroup: an orphaned grandchild's 100 MiB count (they were in nobody's RSS)
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        block = bytearray(100 << 20)
        for i in range(0, len(block), 4096):
            block[i] = 1
        time.sleep(30)
    os._exit(0)
os.wait()
time.sleep(1.5)
a, b = map(int, input().split())
print(a + b)
