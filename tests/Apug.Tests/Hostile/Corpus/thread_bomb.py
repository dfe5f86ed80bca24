# expect: TLE RTE
# limit: pids limit (64) counts threads: "can't start new thread", then the live threads keep the process up until the wall-clock backstop
import threading
import time

while True:
    threading.Thread(target=time.sleep, args=(60,)).start()
