# expect: AC
# limit: after every run the runner kills every process left (kill(-1) from PID 1): a daemon that escaped with
# a double fork and setsid must be gone before the next test case
import os
import time

others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())]
marker = os.path.exists("/tmp/daemon-was-here") or os.path.exists("/dev/shm/daemon-was-here")
a, b = map(int, input().split())
print(a + b if not others and not marker else f"LEAK: processes {others}, marker {marker}")
os.sys.stdout.flush()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(1)
        while True:
            for path in ("/tmp/daemon-was-here", "/dev/shm/daemon-was-here"):
                with open(path, "w") as f:
                    f.write("x")
            time.sleep(0.01)
    os._exit(0)
