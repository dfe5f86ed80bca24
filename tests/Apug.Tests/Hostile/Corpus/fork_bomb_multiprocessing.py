# expect: TLE RTE MLE
# limit: pids limit (64); memory limit for the forked interpreters; wall-clock backstop
import multiprocessing
import time


def spin():
    while True:
        time.sleep(1)


if __name__ == "__main__":
    while True:
        multiprocessing.Process(target=spin).start()
