# expect: AC
# limit: the runner's seccomp filter refuses clone() with namespace flags, unshare() and setns() (EPERM): a user
# namespace would give the program every capability inside it
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, SIGCHLD = 0x10000000, 17
pid = libc.syscall(56, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0) if os.uname().machine == "x86_64" else -1
if pid == 0:
    os._exit(0)
if pid > 0:
    os.waitpid(pid, 0)
unshared = libc.unshare(0x10000000 | 0x00020000)
a, b = map(int, input().split())
print(a + b if pid < 0 and unshared != 0 else f"LEAK: clone {pid} unshare {unshared}")
