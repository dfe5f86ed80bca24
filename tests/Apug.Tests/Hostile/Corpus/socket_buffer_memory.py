# expect: MLE
# limit: memory is the run's cgroup: data parked in unix socket buffers (no RSS, no file) is charged to the run
# (40 MiB of Python objects and socket buffers of up to 8 MiB each pass the 64 MiB limit)
import socket

block = bytearray(40 << 20)
for i in range(0, len(block), 4096):
    block[i] = 1
pairs = []
for _ in range(40):
    a, b = socket.socketpair()
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    b.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    a.setblocking(False)
    try:
        while True:
            a.send(b"\1" * 65536)
    except BlockingIOError:
        pass
    pairs.append((a, b))
a, b = map(int, input().split())
print(a + b)
