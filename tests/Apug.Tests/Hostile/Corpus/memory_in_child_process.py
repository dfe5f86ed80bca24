# expect: MLE
# limit: memory limit: the OOM killer takes the child; the cgroup's oom_kill counter marks the run MLE
import os

pid = os.fork()
if pid == 0:
    block = bytearray(1024 * 1024 * 1024)
    os._exit(0)
os.waitpid(pid, 0)
a, b = map(int, input().split())
print(a + b)
