# expect: AC
# limit: each run's init starts a session of its own: kill(0, ...) reaches only this run's processes. The next
# test's run is prepared beside this one under the same uid; it used to share this process group and died of it
# (the next test: RTE by SIGTERM)
import os
import signal

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
for sig in (signal.SIGTERM, signal.SIGHUP):
    try:
        os.kill(0, sig)
    except OSError:
        pass
a, b = map(int, input().split())
print(a + b)
