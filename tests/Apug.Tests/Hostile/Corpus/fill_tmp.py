# expect: AC
# limit: /tmp is each run's own fresh tmpfs (size-limited, freed with the run's namespaces): what a test case
# leaves there is gone before the next; 40 MiB of files stay under the 64 MiB memory limit they count against
import os

left = [n for n in os.listdir("/tmp") if n != "feedback"]  # the runner makes /tmp/feedback
try:
    with open("/tmp/ballast", "wb") as f:
        for _ in range(40):
            f.write(b"\0" * (1 << 20))
except OSError:
    pass
a, b = map(int, input().split())
print(a + b if not left else f"LEAK: /tmp holds {left} from an earlier run")
