# expect: MLE
# limit: memory limit (64 MiB): peak RSS or the OOM killer
chunks = []
while True:
    chunks.append(bytearray(1024 * 1024))
