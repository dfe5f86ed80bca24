# expect: MLE
# limit: memory limit (64 MiB; the kernel OOM killer in the container's cgroup)
block = bytearray(1024 * 1024 * 1024)
print(len(block))
