# expect: AC
# limit: programs get a fixed environment (HOME, PATH, LANG, PYTHONDONTWRITEBYTECODE) and nothing of the server's;
# they run as their sandbox slot's own uid (Sandbox:UidBase and up), never root
import os

expected = {"HOME", "PATH", "LANG", "PYTHONDONTWRITEBYTECODE"}
extra = sorted(set(os.environ) - expected)
a, b = map(int, input().split())
print(a + b if not extra and os.getuid() >= 20000 and os.getgid() == os.getuid() else f"LEAK: {extra} uid {os.getuid()}")
