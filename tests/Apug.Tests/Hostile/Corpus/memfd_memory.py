# expect: MLE
# limit: memory is the run's cgroup: pages of a memfd (shmem, in no process's RSS) count
import os

fd = os.memfd_create("ballast")
chunk = b"\1" * (1 << 20)
for _ in range(100):
    os.write(fd, chunk)
a, b = map(int, input().split())
print(a + b)
