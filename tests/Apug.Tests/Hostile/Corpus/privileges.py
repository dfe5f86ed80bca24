# expect: AC
# limit: the slot's uid with no capabilities (effective and permitted sets empty); no-new-privileges; the runner's
# own seccomp filter refuses unshare/setns/mount/clone with namespace flags (the runner holds CAP_SYS_ADMIN, which
# makes Docker's profile allow them container-wide)
import ctypes
import os

gained = []


def attempt(what, action):
    try:
        result = action()
        if result is None or result == 0:
            gained.append(what)
    except (OSError, PermissionError):
        pass


libc = ctypes.CDLL(None, use_errno=True)
attempt("setuid(0)", lambda: os.setuid(0))
attempt("setgid(0)", lambda: os.setgid(0))
attempt("setgroups", lambda: os.setgroups([0]))
attempt("chroot", lambda: os.chroot("/tmp"))
attempt("mount tmpfs", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))
attempt("unshare user", lambda: libc.unshare(0x10000000))
attempt("unshare mount", lambda: libc.unshare(0x00020000))
attempt("ptrace pid 1", lambda: libc.ptrace(16, 1, None, None))  # PTRACE_ATTACH
attempt("setns", lambda: libc.setns(os.open("/proc/1/ns/mnt", os.O_RDONLY), 0))
status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
for field in ("CapEff", "CapPrm", "CapAmb"):
    if int(status[field], 16) != 0:
        gained.append(f"{field}={status[field].strip()}")
if status.get("NoNewPrivs", "0").strip() != "1":
    gained.append("NoNewPrivs is off")
a, b = map(int, input().split())
print(a + b if not gained else f"LEAK: {gained}")
