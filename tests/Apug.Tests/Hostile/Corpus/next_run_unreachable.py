# expect: AC
# limit: the next test's run is prepared while this one runs (same uid, a sibling PID namespace, its own cgroup): none of
# it is visible in /proc, no signal sent to any PID reaches it, and every later test still runs normally
import os
import signal

me = os.getpid()
seen = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
for pid in range(2, 4096):
    if pid != me:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
a, b = map(int, input().split())
print(a + b if not seen else f"SAW {seen}")
