# expect: TLE RTE MLE
# limit: pids limit (64) makes Popen fail (RTE) or the loop spins until the wall-clock backstop (TLE); the
# interpreters it starts are charged to the run's memory, so the memory limit may come first (MLE)
import subprocess
import sys

children = []
while True:
    children.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]))
