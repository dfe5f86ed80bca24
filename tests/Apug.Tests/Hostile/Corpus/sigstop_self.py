# expect: TLE
# limit: wall-clock backstop; SIGKILL ends a stopped process
import os
import signal

os.kill(os.getpid(), signal.SIGSTOP)
