# expect: AC
# limit: none hit: reading stdin one byte at a time with pauses stays inside the wall-clock backstop
import os
import time

data = b""
while True:
    byte = os.read(0, 1)
    if not byte:
        break
    data += byte
    time.sleep(0.05)
a, b = map(int, data.split())
print(a + b)
