# expect: TLE
# limit: CPU time of waited-for children counts (4 x 0.9 s > 1 s); CPU quota of one core
import os
import time

pids = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        start = time.process_time()
        while time.process_time() - start < 0.9:
            pass
        os._exit(0)
    pids.append(pid)
for pid in pids:
    os.waitpid(pid, 0)
a, b = map(int, input().split())
print(a + b)
