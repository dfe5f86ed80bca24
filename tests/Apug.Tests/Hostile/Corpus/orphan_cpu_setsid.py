# expect: TLE
# limit: CPU time is the run's cgroup counter: a grandchild that setsid()s away and spins while the program
# sleeps is counted (it used to be an orphan nobody measured: AC)
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        while True:
            pass
    os._exit(0)
os.wait()
time.sleep(2.5)
a, b = map(int, input().split())
print(a + b)
