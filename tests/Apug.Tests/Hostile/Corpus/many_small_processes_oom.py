# expect: MLE
# limit: the OOM killer acts inside the run's own cgroup only, so its victim is always one of the program's
# processes, never the runner (which is outside that cgroup); 30 x 4 MiB children pass 64 MiB
import os
import time

for _ in range(30):
    if os.fork() == 0:
        block = bytearray(4 << 20)
        for i in range(0, len(block), 4096):
            block[i] = 1
        try:
            with open("/proc/self/oom_score_adj", "w") as f:
                f.write("-1000")  # not allowed for an unprivileged process; and the runner is not a candidate anyway
        except OSError:
            pass
        time.sleep(30)
        os._exit(0)
time.sleep(2)
a, b = map(int, input().split())
print(a + b)
