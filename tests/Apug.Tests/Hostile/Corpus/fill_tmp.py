# expect: AC
# limit: /tmp is a size-limited tmpfs (ENOSPC when full) and is emptied after every test:
# the next test case must find it empty
import os

left = [n for n in os.listdir("/tmp") if n != "feedback"]  # the runner makes /tmp/feedback
try:
    with open("/tmp/ballast", "wb") as f:
        while True:
            f.write(b"\0" * (1 << 20))
except OSError:
    pass
a, b = map(int, input().split())
print(a + b if not left else f"LEAK: /tmp holds {left} from an earlier run")
