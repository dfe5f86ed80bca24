# expect: MLE
# limit: files in the run's /tmp count as its memory: 40 MiB of objects plus 40 MiB of files pass 64 MiB
block = bytearray(40 << 20)
for i in range(0, len(block), 4096):
    block[i] = 1
with open("/tmp/ballast", "wb") as f:
    for _ in range(40):
        f.write(b"\1" * (1 << 20))
a, b = map(int, input().split())
print(a + b)
