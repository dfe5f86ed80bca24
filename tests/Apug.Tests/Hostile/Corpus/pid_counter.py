# expect: AC
# limit: every run has its own PID namespace: the program is always PID 2 and sees only its own processes, so the
# PID counter cannot tell which tests ran before (it used to grow test by test)
import os

others = sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid()))
child = os.fork()
if child == 0:
    os._exit(0)
os.waitpid(child, 0)
a, b = map(int, input().split())
print(a + b if os.getpid() == 2 and child == 3 and not others else f"LEAK: pid {os.getpid()} child {child} others {others}")
