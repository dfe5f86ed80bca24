# Far beyond the 128 MiB limit: MLE, which the package format files under run_time_error (it has no MLE folder).
blocks = []
while True:
    blocks.append(b"x" * (32 * 1024 * 1024))
