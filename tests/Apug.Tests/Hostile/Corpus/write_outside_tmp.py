# expect: AC
# limit: read-only root filesystem; /box (program, test data) is root-owned; only /tmp and /dev/shm are writable
import os

written = []
for path in ("/evil", "/box/evil", "/box/prog/solution.py", "/box/prog/evil", "/opt/apug/runner.py",
             "/etc/passwd", "/usr/lib/python3/dist-packages/evil.py", "/var/tmp/evil", "/root/evil",
             "/home/evil", "/run/evil", "/dev/evil", "/proc/1/oom_score_adj", "/sys/fs/cgroup/evil"):
    try:
        with open(path, "a") as f:
            f.write("owned")
        written.append(path)
    except OSError:
        pass
for path in ("/box/prog/solution.py", "/box/prog"):
    try:
        os.chmod(path, 0o777)
        written.append("chmod " + path)
    except OSError:
        pass
a, b = map(int, input().split())
print(a + b if not written else f"LEAK: wrote {written}")
