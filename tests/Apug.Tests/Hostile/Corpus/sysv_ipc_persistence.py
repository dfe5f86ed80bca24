# expect: AC
# limit: SysV IPC and POSIX message queues are switched off (kernel.shmmni, kernel.msgmni, kernel.sem,
# fs.mqueue.queues_max = 0): nothing can carry state or memory from one test case to the next
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
rt = ctypes.CDLL("librt.so.1", use_errno=True)
left = []
for kind in ("shm", "msg", "sem"):
    with open(f"/proc/sysvipc/{kind}") as f:
        rows = f.read().splitlines()[1:]
    if rows:
        left.append(f"{kind}: {rows}")
made = []
if libc.shmget(0x5157, 16 << 20, 0o1000 | 0o666) >= 0:
    made.append("shm")
if libc.msgget(0x5157, 0o1000 | 0o666) >= 0:
    made.append("msg")
if libc.semget(0x5157, 1, 0o1000 | 0o666) >= 0:
    made.append("sem")
if rt.mq_open(b"/apug", os.O_CREAT | os.O_RDWR, 0o600, None) >= 0:
    made.append("mqueue")
a, b = map(int, input().split())
print(a + b if not left and not made else f"LEAK: left {left}, made {made}")
