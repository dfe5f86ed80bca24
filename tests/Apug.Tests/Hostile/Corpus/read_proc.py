# expect: AC
# limit: the program runs as uid 10001; the runner (PID 1, root) keeps its environment, fds and memory to itself
import os

leaks = []
for path in ("/proc/1/environ", "/proc/1/mem", "/proc/1/maps", "/proc/1/fd/0", "/proc/1/fd/1",
             "/proc/1/root/box/.stdin", "/proc/1/cwd", "/proc/kcore", "/proc/sysrq-trigger"):
    try:
        with open(path, "rb") as f:
            f.read(16)
        leaks.append(path)
    except OSError:
        pass
try:
    leaks.append(f"/proc/1/fd lists {os.listdir('/proc/1/fd')}")
except OSError:
    pass
pids = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())]
if pids:
    leaks.append(f"other processes: {pids}")
a, b = map(int, input().split())
print(a + b if not leaks else f"LEAK: {leaks}")
