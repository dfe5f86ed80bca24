# expect: TLE
# limit: wall-clock backstop (2 x TL + 1 s) for a program that uses no CPU
import time

time.sleep(3600)
