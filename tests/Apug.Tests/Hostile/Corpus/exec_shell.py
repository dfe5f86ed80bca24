# expect: AC
# limit: a shell is as confined as Python: same uid, same read-only filesystem, no network
import subprocess

a, b = map(int, input().split())
import os
out = subprocess.run(["/bin/sh", "-c", "cat /etc/shadow; touch /etc/owned; id -u"], capture_output=True, text=True)
print(a + b if out.stdout.strip() == str(os.getuid()) and os.getuid() >= 20000 else f"LEAK: {out.stdout!r}")
