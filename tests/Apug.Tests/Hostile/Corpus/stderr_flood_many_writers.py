# expect: TLE
# limit: CPU time of the run: 20 children keep the stderr pipe full; the runner reads a few chunks per wake-up and checks
# the limits in between, so the run is stopped at its CPU limit instead of the runner reading for ever (then JE)
import os

for _ in range(20):
    if os.fork() == 0:
        data = b"x" * 65536
        while True:
            try:
                os.write(2, data)
            except OSError:
                pass
while True:
    pass
