# expect: AC
# limit: the inode limit of /tmp and /dev/shm (nr_inodes) bounds how long emptying them takes;
# the next test case must find both empty
import os
import time

left = [n for n in os.listdir("/tmp") + os.listdir("/dev/shm") if n != "feedback"]
start = time.process_time()
for top in ("/tmp", "/dev/shm"):
    os.chdir(top)
    try:
        while time.process_time() - start < 0.4 * (1 if top == "/tmp" else 2):
            os.mkdir("d")
            os.chdir("d")
    except OSError:
        pass
os.chdir("/")
a, b = map(int, input().split())
print(a + b if not left else f"LEAK: {left} left from an earlier run")
