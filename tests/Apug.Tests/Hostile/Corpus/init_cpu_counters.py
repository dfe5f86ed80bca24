# expect: AC
# limit: PID 1 in the program's namespace is that run's own init, fresh for each run: its children's CPU counters
# (cutime, cstime of /proc/1/stat) say nothing about earlier tests (the runner's used to add them all up)
import os

fields = open("/proc/1/stat").read().rsplit(")", 1)[1].split()
cutime, cstime = int(fields[13]), int(fields[14])
spent = sum(os.times()[:2])
for _ in range(200000):
    pass
a, b = map(int, input().split())
print(a + b if cutime == 0 and cstime == 0 else f"LEAK: init children cpu {cutime}+{cstime} ticks")
