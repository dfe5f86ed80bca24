# expect: AC
# limit: the runner is PID 1 and root; the program (uid 10001) cannot signal it
import os
import signal

delivered = []
for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP, signal.SIGINT, signal.SIGCHLD, signal.SIGUSR1):
    try:
        os.kill(1, sig)
        delivered.append(sig.name)
    except OSError:
        pass
a, b = map(int, input().split())
print(a + b if not delivered else f"LEAK: signalled the runner with {delivered}")
