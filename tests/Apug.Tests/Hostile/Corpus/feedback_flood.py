# expect: AC
# limit: the runner reads back at most 64 feedback files of 64 KiB; the server's reply bound allows for them
import os

os.makedirs("/tmp/feedback", exist_ok=True)
for i in range(64):
    with open(f"/tmp/feedback/f{i:02}", "wb") as f:
        f.write(os.urandom(64 * 1024))
a, b = map(int, input().split())
print(a + b)
print(" " * (900 * 1024))  # nearly the whole output limit as well
