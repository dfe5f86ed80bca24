# expect: AC
# limit: answers never enter the solution's container; other tests' input is not on disk; no other submission shares it
import os

found = []
# The package's secret answers and inputs (see HostileCorpusTests), computed so this file does not contain them.
needles = (str(10**9 + 111111110).encode(), f"{123456789} {10**9 - 12345679}".encode(), str(31000 + 337).encode())
for top in ("/box", "/tmp", "/dev/shm", "/var", "/srv", "/home", "/root", "/run", "/mnt", "/media", "/opt", "/etc"):
    for root, dirs, files in os.walk(top):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith((".ans", ".in")) or "secret" in path:
                found.append(path)
            try:
                if os.path.getsize(path) < 1 << 20:
                    with open(path, "rb") as f:
                        data = f.read()
                    if any(n in data for n in needles):
                        found.append(path)
            except OSError:
                pass
a, b = map(int, input().split())
print(a + b if not found else f"LEAK: {found[:10]}")
