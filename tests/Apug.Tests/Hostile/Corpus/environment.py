# expect: AC
# limit: programs get a fixed environment (HOME, PATH, LANG, PYTHONDONTWRITEBYTECODE) and nothing of the server's
import os

expected = {"HOME", "PATH", "LANG", "PYTHONDONTWRITEBYTECODE"}
extra = sorted(set(os.environ) - expected)
a, b = map(int, input().split())
print(a + b if not extra and os.getuid() == 10001 and os.getgid() == 10001 else f"LEAK: {extra} uid {os.getuid()}")
