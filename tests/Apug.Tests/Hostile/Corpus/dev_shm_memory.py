# expect: MLE
# limit: /dev/shm (multiprocessing's shared memory) is the run's own tmpfs and counts as its memory
import mmap

block = bytearray(40 << 20)
for i in range(0, len(block), 4096):
    block[i] = 1
with open("/dev/shm/ballast", "wb") as f:
    for _ in range(40):
        f.write(b"\1" * (1 << 20))
a, b = map(int, input().split())
print(a + b)
