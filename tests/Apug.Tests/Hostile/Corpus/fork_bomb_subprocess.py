# expect: TLE RTE
# limit: pids limit (64) makes Popen fail (RTE) or the loop spins until the wall-clock backstop (TLE)
import subprocess
import sys

children = []
while True:
    children.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]))
