# expect: AC
# limit: file names are bytes: a solution's /tmp is never read back, and a validator's feedback files with a
# name that is not UTF-8 are skipped (it was a JE: the server could not read the runner's reply)
import os

os.makedirs("/tmp/feedback", exist_ok=True)
for name in (b"/tmp/feedback/\xff\xfe", b"/tmp/feedback/judgemessage.txt\x80", b"/tmp/\xc3("):
    with open(name, "wb") as f:
        f.write(b"\xff" * 100)
a, b = map(int, input().split())
print(a + b)
