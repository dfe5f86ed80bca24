# expect: AC
# limit: the seccomp filter answers ENOSYS to system call numbers of another ABI (x32 numbers on x86_64), so
# nothing reaches unshare or mount under another number
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
result = libc.syscall(0x40000000 | 272, 0x10000000) if os.uname().machine == "x86_64" else -1  # x32 unshare
a, b = map(int, input().split())
print(a + b if result != 0 else "LEAK: x32 unshare worked")
