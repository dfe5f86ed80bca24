# expect: MLE RTE
# limit: stack rlimit = memory limit; deep recursion ends in the OOM killer (MLE) or SIGSEGV (RTE)
import sys
import threading

sys.setrecursionlimit(10**9)
threading.stack_size(256 * 1024 * 1024)


def down(n):
    return down(n + 1) + 1


t = threading.Thread(target=down, args=(0,))
t.start()
t.join()
down(0)
