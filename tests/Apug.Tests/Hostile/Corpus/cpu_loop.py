# expect: TLE
# limit: CPU time limit (1 s; polled from /proc, RLIMIT_CPU as backstop)
n = 0
while True:
    n += 1
