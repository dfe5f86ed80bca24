"""Apug sandbox runner v2: PID 1 of every warm sandbox container.

Implements sandbox-images/PROTOCOL.md. Python 3 standard library only, single-threaded.
The container is started before any submission is known and serves many programs, one
after another. Every run (a syntax check, a test case, a validator call) gets:

- its own cgroup (memory, cpu accounting, pids), created for the run and removed after it:
  CPU time, peak memory and OOM kills are the cgroup's counters, so they cover the program
  and everything it starts (grandchildren, orphans, daemons) and memory outside any RSS
  (memfd, tmpfs files, pipe buffers), but never the runner or the test input it holds;
- its own PID, mount, IPC and UTS namespaces: a fresh /proc, fresh /tmp and /dev/shm tmpfs
  (freed with the namespace), no view of the counters, the program is always PID 2;
- the container's per-slot uid (APUG_UID), no capabilities, rlimits as a backstop.

The runner only reports facts (exit status or signal, CPU ms, wall ms, peak memory, OOM
kill, output truncated, what stopped the run); the server decides verdicts.

It runs as root with CAP_SETUID, CAP_SETGID, CAP_KILL and CAP_SYS_ADMIN (to remount its own
cgroup read-write and to create the namespaces); programs never hold any capability.
Only protocol lines are ever written to this process's stdout.
"""

import atexit
import base64
import builtins
import copy
import ctypes
import errno
import fcntl
import io
import json
import math
import os
import resource
import select
import selectors
import signal
import socket
import stat
import sys
import time
import types
# What a warm program's start needs, imported once here rather than in every run (~2 ms each).
from importlib.machinery import BuiltinImporter, SourceFileLoader

SANDBOX_UID = int(os.environ.get("APUG_UID", "10001"))
# An interactive problem's interactor runs beside the solution in this container as a uid of its own: the test data
# and the interactor's files are readable by that uid only (and hidden from the solution's mount namespace).
JUDGE_UID = int(os.environ.get("APUG_JUDGE_UID", str(SANDBOX_UID + 1_000_000)))
JUDGE_DIR = "/box/judge"
JUDGE_PROG_DIR = "/box/judge/prog"
JUDGE_TEST_DIR = "/box/judge/test"
BOX = "/box"
PROG_DIR = "/box/prog"
TEST_DIR = "/box/test"
STDIN_PATH = "/box/.stdin"
TMP = "/tmp"
FEEDBACK_DIR = "/tmp/feedback"
FEEDBACK_FILE_MAX = 64 * 1024
FEEDBACK_MAX_FILES = 64
PROGRAM_ENV = {
    "HOME": "/tmp",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
}
DEFAULT_LIMITS = {"cpuMs": 2000, "wallMs": 6000, "memoryKb": 262144, "outputKb": 8192,
                  "stderrKb": 64, "tmpKb": 65536, "pids": 64}
NOFILE = 256
PIPE_SIZE = 1 << 20
READ_CHUNK = 1 << 20
READS_PER_WAKE = 4  # chunks read from one pipe before the runner checks the limits again
CGROUP_ROOT = "/sys/fs/cgroup"
RUN_CGROUP = "run"  # each run's cgroup is run-<random>: /proc/self/cgroup tells the program nothing of earlier runs
JUDGE_CGROUP = "judge"  # an interactor's run, beside the solution's
DRAIN_AFTER_EXIT_S = 0.2  # output still buffered once the run's processes are gone
STOP_GRACE_S = 5.0
ZYGOTE_ANSWER_S = 5.0  # a fork takes a few ms: a zygote this late is stuck (or was killed), and given up
RUN_FDS = ("go", "out_w", "err_w", "rep_w", "procs_fds")  # the fds of a run's init, passed to the zygote as SCM_RIGHTS

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG = 1

libc = ctypes.CDLL(None, use_errno=True)

# What a program may not do although the runner's CAP_SYS_ADMIN makes Docker's seccomp profile allow it for the
# whole container: make namespaces (a user namespace would give it every capability inside) or mount anything.
# Our own filter, installed in the program just before exec (no-new-privileges lets an unprivileged process do
# that), refuses those calls with EPERM, and any foreign-ABI call (i386 int 0x80, x32) with ENOSYS.
SECCOMP_ARCHES = {
    # machine: (AUDIT_ARCH_*, clone, clone3, blocked)
    "x86_64": (0xC000003E, 56, 435, (272, 308, 165, 166, 155, 161, 428, 429, 430, 431, 432, 433, 442)),
    "aarch64": (0xC00000B7, 220, 435, (97, 268, 40, 39, 41, 51, 428, 429, 430, 431, 432, 433, 442)),
}
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def seccomp_program(machine):
    """The classic-BPF filter for this machine, or None on an architecture we have no numbers for."""
    if machine not in SECCOMP_ARCHES:
        return None
    arch, clone, clone3, blocked = SECCOMP_ARCHES[machine]
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    f = [(ld, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, enosys),   # seccomp_data.arch
         (ld, 0, 0, 0), (jge, 0, 1, 0x40000000), (ret, 0, 0, enosys)]  # seccomp_data.nr; x32 numbers
    for nr in blocked:
        f += [(jeq, 0, 1, nr), (ret, 0, 0, eperm)]
    f += [(jeq, 0, 1, clone3), (ret, 0, 0, enosys),  # glibc falls back to clone, whose flags we can see
          (jeq, 1, 0, clone), (ret, 0, 0, allow),
          (ld, 0, 0, 16), (jset, 0, 1, CLONE_NAMESPACES), (ret, 0, 0, eperm), (ret, 0, 0, allow)]
    filters = (SockFilter * len(f))(*[SockFilter(*i) for i in f])
    return SockFprog(len(f), filters), filters


SECCOMP = seccomp_program(os.uname().machine)


def install_seccomp():
    if SECCOMP is None:
        return
    check(libc.prctl(38, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    check(libc.prctl(22, 2, ctypes.byref(SECCOMP[0]), 0, 0), "prctl(PR_SET_SECCOMP)")


class RunnerError(Exception):
    pass


class BecomeProgram(BaseException):
    """Raised in a run's forked program process (warm mode) to unwind to the top of the runner's stack, where the
    solution then runs in this already started interpreter, a few frames deep as in `python3 solution.py`."""

    def __init__(self, args):
        super().__init__(args)
        self.args = args  # what follows `python3`: [script, *argv] or ["-c", code, *argv]


def check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source, target, fstype, flags, data=None):
    check(libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(),
                     ctypes.c_ulong(flags), data and data.encode()), f"mount {target}")


# ---------------------------------------------------------------- protocol I/O

def send(obj):
    data = (json.dumps(obj, separators=(",", ":"), ensure_ascii=True) + "\n").encode("ascii")
    write_all(1, data)


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text, what):
    if text is None:
        return b""
    if not isinstance(text, str):
        raise RunnerError(f"{what}: expected a base64 string")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError as e:
        raise RunnerError(f"{what}: invalid base64 ({e})") from None


def relative_path(name, what):
    """A path below some directory: no absolute paths, no '..', no empty parts."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\0" in name:
        raise RunnerError(f"{what}: invalid file name {name!r}")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise RunnerError(f"{what}: invalid file name {name!r}")
    return name


def write_file(directory, name, data, mode):
    path = os.path.join(directory, name)
    parent = os.path.dirname(path)
    if parent != directory:
        os.makedirs(parent, mode=0o755, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
    try:
        os.fchmod(fd, mode)
        write_all(fd, data)
    finally:
        os.close(fd)
    return path


def remove_tree(path):
    """Deletes a root-owned tree (/box/prog, /box/test)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        os.unlink(path)
        return
    for entry in os.scandir(path):
        if entry.is_dir(follow_symlinks=False):
            remove_tree(entry.path)
        else:
            os.unlink(entry.path)
    os.rmdir(path)


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("ascii", "replace")


def write_text(path, text):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode("ascii"))
    finally:
        os.close(fd)


def keyed(text):
    """'key value' lines (memory.events, cpu.stat, memory.oom_control) as a dict of ints."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                out[parts[0]] = int(parts[1])
            except ValueError:
                pass
    return out


# ---------------------------------------------------------------- cgroups

class CgroupV1:
    """cgroup v1: the container's own directory of each controller, remounted read-write."""
    version = "v1"
    CONTROLLERS = ("memory", "cpuacct", "pids")

    def __init__(self, root=CGROUP_ROOT, remount=True):
        self.root = root
        self.dirs = {}
        for name in self.CONTROLLERS:
            path = os.path.join(root, name)
            if not os.path.isdir(path):
                raise RunnerError(f"cgroup v1 controller {name} is not mounted at {path}")
            real = os.path.realpath(path)  # cpuacct is often a link to cpu,cpuacct
            if remount:
                mount(None, real, None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | MS_NOEXEC)
            self.dirs[name] = real

        self.name = self.base = RUN_CGROUP

    def path(self, controller, name):
        return os.path.join(self.dirs[controller], self.name, name)

    def create(self, memory_bytes, pids):
        """A new run cgroup: a handle of its own (several runs' cgroups exist at once)."""
        run = copy.copy(self)
        run.name = free_name(list(self.dirs.values()), self.base)
        for d in self.dirs.values():
            os.mkdir(os.path.join(d, run.name))
        write_text(run.path("memory", "memory.limit_in_bytes"), str(memory_bytes))
        swap = run.path("memory", "memory.memsw.limit_in_bytes")
        if os.path.exists(swap):
            write_text(swap, str(memory_bytes))  # no swap beyond the limit
        write_text(run.path("pids", "pids.max"), str(pids))
        return run

    def procs_files(self):
        return [os.path.join(d, self.name, "cgroup.procs") for d in self.dirs.values()]

    def cpu_ns(self):
        return int(read_text(self.path("cpuacct", "cpuacct.usage")))

    def peak_bytes(self):
        return int(read_text(self.path("memory", "memory.max_usage_in_bytes")))

    def oom_kills(self):
        return keyed(read_text(self.path("memory", "memory.oom_control"))).get("oom_kill", 0)

    def pids(self):
        text = read_text(self.path("memory", "cgroup.procs"))
        return [int(p) for p in text.split()]

    def remove(self):
        for d in self.dirs.values():
            rmdir_retrying(os.path.join(d, self.name))


class CgroupV2:
    """cgroup v2 (with a private cgroup namespace, Docker's default there): the runner moves
    itself into a leaf so the container's root may delegate controllers to each run's cgroup."""
    version = "v2"

    def __init__(self, root=CGROUP_ROOT, remount=True):
        self.root = root
        if remount:
            mount(None, root, None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | MS_NOEXEC)
            runner = os.path.join(root, "runner")
            os.makedirs(runner, exist_ok=True)
            for pid in read_text(os.path.join(root, "cgroup.procs")).split():
                try:
                    write_text(os.path.join(runner, "cgroup.procs"), pid)
                except OSError:
                    pass
            write_text(os.path.join(root, "cgroup.subtree_control"), "+memory +pids +cpu")
        self.name = self.base = RUN_CGROUP

    def path(self, name):
        return os.path.join(self.root, self.name, name)

    def create(self, memory_bytes, pids):
        """A new run cgroup: a handle of its own (several runs' cgroups exist at once)."""
        run = copy.copy(self)
        run.name = free_name([self.root], self.base)
        os.mkdir(os.path.join(self.root, run.name))
        write_text(run.path("memory.max"), str(memory_bytes))
        if os.path.exists(run.path("memory.swap.max")):
            write_text(run.path("memory.swap.max"), "0")
        write_text(run.path("pids.max"), str(pids))
        return run

    def procs_files(self):
        return [self.path("cgroup.procs")]

    def cpu_ns(self):
        return keyed(read_text(self.path("cpu.stat"))).get("usage_usec", 0) * 1000

    def peak_bytes(self):
        return int(read_text(self.path("memory.peak")))

    def oom_kills(self):
        return keyed(read_text(self.path("memory.events"))).get("oom_kill", 0)

    def pids(self):
        return [int(p) for p in read_text(self.path("cgroup.procs")).split()]

    def remove(self):
        rmdir_retrying(os.path.join(self.root, self.name))


def free_name(parents, base=RUN_CGROUP):
    """A random run cgroup name free under every parent. Several runs' cgroups exist at once (one running, the next
    prepared, an interactor beside its solution), and a name that counted or alternated would tell a program how
    many tests ran before it."""
    while True:
        name = f"{base}-{os.urandom(6).hex()}"
        if not any(os.path.exists(os.path.join(p, name)) for p in parents):
            return name


def sibling_cgroups(cgroups, base):
    """A second run's cgroups beside the first's (an interactor's beside its solution's), under their own name."""
    other = copy.copy(cgroups)
    other.name = other.base = base
    return other


def detect_cgroups(root=CGROUP_ROOT, remount=True):
    if os.path.exists(os.path.join(root, "cgroup.controllers")):
        return CgroupV2(root, remount)
    return CgroupV1(root, remount)


def rmdir_retrying(path):
    for attempt in range(50):
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError as e:
            if e.errno != errno.EBUSY:
                raise
            time.sleep(0.002 * (attempt + 1))
    raise RunnerError(f"cgroup {path} stayed busy")


# ---------------------------------------------------------------- inside the run

def reset_signals():
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def drop_privileges(uid=SANDBOX_UID):
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise OSError("setuid did not take effect")


def init_main(run):
    """PID 1 of the run's namespaces: fresh mounts, the program as PID 2, its exit status
    back to the runner. When this process exits the kernel kills everything left in the
    namespace, so nothing the program started outlives the run."""
    code = 1
    try:
        check(libc.unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
        limits = run["limits"]
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        tmp_opts = f"size={limits['tmpKb']}k,nr_inodes={run['inodes']},mode=1777"
        mount("tmpfs", TMP, "tmpfs", MS_NOSUID | MS_NODEV | (0 if run["exec_tmp"] else MS_NOEXEC), tmp_opts)
        mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, tmp_opts)
        # The program sees no cgroup counters at all (neither its run's nor the container's).
        mount("tmpfs", CGROUP_ROOT, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=555")
        for hidden in run["hide"]:
            # A solution of an interactive problem: the interactor's folder (its files, the test data) is not even
            # there, whatever its permissions say.
            mount("tmpfs", hidden, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=555")
        libc.sethostname(b"sandbox", 7)
        # The run's own IPC namespace starts with the kernel's defaults: close it as the container's is closed.
        for name, value in (("kernel/shmmni", "0"), ("kernel/shmall", "0"), ("kernel/shmmax", "0"),
                            ("kernel/msgmni", "0"), ("kernel/sem", "0 0 0 0"), ("fs/mqueue/queues_max", "0")):
            write_text(f"/proc/sys/{name}", value)
        if run["feedback"]:
            os.mkdir(FEEDBACK_DIR, 0o777)
            os.chmod(FEEDBACK_DIR, 0o777)
        pid = os.fork()
        if pid == 0:
            program_main(run)  # never returns
        for fd in (run["go"], run["out_w"], run["err_w"]):
            os.close(fd)
        for fd in run["procs_fds"]:
            os.close(fd)
        status, usage = None, None
        while status is None:
            try:
                wpid, wstatus, wusage = os.wait4(-1, 0)
            except InterruptedError:
                continue
            except ChildProcessError:
                break
            if wpid == pid:
                status, usage = wstatus, wusage
        # Stop whatever the program left running before reading what it left behind.
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while True:
            try:
                os.wait4(-1, 0)
            except ChildProcessError:
                break
            except InterruptedError:
                continue
        report = {"wait": status}
        drop_privileges(run["uid"])  # what the program left in /tmp belongs to its uid
        if run["feedback"]:
            report["feedback"] = collect_feedback()
        if run["artifact"] is not None:
            report.update(collect_artifact(run["artifact"]))
        write_all(run["rep_w"], json.dumps(report).encode("ascii"))
        code = 0
    except BecomeProgram:
        raise
    except BaseException as e:  # noqa: BLE001 - forked: never return into the runner's loop
        try:
            write_all(run["rep_w"], json.dumps({"error": f"{type(e).__name__}: {e}"}).encode("ascii"))
        except BaseException:  # noqa: BLE001
            pass
    os._exit(code)


def program_main(run):
    """PID 2 of the run: joins the run's cgroup, drops everything, becomes the program."""
    try:
        for fd in run["procs_fds"]:
            os.write(fd, b"0")  # "0" is the writer itself; inherited fds outlive the hidden mount
            os.close(fd)
        os.close(run["rep_w"])
        os.dup2(run["out_w"], 1)
        os.dup2(run["err_w"], 2)
        reset_signals()
        limits = run["limits"]
        cpu_s = math.ceil(limits["cpuMs"] / 1000) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        stack = limits["memoryKb"] * 1024
        hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
        if hard != resource.RLIM_INFINITY:
            stack = min(stack, hard)
        resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))
        resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))
        # Pipes a program makes count against this uid's pipe quota; the uid is the slot's own.
        drop_privileges(run["uid"])
        install_seccomp()
        os.umask(0o022)
        # Confined: wait for the test (its stdin as an fd, its arguments); a run prepared ahead of its test
        # starts here. Nothing: the run was not needed.
        go = socket.socket(fileno=run["go"])
        try:
            message, fds, _, _ = socket.recv_fds(go, 1 << 16, 2)
        finally:
            go.detach()  # closed with the rest below, never later by the garbage collector
        if not message or len(fds) not in (1, 2):
            os._exit(0)
        os.dup2(fds[0], 0)
        if len(fds) == 2:
            os.dup2(fds[1], 1)  # interactive: stdout is the pipe to the other program, not the runner's
        argv = run["argv"] + json.loads(message)["args"]
        os.chdir(TMP)
        os.closerange(3, 1 << 20)
        if run["warm"]:
            raise BecomeProgram(argv[1:])
        os.execvpe(argv[0], argv, PROGRAM_ENV)
    except BecomeProgram:
        raise
    except BaseException as e:  # noqa: BLE001 - we are a forked child: never return
        try:
            os.write(2, f"runner: cannot execute {run['argv'][0]!r}: {e}\n".encode("utf-8", "replace"))
        finally:
            os._exit(127)
    os._exit(127)


def printable_name(name):
    """A feedback file's name as text, or None: names are bytes, and only plain UTF-8 travels."""
    try:
        text = name.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text or len(text) > 128 or any(ord(c) < 32 or c in "\x7f/" for c in text):
        return None
    return text


def collect_feedback():
    out = {}
    try:
        entries = sorted(os.scandir(FEEDBACK_DIR.encode()), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        if len(out) >= FEEDBACK_MAX_FILES:
            break
        name = printable_name(entry.name)
        if name is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            try:
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except PermissionError:
                os.chmod(entry.path, 0o600)
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as f:
                if stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    out[name] = b64(f.read(FEEDBACK_FILE_MAX))
        except OSError:
            pass
    return out


def collect_artifact(name):
    path = os.path.join(TMP, name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise OSError(f"{path} is not a regular file")
            return {"artifact": b64(f.read())}
    except OSError as e:
        return {"artifactError": str(e)}


# ---------------------------------------------------------------- the runner

def parse_limits(given, what):
    limits = dict(DEFAULT_LIMITS)
    given = given or {}
    if not isinstance(given, dict):
        raise RunnerError(f"{what} must be an object")
    for key in DEFAULT_LIMITS:
        value = given.get(key, limits[key])
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise RunnerError(f"{what}.{key} must be a positive integer")
        limits[key] = value
    return limits


def command_list(value, what):
    if not isinstance(value, list) or not value or not all(isinstance(a, str) for a in value):
        raise RunnerError(f"{what} must be a non-empty list of strings")
    return value


def parse_test(msg):
    """A test message's name, arguments and files, checked."""
    args = msg.get("args") or []
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise RunnerError("test.args must be a list of strings")
    files = msg.get("files") or {}
    if not isinstance(files, dict):
        raise RunnerError("test.files must be an object")
    return msg.get("name"), args, files


class judge_group:
    """Files created inside belong to the group of the interactor's uid (root stays the owner, so the runner can remove
    them; the runner holds no CAP_CHOWN): mode 0750/0640 then gives the interactor, and nobody else, access."""

    def __enter__(self):
        libc.setfsgid(JUDGE_UID)

    def __exit__(self, *_):
        libc.setfsgid(0)


def make_judge_dir(path):
    """A folder only the interactor's uid (and root) may enter."""
    with judge_group():
        os.mkdir(path, 0o750)
    os.chmod(path, 0o750)
    if os.stat(path).st_gid != JUDGE_UID:
        raise RunnerError(f"{path} did not get the interactor's group (setfsgid failed)")


def write_judge_file(directory, name, data, mode):
    with judge_group():
        path = write_file(directory, name, data, mode)
    if os.stat(path).st_gid != JUDGE_UID:
        raise RunnerError(f"{path} did not get the interactor's group (setfsgid failed)")
    return path


class Active:
    """One started run: what it writes is collected, its limits are watched, its facts are ready once it ended."""

    def __init__(self, runner, prepared):
        self.runner = runner
        self.prepared = prepared
        limits = prepared["limits"]
        self.limits = limits
        self.out_cap = limits["outputKb"] * 1024
        self.err_cap = limits["stderrKb"] * 1024
        self.cpu_limit_ns = limits["cpuMs"] * 1_000_000
        self.cg = prepared["cg"]
        self.fds = {"out": prepared["out_r"], "err": prepared["err_r"], "rep": prepared["rep_r"]}
        self.registered = set()
        self.stdout, self.stderr, self.report_bytes = bytearray(), bytearray(), bytearray()
        self.truncated = False
        self.stopped = None
        self.report_done = False
        self.finished = False
        self.closed = False
        self.deferred = False
        self.facts, self.inner = None, {}
        self.start = self.end = None

    def begin(self, fds, args):
        """Hands the prepared program its stdin (and, interactive, its stdout) and its arguments: it runs from now."""
        self.start = time.monotonic()
        self.wall_deadline = self.start + self.limits["wallMs"] / 1000
        self.next_cpu_check = self.start
        try:
            socket.send_fds(self.prepared["go"], [json.dumps({"args": list(args)}).encode("utf-8")], fds)
        except OSError:
            pass  # the program is gone already: the run reports how it ended
        finally:
            self.prepared["go"].close()

    def register(self, sel):
        for kind, fd in self.fds.items():
            sel.register(fd, selectors.EVENT_READ, (self, kind))
            self.registered.add(kind)

    def take(self, fd, buf, cap=None, keep_tail=None):
        """Reads what is available now, a few chunks at most; False at EOF. Never waits. Bounded: processes that
        keep a pipe full (a stderr flood from many children) must not keep the runner from checking the limits."""
        for _ in range(READS_PER_WAKE):
            try:
                chunk = os.read(fd, READ_CHUNK)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            if cap is not None and len(buf) + len(chunk) > cap:
                buf += chunk[:max(cap - len(buf), 0)]
                self.truncated = True
                return True
            buf += chunk
            if keep_tail is not None and len(buf) > 2 * keep_tail:
                del buf[:len(buf) - keep_tail]
        return True

    def read(self, kind):
        fd = self.fds[kind]
        if kind == "out":
            return self.take(fd, self.stdout, cap=self.out_cap)
        if kind == "err":
            return self.take(fd, self.stderr, keep_tail=self.err_cap)
        return self.take(fd, self.report_bytes)

    def on_ready(self, kind, sel):
        if not self.read(kind):
            sel.unregister(self.fds[kind])
            self.registered.discard(kind)
            if kind == "rep":
                self.report_done = True

    def over_limit(self, now):
        """True when the runner must stop the run now (wall clock or CPU time)."""
        if now >= self.wall_deadline:
            self.stopped = "wallLimit"
            return True
        if now >= self.next_cpu_check:
            used = self.cg.cpu_ns()
            if used > self.cpu_limit_ns:
                self.stopped = "cpuLimit"
                return True
            remaining = (self.cpu_limit_ns - used) / 1e9 / self.runner.ncpu
            self.next_cpu_check = now + min(max(remaining, 0.005), 0.25)
        return False

    def wait_s(self, now):
        return max(0.0, min(self.wall_deadline, self.next_cpu_check) - now)

    def ended(self):
        """The run ended by itself (its init reported), or its output passed the limit."""
        if self.truncated and self.stopped is None:
            self.stopped = "outputLimit"
            return True
        return self.report_done

    def finish(self, sel):
        """Stops what is left of the run, reads its last output and its counters, and makes its facts."""
        self.end = time.monotonic()
        for kind in list(self.registered):
            sel.unregister(self.fds[kind])
        self.registered.clear()
        runner, init = self.runner, self.prepared["init"]
        try:
            if self.report_done and self.stopped is None:
                # The run's init has killed and reaped every process of the namespace before it reported, so
                # the counters are final: its own exit and the cgroup's removal wait until the reply is sent.
                runner.teardowns.append((init, self.cg))
                self.deferred = True
            else:
                runner.stop_run(init, self.cg)
            # Every process of the run is gone; whatever they wrote is in the pipes now. A write end
            # may still be alive somewhere (an fd in flight in a unix socket): read only what is there.
            drain_until = time.monotonic() + DRAIN_AFTER_EXIT_S
            for kind in ("out", "err", "rep"):
                fd = self.fds[kind]
                while time.monotonic() < drain_until and self.read(kind):
                    r, _, _ = select_one(fd, drain_until - time.monotonic())
                    if not r:
                        break
            if self.truncated and self.stopped is None:
                self.stopped = "outputLimit"
            cpu_ns = self.cg.cpu_ns()
            peak = self.cg.peak_bytes()
            oom_kills = self.cg.oom_kills()
        finally:
            self.finished = True
            self.close()
        try:
            inner = json.loads(bytes(self.report_bytes)) if self.report_bytes else {}
        except ValueError:
            inner = {}
        if not isinstance(inner, dict):
            inner = {}
        self.inner = inner
        status = inner.get("wait") if isinstance(inner.get("wait"), int) else None
        if inner.get("error") and self.stopped is None:
            # The namespace's init failed: the runner's own fault, not the program's.
            raise RunnerError(f"could not start the run: {inner['error']}")
        if status is None:
            exit_code, sig = None, signal.SIGKILL
        elif os.WIFSIGNALED(status):
            exit_code, sig = None, os.WTERMSIG(status)
        else:
            exit_code, sig = os.WEXITSTATUS(status), None
        if cpu_ns > self.cpu_limit_ns and self.stopped is None:
            self.stopped = "cpuLimit"
        if len(self.stderr) > self.err_cap:
            del self.stderr[:len(self.stderr) - self.err_cap]
        self.facts = {
            "exitCode": exit_code,
            "signal": sig,
            "cpuMs": int(cpu_ns // 1_000_000),
            "wallMs": int(round((self.end - self.start) * 1000)),
            "memoryKb": int(peak // 1024),
            "oomKilled": oom_kills > 0,
            "stopped": self.stopped,
            "stdout": b64(self.stdout),
            "stdoutTruncated": self.truncated,
            "stderr": b64(self.stderr),
            "feedback": inner.get("feedback") or {},
        }
        if runner.unhealthy:
            self.facts["recycle"] = runner.unhealthy

    def exited_with(self, code):
        f = self.facts
        return f is not None and f["exitCode"] == code and f["signal"] is None and f["stopped"] is None and not f["oomKilled"]

    def close(self):
        """Closes the run's pipes; a run that never finished (the runner failed) is stopped and its cgroup removed."""
        if self.closed:
            return
        self.closed = True
        if not self.finished:
            try:
                self.runner.stop_run(self.prepared["init"], self.cg)
            except BaseException:  # noqa: BLE001 - already failing: the container is recycled
                pass
        for fd in self.fds.values():
            try:
                os.close(fd)
            except OSError:
                pass
        if not self.deferred:
            self.runner.remove_cgroup(self.cg)


class Zygote:
    """A process forked from the runner before it reads any protocol line, that forks warm runs' inits. Its heap
    never held a source, a test or an interactor's file (it is only sent a run's settings and fds), so a warm
    program, a fork of it, finds none of those in its own memory (docs/sandbox.md, "The fork server and memory")."""

    def __init__(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            ours.detach()
            zygote_serve(theirs)  # never returns (a warm program raises BecomeProgram out of it)
        theirs.close()
        self.sock = ours
        # Signalled through a pidfd: once the zygote is gone and reaped its pid may be another process's.
        self.pidfd = os.pidfd_open(pid)

    def request(self, settings, fds):
        socket.send_fds(self.sock, [json.dumps(settings).encode("ascii")], fds)

    def answer(self):
        """The init's pid (the runner's child by now: its parent, the zygote's short-lived middle process, has
        exited), or None if the zygote failed or is gone."""
        r, _, _ = select_one(self.sock, ZYGOTE_ANSWER_S)
        if not r:
            return None
        try:
            reply = json.loads(self.sock.recv(4096) or b"{}")
        except (OSError, ValueError):
            return None
        return reply.get("init") if isinstance(reply, dict) and isinstance(reply.get("init"), int) else None

    def close(self):
        try:
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self.pidfd)
        self.sock.close()


def zygote_serve(sock):
    """The zygote's loop: each request is one run's settings and its fds; the answer is its init's pid."""
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)  # never the protocol streams: the server sees the runner's end as the container's end
    os.close(null)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    libc.prctl(15, b"apug-zygote", 0, 0, 0)  # PR_SET_NAME: how a test finds it
    while True:
        try:
            message, fds, flags, _ = socket.recv_fds(sock, 1 << 16, 64)
        except InterruptedError:
            continue
        if not message:
            os._exit(0)  # the runner is gone
        try:
            if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
                raise RunnerError("a request to the zygote was truncated")
            run = json.loads(message)
            run.update(zip(RUN_FDS[:4], fds[:4]))
            run["procs_fds"] = fds[4:]
            reply = {"init": zygote_spawn(run, sock)}
        except (OSError, ValueError, RunnerError) as e:
            reply = {"error": f"{type(e).__name__}: {e}"}
        for fd in fds:
            os.close(fd)
        sock.send(json.dumps(reply).encode("ascii"))


def zygote_spawn(run, sock):
    """Forks a middle process that unshares a PID namespace and forks the run's init into it, then exits: the
    init is adopted by the container's PID 1, the runner, which stops and reaps it as any run's init."""
    r, w = os.pipe()
    middle = os.fork()
    if middle == 0:
        code = 1
        try:
            os.close(r)
            check(libc.unshare(CLONE_NEWPID), "unshare")
            init = os.fork()
            if init == 0:
                sock.detach()  # closed with the zygote's other fds (start_init), never later by the collector
                start_init(run)  # never returns (a warm program raises BecomeProgram out of it)
            write_all(w, str(init).encode("ascii"))
            code = 0
        except BecomeProgram:
            raise
        except BaseException:  # noqa: BLE001 - forked: never return into the zygote's loop
            pass
        os._exit(code)
    os.close(w)
    data = os.read(r, 64)  # one write of a few bytes (atomic), or EOF: the middle failed
    os.close(r)
    os.waitpid(middle, 0)  # retried on EINTR by Python itself (PEP 475)
    if not data:
        raise RunnerError("the run's init could not be forked")
    return int(data)


def start_init(run):
    """A run's init just after its fork (from the runner, or from the zygote's middle process): nothing of its
    parent's reaches the run, then init_main."""
    code = 1
    try:
        # Its own session and process group: a program's kill(0, …) reaches nothing outside its run (not the
        # next run, prepared beside it under the same uid).
        os.setsid()
        libc.prctl(15, b"python3", 0, 0, 0)  # PR_SET_NAME: a fork of the zygote is not called the zygote
        null = os.open("/dev/null", os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)  # never the protocol streams
        # Nothing of the parent's (other runs' pipes and sockets, the wakeup pipe, the zygote's socket) reaches it.
        keep = {0, 1, 2, run["go"], run["out_w"], run["err_w"], run["rep_w"], *run["procs_fds"]}
        for name in os.listdir("/proc/self/fd"):
            if int(name) not in keep:
                try:
                    os.close(int(name))
                except OSError:
                    pass
        reset_signals()
        init_main(run)
    except BecomeProgram:
        raise
    except BaseException as e:  # noqa: BLE001
        try:
            write_all(run["rep_w"], json.dumps({"error": f"{type(e).__name__}: {e}"}).encode("ascii"))
        except BaseException:  # noqa: BLE001
            pass
    os._exit(code)


class Runner:
    def __init__(self, cgroups, zygote=None):
        self.cgroups = cgroups
        self.zygote = zygote  # forks warm runs (None: every run starts a fresh interpreter)
        self.judge_cgroups = sibling_cgroups(cgroups, JUDGE_CGROUP)
        self.program = None
        self.wake_r, self.wake_w = os.pipe()
        # Each run's init is born into a new PID namespace (unshare), then the runner's own is restored (setns).
        self.own_pid_ns = os.open("/proc/self/ns/pid", os.O_RDONLY)
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.ncpu = max(1, len(os.sched_getaffinity(0)))
        self.unhealthy = None  # set when this container should not serve another program
        self.teardowns = []  # (init pid, cgroup) of finished runs still to be stopped
        self.prepared = None  # the program's next run, ready and waiting for its test
        self.prepared_judge = None  # an interactive program's interactor's next run

    # ---- messages

    def setup(self, msg):
        if self.program is not None:
            raise RunnerError("setup received before the previous program's end")
        limits = parse_limits(msg.get("limits"), "limits")
        run = command_list(msg.get("run"), "setup.run")
        remove_tree(PROG_DIR)
        remove_tree(JUDGE_DIR)
        os.makedirs(PROG_DIR, mode=0o755)
        files = msg.get("files") or {}
        if not isinstance(files, dict):
            raise RunnerError("setup.files must be an object")
        for name, text in files.items():
            write_file(PROG_DIR, relative_path(name, "setup.files"), unb64(text, name), 0o644)
        for name in msg.get("executables") or []:
            relative_path(name, "setup.executables")
            if name not in files:
                raise RunnerError(f"setup.executables: {name!r} is not in files")
            os.chmod(os.path.join(PROG_DIR, name), 0o755)
        msg.pop("files", None)
        # Never warm beside an interactor: a fork of this interpreter may hold the interactor's files and the test data
        # it was sent (freed, not cleared), and a program can read its own memory.
        warm = bool(msg.get("warm")) and msg.get("interactor") is None
        if warm and not (len(run) == 2 and run[0] == "python3" and run[1].endswith(".py")):
            raise RunnerError("setup.warm needs run = ['python3', '<script>.py']")
        judge = None
        if msg.get("interactor") is not None:
            judge = self.setup_interactor(msg["interactor"])
        self.program = {"run": run, "limits": limits, "feedback": bool(msg.get("feedback")),
                        "inodes": int(msg.get("inodes") or 8192), "warm": warm, "judge": judge}

        report, artifact = None, None
        comp = msg.get("compile")
        if comp is not None:
            command = command_list(comp.get("command"), "compile.command")
            art = comp.get("artifact")
            if art is not None:
                relative_path(art, "compile.artifact")
            compile_limits = dict(limits)
            for key in ("cpuMs", "wallMs"):
                if isinstance(comp.get(key), int) and comp[key] > 0:
                    compile_limits[key] = comp[key]
            stdin_fd = os.open("/dev/null", os.O_RDONLY)
            # A syntax check (`python3 -c check file`) of a warm program runs in the started interpreter too.
            warm_check = warm and len(command) >= 3 and command[:2] == ["python3", "-c"] and art is None
            # The first test's run is prepared while the check runs (on the other core).
            report, collected = self.execute(self.prepare(command, compile_limits, art, False, warm_check), stdin_fd, (),
                                             while_running=self.prepare_next)
            if art is not None and collected.get("artifact") is not None and \
                    report["exitCode"] == 0 and not report["oomKilled"] and report["stopped"] is None:
                data = base64.b64decode(collected["artifact"])
                write_file(PROG_DIR, art, data, 0o755)
                artifact = collected["artifact"]
            elif art is not None:
                report["artifactError"] = collected.get("artifactError") or "not built"
        send({"type": "ready", "compile": report, "artifact": artifact})
        self.finish_teardown()
        self.prepare_next()

    def setup_interactor(self, msg):
        """An interactive problem's interactor: its files go where only its own uid can read them."""
        if not isinstance(msg, dict):
            raise RunnerError("setup.interactor must be an object")
        run = command_list(msg.get("run"), "setup.interactor.run")
        limits = parse_limits(msg.get("limits"), "setup.interactor.limits")
        files = msg.get("files") or {}
        if not isinstance(files, dict):
            raise RunnerError("setup.interactor.files must be an object")
        make_judge_dir(JUDGE_DIR)
        make_judge_dir(JUDGE_PROG_DIR)
        executables = msg.get("executables") or []
        for name in executables:
            relative_path(name, "setup.interactor.executables")
            if name not in files:
                raise RunnerError(f"setup.interactor.executables: {name!r} is not in files")
        for name, text in files.items():
            write_judge_file(JUDGE_PROG_DIR, relative_path(name, "setup.interactor.files"), unb64(text, name),
                             0o750 if name in executables else 0o640)
        msg.pop("files", None)
        return {"run": run, "limits": limits}

    def test(self, msg):
        if self.program is None:
            raise RunnerError("test received before setup")
        last = bool(msg.get("last"))  # no test follows: no run to prepare during this one
        if self.program["judge"] is not None:
            return self.interact(msg, last)
        name, args, files = parse_test(msg)
        remove_tree(TEST_DIR)
        if files:
            os.mkdir(TEST_DIR, 0o755)
            os.chmod(TEST_DIR, 0o755)
            for fname, text in files.items():
                write_file(TEST_DIR, relative_path(fname, "test.files"), unb64(text, fname), 0o644)
        # stdin: a root-owned 0600 file, unlinked once open: only fd 0 reaches it. Its pages are the
        # judge's share (charged to the container, not to the run).
        try:
            os.unlink(STDIN_PATH)
        except FileNotFoundError:
            pass
        write_file(BOX, os.path.basename(STDIN_PATH), unb64(msg.get("stdin"), "test.stdin"), 0o600)
        stdin_fd = os.open(STDIN_PATH, os.O_RDONLY)
        os.unlink(STDIN_PATH)
        msg.clear()
        files = None
        # No `finally` here: in warm mode the run's program process unwinds through this frame (BecomeProgram)
        # and must not touch the runner's files on its way.
        try:
            report, _ = self.execute(self.take_prepared(warm=self.program["warm"] and not args), stdin_fd, args,
                                     while_running=None if last else self.prepare_next)
        except BecomeProgram:
            raise
        except BaseException:
            remove_tree(TEST_DIR)
            raise
        remove_tree(TEST_DIR)
        self.reply(name, report)

    def interact(self, msg, last):
        """One test of an interactive problem: the solution and the interactor run at once, joined by two pipes.
        The test's files are the interactor's (readable by its uid only); its args are the interactor's."""
        name, args, files = parse_test(msg)
        remove_tree(JUDGE_TEST_DIR)
        make_judge_dir(JUDGE_TEST_DIR)
        for fname, text in files.items():
            write_judge_file(JUDGE_TEST_DIR, relative_path(fname, "test.files"), unb64(text, fname), 0o640)
        msg.clear()
        files = None
        # No `finally` here either (BecomeProgram, as in test).
        try:
            solution = self.take_prepared(warm=self.program["warm"])
            judge = self.take_prepared_judge()
            report = self.execute_pair(solution, judge, args, while_running=None if last else self.prepare_next)
        except BecomeProgram:
            raise
        except BaseException:
            remove_tree(JUDGE_TEST_DIR)
            raise
        remove_tree(JUDGE_TEST_DIR)
        self.reply(name, report)

    def reply(self, name, report):
        out = {"type": "result", "name": name}
        out.update(report)
        send(out)
        self.finish_teardown()

    def end(self):
        """The program is done: nothing of it stays for the next one."""
        self.finish_teardown()
        remove_tree(PROG_DIR)
        remove_tree(TEST_DIR)
        remove_tree(JUDGE_DIR)
        self.program = None
        send({"type": "idle", "healthy": self.unhealthy is None, "reason": self.unhealthy})
        # After the reply: the unused prepared run never ran any of the program's code, so the next program
        # cannot meet anything of it; should it fail to go, the next program's results say recycle.
        for attr in ("prepared", "prepared_judge"):
            prepared = getattr(self, attr)
            if prepared is not None:
                setattr(self, attr, None)
                self.discard(prepared)

    # ---- one run

    def prepare_next(self):
        """While a run runs, the program's next one is made ready (off the next test's critical path: its forks and
        namespaces take a few ms, mostly on the other core)."""
        if self.program is not None and self.prepared is None:
            self.prepared = self.prepare(self.program["run"], self.program["limits"], None, self.program["feedback"],
                                         self.program["warm"], settle=False)
        if self.program is not None and self.program["judge"] is not None and self.prepared_judge is None:
            judge = self.program["judge"]
            self.prepared_judge = self.prepare(judge["run"], judge["limits"], None, True, False, judge=True)

    def take_prepared(self, warm):
        """The prepared run for the next test, or a new one if none fits."""
        prepared, self.prepared = self.prepared, None
        if prepared is not None:
            prepared = self.settle(prepared)
        if prepared is not None and prepared["warm"] != warm:
            self.discard(prepared)
            prepared = None
        if prepared is None:
            prepared = self.prepare(self.program["run"], self.program["limits"], None, self.program["feedback"], warm)
        return prepared

    def take_prepared_judge(self):
        prepared, self.prepared_judge = self.prepared_judge, None
        if prepared is None:
            judge = self.program["judge"]
            prepared = self.prepare(judge["run"], judge["limits"], None, True, False, judge=True)
        return prepared

    def prepare(self, argv, limits, artifact, feedback, warm, judge=False, settle=True):
        """Everything of a run up to the program's first instruction: its cgroup, namespaces, mounts, and its
        process confined and waiting for the test. Costs nothing of the run's time limit. An interactor's run
        (judge) has its own cgroup and uid; every other run has the interactor's folder hidden. A warm run's init
        is forked by the zygote, never by the runner (whose heap holds what it was sent); without a zygote the
        run starts a fresh interpreter, and "warm" only says which test it was prepared for. settle=False: the
        zygote's answer is read later (settle), so a run in progress is not kept waiting for it."""
        self.finish_teardown()
        zygote = self.zygote if warm else None
        cg = (self.judge_cgroups if judge else self.cgroups).create(limits["memoryKb"] * 1024, limits["pids"])
        procs_fds = [os.open(p, os.O_WRONLY) for p in cg.procs_files()]
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        rep_r, rep_w = os.pipe()
        go_parent, go_child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            fcntl.fcntl(out_r, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
        except OSError:
            pass
        run = {"argv": list(argv), "limits": limits, "go": go_child.detach(), "out_w": out_w, "err_w": err_w,
               "rep_w": rep_w, "procs_fds": procs_fds,
               "feedback": feedback, "artifact": artifact, "inodes": self.program["inodes"] if self.program else 8192,
               "exec_tmp": artifact is not None,
               "warm": zygote is not None,
               "uid": JUDGE_UID if judge else SANDBOX_UID,
               "hide": [] if judge or not os.path.isdir(JUDGE_DIR) else [JUDGE_DIR]}
        child_fds = (run["go"], out_w, err_w, rep_w, *procs_fds)
        init = None
        if zygote is not None:
            try:
                zygote.request({k: v for k, v in run.items() if k not in RUN_FDS}, list(child_fds))
            except OSError:
                zygote = None  # settle gives it up and prepares the run again without it
        else:
            # The init's fork is the only one in a new PID namespace: unshare sets it for the runner's next child
            # only, and setns gives the runner its own back at once (a second unshare would fail otherwise).
            check(libc.unshare(CLONE_NEWPID), "unshare")
            try:
                init = os.fork()
            except BaseException:
                check(libc.setns(self.own_pid_ns, CLONE_NEWPID), "setns")
                raise
            if init == 0:
                go_parent.detach()  # closed with every other fd of the runner's (start_init), never by the collector
                start_init(run)  # never returns
            check(libc.setns(self.own_pid_ns, CLONE_NEWPID), "setns")
        for fd in child_fds:
            os.close(fd)
        for fd in (out_r, err_r, rep_r):
            os.set_blocking(fd, False)
        prepared = {"init": init, "go": go_parent, "out_r": out_r, "err_r": err_r, "rep_r": rep_r,
                    "limits": limits, "warm": warm, "cg": cg, "zygote": zygote if warm else False,
                    "again": (argv, limits, artifact, feedback, warm, judge)}
        return self.settle(prepared) if settle else prepared

    def settle(self, prepared, again=True):
        """A run the zygote was asked for: its init's pid, once the zygote answers. A zygote that fails or does not
        answer in time is given up (this container is recycled after the program) and the run is prepared again
        with a fresh interpreter (again=False: dropped, None). An init the zygote still forks after that finds
        every other end of its pipes closed and its cgroup gone: it ends without running anything."""
        zygote = prepared["zygote"]
        if prepared["init"] is not None or zygote is False:
            return prepared
        pid = zygote.answer() if zygote is not None and zygote is self.zygote else None
        if pid is not None:
            prepared["init"] = pid
            return prepared
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None
            self.unhealthy = "the zygote stopped answering"
        self.drop(prepared)
        return self.prepare(*prepared["again"]) if again else None

    def discard(self, prepared):
        """A prepared run that no test needs: its program gets no test and exits, its namespace goes."""
        prepared = self.settle(prepared, again=False)
        if prepared is not None:
            self.drop(prepared)

    def drop(self, prepared):
        """Closes a prepared run's ends, stops what there is of it and removes its cgroup (init None: the zygote never
        answered for it, only what reached its cgroup is there to stop)."""
        prepared["go"].close()
        self.stop_run(prepared["init"], prepared["cg"])
        for fd in (prepared["out_r"], prepared["err_r"], prepared["rep_r"]):
            os.close(fd)
        self.remove_cgroup(prepared["cg"])

    def execute(self, prepared, stdin_fd, args, while_running=None):
        """Starts a prepared run on its test and waits for it (takes ownership of stdin_fd); while_running is
        called once it has started. Returns (facts, collected)."""
        run = Active(self, prepared)
        self.drain_wakeups()
        try:
            run.begin([stdin_fd], args)
        finally:
            os.close(stdin_fd)
        # Outside any try/finally: the next run's program process is forked in here and, in warm mode, unwinds
        # through this frame (BecomeProgram).
        if while_running is not None:
            while_running()
        sel = selectors.DefaultSelector()
        sel.register(self.wake_r, selectors.EVENT_READ, "wake")
        try:
            run.register(sel)
            while True:
                now = time.monotonic()
                if run.over_limit(now):
                    break
                for key, _ in sel.select(run.wait_s(now)):
                    if key.data == "wake":
                        self.drain_wakeups()
                    else:
                        key.data[0].on_ready(key.data[1], sel)
                if run.ended():
                    break
            run.finish(sel)
        finally:
            sel.close()
            run.close()
        return run.facts, run.inner

    def execute_pair(self, solution_prepared, judge_prepared, args, while_running=None):
        """Runs a solution and its interactor at once: the solution's stdout is the interactor's stdin and the
        interactor's stdout the solution's stdin. Reports the solution's facts, the interactor's, and which ended
        first. As problemtools' interactive.cc, the runner holds its own copy of every pipe end: a program sees EOF
        only once the other's run has ended (so which ended first is well defined), the interactor never gets
        SIGPIPE from a solution that left, and whatever one writes after the other ended is read and dropped here
        (so nobody blocks on a full pipe). An interactor that ends first with anything but 42 decides the test (WA
        or a judge error): the solution is stopped then ("interactorEnded")."""
        to_judge_r, to_judge_w = os.pipe()
        to_solution_r, to_solution_w = os.pipe()
        for fd in (to_judge_r, to_solution_r):
            try:
                fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
            except OSError:
                pass
        held = {"to_judge_r": to_judge_r, "to_judge_w": to_judge_w,
                "to_solution_r": to_solution_r, "to_solution_w": to_solution_w}
        solution, judge = Active(self, solution_prepared), Active(self, judge_prepared)
        sel = selectors.DefaultSelector()
        sel.register(self.wake_r, selectors.EVENT_READ, "wake")
        order = []

        def close(key):
            fd = held.pop(key, None)
            if fd is not None:
                try:
                    sel.unregister(fd)
                except (KeyError, ValueError):
                    pass
                os.close(fd)

        def drop(key):
            if key in held:
                os.set_blocking(held[key], False)
                sel.register(held[key], selectors.EVENT_READ, ("drop", key))

        def cleanup():
            sel.close()
            for key in list(held):
                os.close(held.pop(key))
            solution.close()
            judge.close()

        try:
            self.drain_wakeups()
            solution.begin([to_solution_r, to_judge_w], [])
            judge.begin([to_judge_r, to_solution_w], args)
        except BaseException:
            cleanup()
            raise
        # Outside any try/finally: the next run's program process is forked in here and, in warm mode, unwinds
        # through this frame (BecomeProgram), which must not close or stop anything of this pair on its way.
        if while_running is not None:
            while_running()
        try:
            solution.register(sel)
            judge.register(sel)
            while not (solution.finished and judge.finished):
                now = time.monotonic()
                live = [r for r in (solution, judge) if not r.finished]
                ended = [r for r in live if r.over_limit(now)]
                if not ended:
                    for key, _ in sel.select(min(r.wait_s(now) for r in live)):
                        if key.data == "wake":
                            self.drain_wakeups()
                        elif key.data[0] == "drop":
                            try:
                                # Bounded, as Active.take: a flood after the other side ended must not stall the loop.
                                if not all(os.read(key.fd, READ_CHUNK) for _ in range(READS_PER_WAKE)):
                                    close(key.data[1])  # EOF: every writer is gone
                            except BlockingIOError:
                                pass
                        else:
                            key.data[0].on_ready(key.data[1], sel)
                    ended = [r for r in live if r.ended()]
                for run in ended:
                    if run.finished:
                        continue
                    run.finish(sel)
                    order.append(run)
                    if run is solution:
                        close("to_judge_w")  # the interactor reads EOF only now
                        if judge.finished:
                            close("to_solution_r")
                        else:
                            drop("to_solution_r")
                    else:
                        close("to_solution_w")
                        if solution.finished:
                            close("to_judge_r")
                        elif judge.exited_with(42):
                            drop("to_judge_r")  # accepted so far: the solution's own ending still counts
                        else:
                            close("to_judge_r")
                            solution.stopped = "interactorEnded"
                            ended.append(solution)
            facts = dict(solution.facts)
            facts["interactor"] = judge.facts
            facts["interactorFirst"] = order[0] is judge
            return facts
        finally:
            cleanup()

    def finish_teardown(self):
        """Stops what is left of the finished runs (their init) and removes their cgroups, once the reply is out."""
        while self.teardowns:
            init, cg = self.teardowns.pop()
            try:
                self.stop_run(init, cg)
            finally:
                self.remove_cgroup(cg)

    def stop_run(self, init, cg):
        """Kills the run's namespace (its init first: the kernel then kills the rest) and reaps the init."""
        deadline = time.monotonic() + STOP_GRACE_S
        reaped = init is None  # no init known (a zygote that never answered): only the cgroup's processes
        while True:
            if not reaped:
                try:
                    os.kill(init, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for p in cg.pids():
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if not reaped:
                try:
                    reaped = os.waitpid(init, os.WNOHANG)[0] == init
                except ChildProcessError:
                    reaped = True  # reaped already (reap_all)
            if reaped and not cg.pids():
                break
            if time.monotonic() > deadline:
                self.unhealthy = "a run's processes could not be stopped"
                break
            time.sleep(0.001)
        self.reap_all()

    def remove_cgroup(self, cg):
        try:
            cg.remove()
        except (OSError, RunnerError) as e:
            # Not the program's verdict's business: the server recycles this container after the program.
            self.unhealthy = f"could not remove the run's cgroup: {e}"

    def reap_all(self):
        while True:
            try:
                wpid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if wpid == 0:
                return

    def drain_wakeups(self):
        try:
            while os.read(self.wake_r, 4096):
                pass
        except BlockingIOError:
            pass


def select_one(fd, timeout):
    return select.select([fd], [], [], max(0.0, timeout))


def become_program(args):
    """Runs a Python script in this interpreter as `python3 script` (or `python3 -c code`) would (the run's forked program process,
    already confined: own namespaces and cgroup, its uid, rlimits, seccomp). What `python3` sets up at start is set
    up again here: argv, path, environment, a fresh __main__, standard streams and signal handlers as CPython makes
    them (UTF-8, surrogateescape, newline "\\n", stderr line-buffered), then the same exit: threads joined, atexit
    handlers, streams flushed (120 if that fails), SystemExit's code, an uncaught exception's traceback and 1."""
    os.environ.clear()
    os.environ.update(PROGRAM_ENV)
    inline = args[0] == "-c"
    script = "<string>" if inline else args[0]
    sys.argv = ["-c", *args[2:]] if inline else list(args)
    sys.orig_argv = ["python3", *args]
    sys.path.insert(0, "" if inline else os.path.dirname(script))
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    def stream(fd, mode, errors, line_buffering):
        buffered = io.open(fd, mode + "b", closefd=False)
        buffered.raw.name = {0: "<stdin>", 1: "<stdout>", 2: "<stderr>"}[fd]
        text = io.TextIOWrapper(buffered, encoding="utf-8", errors=errors, newline="\n", line_buffering=line_buffering)
        text.mode = mode
        return text
    sys.stdin = sys.__stdin__ = stream(0, "r", "surrogateescape", False)
    sys.stdout = sys.__stdout__ = stream(1, "w", "surrogateescape", False)
    sys.stderr = sys.__stderr__ = stream(2, "w", "backslashreplace", True)
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    main.__annotations__ = {}
    if inline:
        main.__loader__ = BuiltinImporter
    else:
        main.__file__ = script
        main.__cached__ = None
        main.__loader__ = SourceFileLoader("__main__", script)
    sys.modules["__main__"] = main
    status = 0
    try:
        if inline:
            source = args[1]
        else:
            with open(script, "rb") as f:
                source = f.read()
        code = compile(source, script, "exec", dont_inherit=True)
        exec(code, main.__dict__)
    except SystemExit as e:
        status = exit_status(e.code)
    except BaseException as e:  # noqa: BLE001 - the program's own uncaught exception
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
            tb = tb.tb_next  # the runner's own frames are not the program's
        try:
            sys.excepthook(type(e), e.with_traceback(tb), tb)
        except BaseException:  # noqa: BLE001
            pass
        status = 130 if isinstance(e, KeyboardInterrupt) else 1
    try:
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as e:
        status = exit_status(e.code)
    except BaseException:  # noqa: BLE001
        pass
    for out in (sys.stdout, sys.stderr):
        try:
            if out is not None and not out.closed:
                out.flush()
        except BaseException:  # noqa: BLE001 - Python reports it and exits 120
            status = 120
    if status == 130:
        # An uncaught KeyboardInterrupt ends python3 by SIGINT, as the shell expects.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(status)


def exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):  # bool included, as CPython does
        return int(code) & 0xFF
    try:
        sys.stderr.write(f"{code}\n")
    except BaseException:  # noqa: BLE001
        pass
    return 1


def main():
    args = None
    try:
        serve()
    except BecomeProgram as become:
        args = become.args  # leave the except block: the program's exceptions must not chain to this one
    if args is not None:
        become_program(args)


def serve():
    os.umask(0o022)
    # PID 1 has no default signal actions: make SIGTERM/SIGINT end the container.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(143))
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    stdin = sys.stdin.buffer
    try:
        if os.getpid() != 1:
            raise RunnerError("runner.py must be the container's PID 1 (no --init)")
        try:
            cgroups = detect_cgroups()
        except OSError as e:
            raise RunnerError(f"cannot prepare the run cgroups ({e}): the container needs CAP_SYS_ADMIN "
                              "and no AppArmor/SELinux rule that forbids mount") from None
        # Before any protocol line is read: the zygote's heap must never hold what the runner is sent.
        runner = Runner(cgroups, Zygote())
        send({"type": "hello", "cgroup": cgroups.version, "uid": SANDBOX_UID})
        while True:
            line = stdin.readline()
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            try:
                msg = json.loads(line)
            except ValueError as e:
                raise RunnerError(f"malformed message: {e}") from None
            line = None
            if not isinstance(msg, dict):
                raise RunnerError("a message must be a JSON object")
            kind = msg.get("type")
            if kind == "setup":
                runner.setup(msg)
            elif kind == "test":
                runner.test(msg)
            elif kind == "end":
                runner.end()
            elif kind == "exit":
                break
            else:
                raise RunnerError(f"unknown message type {kind!r}")
            msg = None
    except BecomeProgram:
        raise
    except BaseException as e:  # noqa: BLE001 - report anything, then stop
        message = str(e) if isinstance(e, RunnerError) else f"{type(e).__name__}: {e}"
        try:
            send({"type": "error", "message": message})
        except OSError:
            pass
        os._exit(1)
    os._exit(0)


if __name__ == "__main__":
    main()
