# expect: TLE
# limit: pids limit (64 per container) stops the growth; the wall-clock backstop (2 x TL + 1 s) ends the run
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
