# expect: MLE
# limit: memory is the run's cgroup: data parked in pipe buffers is charged to the writer (40 MiB of pipes on top
# of 40 MiB of Python objects passes the 64 MiB limit)
import fcntl
import os

block = bytearray(40 << 20)
for i in range(0, len(block), 4096):
    block[i] = 1
pipes = []
for _ in range(40):
    r, w = os.pipe()
    try:
        fcntl.fcntl(w, 1031, 1 << 20)  # F_SETPIPE_SZ
    except OSError:
        pass
    os.set_blocking(w, False)
    try:
        while True:
            os.write(w, b"\1" * 65536)
    except BlockingIOError:
        pass
    pipes.append((r, w))
a, b = map(int, input().split())
print(a + b)
