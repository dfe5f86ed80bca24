# expect: TLE
# limit: CPU time is the run's cgroup counter: a grandchild that setsid()s away and spins while the program
# waits is counted (it used to be an orphan nobody measured: AC). The program answers once the orphan has
# burnt 1.2 s of CPU of its own, past the 1 s limit.
import os

r, w = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        while sum(os.times()[:2]) < 1.2:
            pass
        os.write(w, b"x")
        while True:
            pass
    os._exit(0)
os.wait()
os.read(r, 1)
a, b = map(int, input().split())
print(a + b)
