# expect: WA
# limit: none: closing stdout just means no output
import os
import sys

sys.stdout.flush()
os.close(1)
os.close(2)
a, b = map(int, input().split())
os._exit(0)
