"""Apug sandbox runner: PID 1 of every sandbox container.

Implements sandbox-images/PROTOCOL.md. Python 3 standard library only, single-threaded.
Runs as root with only CAP_SETUID, CAP_SETGID and CAP_KILL: it owns /box, runs every
program as uid/gid 10001 in a new session, and after every run kills every other process
in the container, empties /tmp (as uid 10001, who owns what is there) and deletes /box/test.

Only protocol lines are ever written to this process's stdout.

The images set MALLOC_MMAP_THRESHOLD_=131072 for this process (programs get a fixed
environment): freed big buffers then go back to the kernel, so the runner's RSS stays small
after big inputs and outputs. That matters because a forked child's ru_maxrss starts from
the RSS of the process it was forked from.
"""

import base64
import errno
import fcntl
import json
import math
import os
import resource
import selectors
import signal
import stat
import sys
import time

SANDBOX_UID = 10001
SANDBOX_GID = 10001
BOX = "/box"
PROG_DIR = "/box/prog"
TEST_DIR = "/box/test"
STDIN_PATH = "/box/.stdin"
TMP = "/tmp"
FEEDBACK_DIR = "/tmp/feedback"
WIPE_DIRS = ("/tmp", "/dev/shm")  # everything the sandbox user can write to
FEEDBACK_FILE_MAX = 64 * 1024
FEEDBACK_MAX_FILES = 64
PROGRAM_ENV = {
    "HOME": "/tmp",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "PYTHONDONTWRITEBYTECODE": "1",
}
OOM_COUNTERS = (
    "/sys/fs/cgroup/memory/memory.oom_control",  # cgroup v1
    "/sys/fs/cgroup/memory.events",  # cgroup v2
)
DEFAULT_LIMITS = {"cpuMs": 2000, "wallMs": 6000, "memoryKb": 262144, "outputKb": 8192, "stderrKb": 64}
NOFILE = 256
PIPE_SIZE = 1 << 20
READ_CHUNK = 1 << 20
HELPER_TIMEOUT_S = 30.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


class RunnerError(Exception):
    pass


# ---------------------------------------------------------------- protocol I/O

def send(obj):
    data = (json.dumps(obj, separators=(",", ":"), ensure_ascii=True) + "\n").encode("ascii")
    view = memoryview(data)
    while view:
        n = os.write(1, view)
        view = view[n:]


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
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    return path


def remove_tree(path):
    """Deletes a root-owned tree (/box/test)."""
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


# ---------------------------------------------------------------- processes

def oom_kill_count():
    for path in OOM_COUNTERS:
        try:
            with open(path, "rb") as f:
                for line in f.read().decode("ascii", "replace").splitlines():
                    parts = line.split()
                    if len(parts) == 2 and parts[0] == "oom_kill":
                        return int(parts[1])
        except (OSError, ValueError):
            continue
    return None


def proc_cpu_ms(pid):
    """CPU time of a running process (and its waited-for children), from /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        fields = data[data.rindex(b")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        return ticks * 1000 // CLK_TCK
    except (OSError, ValueError, IndexError):
        return None


def kill_all():
    """Kills every other process in the container and reaps them all. Needs no fork."""
    for _ in range(100):
        try:
            os.kill(-1, signal.SIGKILL)  # from PID 1: everything except ourselves
        except ProcessLookupError:
            pass
        reaped = False
        while True:
            try:
                os.waitpid(-1, 0)
                reaped = True
            except ChildProcessError:
                break
        if not reaped:
            try:
                os.kill(-1, 0)
            except ProcessLookupError:
                return
    raise RunnerError("could not kill all processes in the container")


def drop_privileges():
    os.setgroups([])
    os.setgid(SANDBOX_GID)
    os.setuid(SANDBOX_UID)
    if os.getuid() != SANDBOX_UID or os.geteuid() != SANDBOX_UID:
        raise OSError("setuid did not take effect")


def reset_signals():
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def fork_retrying():
    """fork(); when the pids limit is exhausted, kill everything and try again."""
    for attempt in range(6):
        try:
            return os.fork()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ENOMEM) or attempt == 5:
                raise RunnerError(f"fork failed: {e}") from None
            kill_all()
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError


def exec_program(argv, stdin_fd, out_w, err_w, limits):
    """In the forked child: become the sandboxed program. Never returns."""
    try:
        os.setsid()
        os.dup2(stdin_fd, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        reset_signals()
        try:
            with open("/proc/self/oom_score_adj", "w") as f:
                f.write("1000")  # the OOM killer takes the program, not the runner
        except OSError:
            pass
        cpu_s = math.ceil(limits["cpuMs"] / 1000) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        stack = limits["memoryKb"] * 1024
        hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
        if hard != resource.RLIM_INFINITY:
            stack = min(stack, hard)
        resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))
        resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))
        drop_privileges()
        os.umask(0o022)
        os.chdir(TMP)
        try:
            os.mkdir(FEEDBACK_DIR, 0o777)
            os.chmod(FEEDBACK_DIR, 0o777)
        except OSError:
            pass
        os.closerange(3, 1 << 20)
        os.execvpe(argv[0], argv, PROGRAM_ENV)
    except BaseException as e:  # noqa: BLE001 - we are a forked child: never return
        try:
            os.write(2, f"runner: cannot execute {argv[0]!r}: {e}\n".encode("utf-8", "replace"))
        finally:
            os._exit(127)
    os._exit(127)


def wipe_below(top):
    """Deletes everything below `top` (not top itself) as the sandbox user.

    Iterative, with one directory fd open at a time (climbing back through ".."; nothing
    else runs any more): deep or hostile trees (mode 000 dirs, long paths) are fine.
    """
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        fd = os.open(top, flags)
    except OSError:
        return
    names = []  # the path from top to fd
    stuck = set()  # inodes of directories that could not be emptied: do not loop on them
    while True:
        descended = False
        with os.scandir(fd) as it:
            for entry in it:
                name = entry.name
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_dir = False
                if not is_dir:
                    try:
                        os.unlink(name, dir_fd=fd)
                    except OSError:
                        pass
                    continue
                if entry.inode() in stuck:
                    continue
                try:
                    os.chmod(name, 0o700, dir_fd=fd)
                except OSError:
                    pass
                try:
                    child = os.open(name, flags, dir_fd=fd)
                except OSError:
                    stuck.add(entry.inode())
                    continue
                os.close(fd)
                fd = child
                names.append((name, entry.inode()))
                descended = True
                break
        if descended:
            continue
        if not names:
            os.close(fd)
            return
        parent = os.open("..", flags, dir_fd=fd)
        os.close(fd)
        fd = parent
        name, inode = names.pop()
        try:
            os.rmdir(name, dir_fd=fd)
        except OSError:
            stuck.add(inode)


def helper_main(w, artifact):
    """In a forked child, as the sandbox user: read back feedback files and the compile
    artifact (the program may have made them unreadable to a root without
    CAP_DAC_OVERRIDE), send them as one JSON document, then empty /tmp and /dev/shm."""
    drop_privileges()
    out = {"feedback": {}, "artifact": None, "artifactError": None}
    try:
        entries = sorted(os.scandir(FEEDBACK_DIR), key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if len(out["feedback"]) >= FEEDBACK_MAX_FILES:
            break
        if not entry.is_file(follow_symlinks=False):
            continue
        try:
            try:
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except PermissionError:
                os.chmod(entry.path, 0o600)
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as f:
                out["feedback"][entry.name] = b64(f.read(FEEDBACK_FILE_MAX))
        except OSError:
            pass
    if artifact is not None:
        path = os.path.join(TMP, artifact)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    raise OSError(f"{path} is not a regular file")
                out["artifact"] = b64(f.read())
        except OSError as e:
            out["artifactError"] = str(e)
    data = json.dumps(out).encode("ascii")
    view = memoryview(data)
    while view:
        view = view[os.write(w, view):]
    os.close(w)
    for d in WIPE_DIRS:
        wipe_below(d)


# ---------------------------------------------------------------- the runner

class Runner:
    def __init__(self):
        self.setup_done = False
        self.run_argv = None
        self.limits = dict(DEFAULT_LIMITS)
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.ncpu = max(1, len(os.sched_getaffinity(0)))

    # ---- messages

    def setup(self, msg):
        if self.setup_done:
            raise RunnerError("setup received twice")
        limits = msg.get("limits") or {}
        for key, default in DEFAULT_LIMITS.items():
            value = limits.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise RunnerError(f"limits.{key} must be a positive integer")
            self.limits[key] = value
        run = msg.get("run")
        if not isinstance(run, list) or not run or not all(isinstance(a, str) for a in run):
            raise RunnerError("setup.run must be a non-empty list of strings")
        self.run_argv = run
        try:
            os.makedirs(PROG_DIR, mode=0o755, exist_ok=True)
        except OSError as e:
            raise RunnerError(f"cannot create {PROG_DIR} ({e}): /box must be a writable "
                              "tmpfs owned by root") from None
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
        files = None
        msg.pop("files", None)

        report, artifact = None, None
        comp = msg.get("compile")
        if comp is not None:
            command = comp.get("command")
            if not isinstance(command, list) or not command or \
                    not all(isinstance(a, str) for a in command):
                raise RunnerError("compile.command must be a non-empty list of strings")
            art = comp.get("artifact")
            if art is not None:
                relative_path(art, "compile.artifact")
            stdin_fd = os.open("/dev/null", os.O_RDONLY)
            report, collected = self.run(command, stdin_fd, art)
            if art is not None and report["status"] == "ok":
                if collected.get("artifact") is not None:
                    data = base64.b64decode(collected["artifact"])
                    write_file(PROG_DIR, art, data, 0o755)
                    artifact = collected["artifact"]
                else:
                    report["detail"] = (f"compiled, but the artifact /tmp/{art} could not be read: "
                                        f"{collected.get('artifactError')}")
        self.setup_done = True
        send({"type": "ready", "compile": report, "artifact": artifact})

    def test(self, msg):
        if not self.setup_done:
            raise RunnerError("test received before setup")
        name = msg.get("name")
        args = msg.get("args") or []
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            raise RunnerError("test.args must be a list of strings")
        files = msg.get("files") or {}
        if not isinstance(files, dict):
            raise RunnerError("test.files must be an object")
        remove_tree(TEST_DIR)
        if files:
            os.mkdir(TEST_DIR, 0o755)
            os.chmod(TEST_DIR, 0o755)
            for fname, text in files.items():
                write_file(TEST_DIR, relative_path(fname, "test.files"), unb64(text, fname), 0o644)
        # stdin: a root-owned 0600 file, unlinked once open: only fd 0 reaches it.
        try:
            os.unlink(STDIN_PATH)
        except FileNotFoundError:
            pass
        write_file(BOX, os.path.basename(STDIN_PATH), unb64(msg.get("stdin"), "test.stdin"), 0o600)
        stdin_fd = os.open(STDIN_PATH, os.O_RDONLY)
        os.unlink(STDIN_PATH)
        msg.clear()
        files = None
        report, _ = self.run(self.run_argv + args, stdin_fd, None)
        out = {"type": "result", "name": name}
        out.update(report)
        send(out)

    def shutdown(self):
        kill_all()  # /tmp and /box go with the container

    # ---- one run

    def run(self, argv, stdin_fd, artifact):
        """Runs one program (takes ownership of stdin_fd); returns (report, collected)."""
        limits = self.limits
        out_cap = limits["outputKb"] * 1024
        err_cap = limits["stderrKb"] * 1024
        cpu_limit = limits["cpuMs"]
        oom_before = oom_kill_count()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            fcntl.fcntl(out_r, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
        except OSError:
            pass
        self.drain_wakeups()
        pid = fork_retrying()
        if pid == 0:
            exec_program(argv, stdin_fd, out_w, err_w, limits)
        start = time.monotonic()
        os.close(stdin_fd)
        os.close(out_w)
        os.close(err_w)
        for fd in (out_r, err_r):
            os.set_blocking(fd, False)

        stdout, stderr = bytearray(), bytearray()
        state = {"truncated": False}

        def take(fd, buf, is_out):
            """Reads what is available; False at EOF."""
            while True:
                try:
                    chunk = os.read(fd, READ_CHUNK)
                except BlockingIOError:
                    return True
                if not chunk:
                    return False
                if is_out:
                    room = out_cap - len(buf)
                    if len(chunk) > room:
                        buf += chunk[:max(room, 0)]
                        state["truncated"] = True
                    else:
                        buf += chunk
                else:
                    buf += chunk
                    if len(buf) > 2 * err_cap:
                        del buf[:len(buf) - err_cap]

        sel = selectors.DefaultSelector()
        sel.register(out_r, selectors.EVENT_READ, (out_r, stdout, True))
        sel.register(err_r, selectors.EVENT_READ, (err_r, stderr, False))
        sel.register(self.wake_r, selectors.EVENT_READ, None)
        wall_deadline = start + limits["wallMs"] / 1000
        next_cpu_check = start
        killed_for = None
        waited = None
        end = None
        try:
            while True:
                waited = self.reap_nohang(pid)
                if waited is not None:
                    end = time.monotonic()
                    break
                now = time.monotonic()
                if now >= wall_deadline:
                    killed_for = "wall"
                    break
                if now >= next_cpu_check:
                    used = proc_cpu_ms(pid)
                    if used is not None and used > cpu_limit:
                        killed_for = "cpu"
                        break
                    remaining = (cpu_limit - (used or 0)) / 1000 / self.ncpu
                    next_cpu_check = now + min(max(remaining, 0.01), 0.5)
                timeout = max(0.0, min(wall_deadline, next_cpu_check) - now)
                for key, _ in sel.select(timeout):
                    if key.data is None:
                        self.drain_wakeups()
                        continue
                    fd, buf, is_out = key.data
                    if not take(fd, buf, is_out):
                        sel.unregister(fd)
                    if state["truncated"]:
                        killed_for = "output"
                if killed_for:
                    break
            if waited is None:
                end = time.monotonic()
                os.kill(-1, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                waited = (status, usage)
            kill_all()  # daemons, grandchildren: nothing outlives the run
            # No writer is left: drain both pipes to EOF.
            for fd, buf, is_out in ((out_r, stdout, True), (err_r, stderr, False)):
                os.set_blocking(fd, True)
                while take(fd, buf, is_out):
                    pass
        finally:
            sel.close()
            os.close(out_r)
            os.close(err_r)
        oom_after = oom_kill_count()
        collected = self.collect_and_wipe(artifact)
        remove_tree(TEST_DIR)

        status, usage = waited
        cpu_ms = int(round((usage.ru_utime + usage.ru_stime) * 1000))
        wall_ms = int(round((end - start) * 1000))
        memory_kb = int(usage.ru_maxrss)
        if os.WIFSIGNALED(status):
            exit_code, sig = None, os.WTERMSIG(status)
        else:
            exit_code, sig = os.WEXITSTATUS(status), None
        oom = oom_before is not None and oom_after is not None and oom_after > oom_before
        if len(stderr) > err_cap:
            del stderr[:len(stderr) - err_cap]

        if state["truncated"]:
            verdict, detail = "ole", f"output exceeded the {limits['outputKb']} KiB limit"
        elif oom:
            verdict = "mle"
            detail = f"killed by the out-of-memory killer (memory limit {limits['memoryKb']} KiB)"
        elif memory_kb > limits["memoryKb"]:
            verdict = "mle"
            detail = f"peak memory {memory_kb} KiB exceeded the {limits['memoryKb']} KiB limit"
        elif killed_for == "cpu" or cpu_ms > cpu_limit:
            verdict = "tle"
            detail = f"CPU time {max(cpu_ms, cpu_limit + 1)} ms exceeded the {cpu_limit} ms limit"
            cpu_ms = max(cpu_ms, cpu_limit + 1)
        elif killed_for == "wall" or wall_ms > limits["wallMs"]:
            verdict = "tle"
            detail = (f"wall time {wall_ms} ms exceeded the {limits['wallMs']} ms limit "
                      f"(CPU time {cpu_ms} ms)")
        elif sig is not None:
            verdict = "rte"
            detail = f"killed by signal {sig} ({signal_name(sig)})"
        elif exit_code != 0:
            verdict = "rte"
            detail = f"exit code {exit_code}"
        else:
            verdict, detail = "ok", ""
        report = {
            "status": verdict,
            "exitCode": exit_code,
            "signal": sig,
            "cpuMs": cpu_ms,
            "wallMs": wall_ms,
            "memoryKb": memory_kb,
            "stdout": b64(stdout),
            "stdoutTruncated": state["truncated"],
            "stderr": b64(stderr),
            "feedback": collected.get("feedback") or {},
            "detail": detail,
        }
        return report, collected

    def reap_nohang(self, pid):
        """Reaps every exited child (orphans are ours too); returns the main one's result."""
        result = None
        while True:
            try:
                wpid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return result
            if wpid == 0:
                return result
            if wpid == pid:
                result = (status, usage)

    def drain_wakeups(self):
        try:
            while os.read(self.wake_r, 4096):
                pass
        except BlockingIOError:
            pass

    def collect_and_wipe(self, artifact):
        """Forks a helper (as uid 10001) that reads /tmp/feedback/* and the artifact and
        then empties /tmp; checks that /tmp is empty afterwards."""
        r, w = os.pipe()
        pid = fork_retrying()
        if pid == 0:
            code = 1
            try:
                os.close(r)
                reset_signals()
                null = os.open("/dev/null", os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)  # never the runner's stdout
                helper_main(w, artifact)
                code = 0
            except BaseException:  # noqa: BLE001
                pass
            os._exit(code)
        os.close(w)
        chunks = []
        deadline = time.monotonic() + HELPER_TIMEOUT_S
        try:
            with selectors.DefaultSelector() as sel:
                sel.register(r, selectors.EVENT_READ, "report")
                sel.register(self.wake_r, selectors.EVENT_READ, "wake")  # SIGCHLD
                reading = True
                while True:
                    if not reading:
                        wpid, status = os.waitpid(pid, os.WNOHANG)
                        if wpid:
                            break
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise RunnerError("the cleanup helper timed out")
                    for key, _ in sel.select(remaining):
                        if key.data == "wake":
                            self.drain_wakeups()
                            continue
                        chunk = os.read(r, READ_CHUNK)
                        if chunk:
                            chunks.append(chunk)
                        else:
                            sel.unregister(r)
                            reading = False
        finally:
            os.close(r)
            kill_all()
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            raise RunnerError(f"the cleanup helper failed (wait status {status})")
        left = os.listdir(TMP)
        if left:
            raise RunnerError(f"could not empty /tmp: {left[:5]!r} remain")
        try:
            return json.loads(b"".join(chunks))
        except ValueError:
            raise RunnerError("the cleanup helper sent a malformed report") from None


def signal_name(sig):
    try:
        return signal.Signals(sig).name
    except ValueError:
        return "unknown"


def main():
    os.umask(0o022)
    # PID 1 has no default signal actions: make SIGTERM/SIGINT end the container.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(143))
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    stdin = sys.stdin.buffer
    try:
        if os.getpid() != 1:
            raise RunnerError("runner.py must be the container's PID 1 (no --init)")
        runner = Runner()
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
            elif kind == "exit":
                break
            else:
                raise RunnerError(f"unknown message type {kind!r}")
            msg = None
        runner.shutdown()
    except BaseException as e:  # noqa: BLE001 - report anything, then stop
        if isinstance(e, RunnerError):
            message = str(e)
        else:
            message = f"{type(e).__name__}: {e}"
        try:
            send({"type": "error", "message": message})
        except OSError:
            pass
        os._exit(1)
    os._exit(0)


if __name__ == "__main__":
    main()
