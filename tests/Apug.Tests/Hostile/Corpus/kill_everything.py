# expect: RTE
# limit: kill(-1, SIGKILL) as uid 10001 reaches only the program's own processes, itself included: killed by signal 9
import os
import signal

os.kill(-1, signal.SIGKILL)
