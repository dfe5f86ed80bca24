# expect: AC
# limit: kill(-1, ...) from a run reaches only its own PID namespace (and never its init): not the runner, not the
# zygote, not the next test's run prepared beside it under the same uid
import os
import signal

signal.signal(signal.SIGTERM, signal.SIG_IGN)
for sig in (signal.SIGTERM, signal.SIGSTOP, signal.SIGHUP):
    try:
        os.kill(-1, sig)
    except OSError:
        pass
a, b = map(int, input().split())
print(a + b)
