#!/usr/bin/env bash
# Manual smoke test of the sandbox images and runner.py (not part of CI).
#   sandbox-images/test-runner.sh [--mount-runner] [--bench] [PYTHON_TAG [VALIDATOR_TAG]]
# Runs containers with the flags the server uses and checks every case of PROTOCOL.md
# by piping JSON lines into `docker run -i`. --mount-runner bind-mounts the working copy
# of python/runner.py over the image's (to try changes without rebuilding). --bench also
# measures latencies. Needs the docker CLI and python3 on the host.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mount=""
bench=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mount-runner) mount="$here/python/runner.py"; shift ;;
    --bench) bench=1; shift ;;
    *) break ;;
  esac
done
export APUG_PY_IMAGE="${1:-apug-sandbox-python:1}"
export APUG_VAL_IMAGE="${2:-apug-sandbox-validator:1}"
export APUG_MOUNT_RUNNER="$mount" APUG_BENCH="$bench"

exec python3 - <<'PYEOF'
import base64, json, os, statistics, subprocess, sys, time

PY = os.environ["APUG_PY_IMAGE"]
VAL = os.environ["APUG_VAL_IMAGE"]
MOUNT = os.environ["APUG_MOUNT_RUNNER"]
MIB = 1024 * 1024


def flags(memory_kb):
    mem = f"{memory_kb // 1024 + 128}m"  # limit + 128 MiB overhead (runner, /tmp tmpfs)
    f = ["--network", "none", "--read-only",
         "--tmpfs", "/tmp:rw,nosuid,nodev,size=64m,mode=1777",
         "--tmpfs", "/box:rw,exec,nosuid,nodev,size=256m,mode=755",
         "--memory", mem, "--memory-swap", mem, "--pids-limit", "64", "--cpus", "1",
         "--cap-drop", "ALL", "--cap-add", "SETUID", "--cap-add", "SETGID", "--cap-add", "KILL",
         "--security-opt", "no-new-privileges", "--log-driver", "none",
         "--label", "apug.sandbox=1", "-i"]
    if MOUNT:
        f += ["-v", f"{MOUNT}:/opt/apug/runner.py:ro"]
    return f


def b(s):
    return base64.b64encode(s if isinstance(s, bytes) else s.encode()).decode()


def d(s):
    return base64.b64decode(s)


LIMITS = {"cpuMs": 2000, "wallMs": 6000, "memoryKb": 262144, "outputKb": 8192, "stderrKb": 64}
SYNTAX = ["python3", "-c",
          "import sys;compile(open(sys.argv[1],'rb').read(),'solution.py','exec')",
          "/box/prog/solution.py"]


def setup(files, run, compile=None, limits=None, executables=None):
    lim = dict(LIMITS)
    lim.update(limits or {})
    m = {"type": "setup", "files": {k: b(v) for k, v in files.items()},
         "compile": compile, "run": run, "limits": lim}
    if executables:
        m["executables"] = executables
    return m


def py_setup(src, **kw):
    return setup({"solution.py": src}, ["python3", "/box/prog/solution.py"],
                 compile={"command": SYNTAX, "artifact": None}, **kw)


def test(name, stdin="", **kw):
    return dict(type="test", name=name, stdin=b(stdin), **kw)


def container(msgs, image=PY, timeout=120):
    memory_kb = msgs[0].get("limits", LIMITS)["memoryKb"]
    data = "".join(json.dumps(m) + "\n" for m in msgs).encode()
    p = subprocess.run(["docker", "run", "--rm"] + flags(memory_kb) + [image],
                       input=data, capture_output=True, timeout=timeout)
    lines = p.stdout.splitlines()
    out = [json.loads(line) for line in lines]
    return out, p.returncode, p.stderr


failures = []


def check(cond, what, obj=None):
    if cond:
        print(f"  ok   {what}")
    else:
        print(f"  FAIL {what}")
        if obj is not None:
            o = dict(obj)
            for k in ("stdout", "stderr"):
                if isinstance(o.get(k), str):
                    o[k] = d(o[k])[-400:]
            print("       ", o)
        failures.append(what)


def summary(r):
    return (f"{r['status']} exit={r['exitCode']} sig={r['signal']} cpu={r['cpuMs']} "
            f"wall={r['wallMs']} mem={r['memoryKb']} detail={r['detail']!r}")


def section(title):
    print(f"== {title}")


# ---------------------------------------------------------------------------
section("hello world, syntax check, exception, exit code")
out, rc, err = container([
    py_setup("import sys\nname = input()\nprint('hello', name)\n"
             "if name == 'boom': raise ValueError('kaput')\n"
             "if name == 'three': sys.exit(3)\n"),
    test("ok", "world\n"), test("boom", "boom\n"), test("three", "three\n"), {"type": "exit"}])
check(rc == 0 and len(out) == 4, f"4 protocol lines, exit 0 (rc={rc})")
ready, ok, boom, three = out
check(ready["type"] == "ready" and ready["compile"]["status"] == "ok", "syntax check passes", ready["compile"])
check(ok["status"] == "ok" and d(ok["stdout"]) == b"hello world\n", "hello world: " + summary(ok), ok)
check(boom["status"] == "rte" and boom["exitCode"] == 1 and b"ValueError: kaput" in d(boom["stderr"])
      and b"Traceback" in d(boom["stderr"]), "exception -> rte with traceback: " + summary(boom), boom)
check(three["status"] == "rte" and three["exitCode"] == 3, "sys.exit(3) -> rte 3: " + summary(three), three)

out, rc, err = container([py_setup("print('hi'\n")])
c = out[0]["compile"]
check(c["status"] == "rte" and b"SyntaxError" in d(c["stderr"]), "syntax error -> compile rte: " + summary(c), c)

# ---------------------------------------------------------------------------
section("time limits")
out, rc, err = container([
    py_setup("import os, signal, sys, time\nw = input()\nif w == 'cpu':\n    while True: pass\n"
             "if w == 'stop': os.kill(os.getpid(), signal.SIGSTOP)\ntime.sleep(100)\n",
             limits={"cpuMs": 1000, "wallMs": 3000}),
    test("cpu", "cpu\n"), test("sleep", "sleep\n"), test("stop", "stop\n")])
cpu, sleep, stop = out[1], out[2], out[3]
check(stop["status"] == "tle" and stop["wallMs"] >= 3000, "SIGSTOP itself -> tle by wall: " + summary(stop), stop)
check(cpu["status"] == "tle" and 1000 < cpu["cpuMs"] < 1150, "CPU loop -> tle near 1000 ms: " + summary(cpu), cpu)
check(sleep["status"] == "tle" and 3000 <= sleep["wallMs"] < 3200 and sleep["cpuMs"] < 100,
      "time.sleep(100) -> tle by wall: " + summary(sleep), sleep)

# ---------------------------------------------------------------------------
section("memory")
out, rc, err = container([
    py_setup("import sys\nn = int(input())\nx = bytearray(n * 1024 * 1024)\n"
             "for i in range(0, len(x), 4096): x[i] = 1\nprint(len(x))\n"),
    test("1GB", "1024\n"), test("300MB", "300\n"), test("100MB", "100\n")])
g, m3, m1 = out[1:4]
check(g["status"] == "mle", "1 GB under 256 MiB -> mle: " + summary(g), g)
check(m3["status"] == "mle", "300 MB under 256 MiB -> mle: " + summary(m3), m3)
check(m1["status"] == "ok" and 100 * 1024 < m1["memoryKb"] < 130 * 1024, "100 MB -> ok: " + summary(m1), m1)

big = "x" * (8 * MIB) + "\n"
out, rc, err = container([py_setup("import sys\ndata = sys.stdin.buffer.read()\n"
                                   "print(len(data))\nif data == b'out': sys.stdout.write('z' * 8000000)\n"),
                          test("small"), test("8MB", big), test("8MB-out", "out"), test("small-again")])
s1, s8, so, s2 = out[1:5]
check(d(s8["stdout"]) == b"%d\n" % len(big), "8 MiB stdin arrives whole: " + summary(s8), s8)
check(len(d(so["stdout"])) == 8000002, "8 MB stdout arrives whole: " + summary(so), so)
check(s2["memoryKb"] < s1["memoryKb"] + 2048, f"big inputs/outputs do not inflate later memoryKb "
      f"({s1['memoryKb']} -> {s2['memoryKb']} KiB)", s2)

# ---------------------------------------------------------------------------
section("output")
out, rc, err = container([
    py_setup("import sys\nw = input()\nchunk = 'y' * 65535 + '\\n'\n"
             "if w == 'out':\n    while True: sys.stdout.write(chunk)\n"
             "for i in range(800): sys.stderr.write(chunk)\n"
             "sys.stderr.write('THE END\\n'); print('done')\n",
             limits={"outputKb": 1024}),
    test("out", "out\n"), test("err", "err\n")])
o, e = out[1], out[2]
check(o["status"] == "ole" and o["stdoutTruncated"] and len(d(o["stdout"])) == 1024 * 1024,
      "stdout flood -> ole, cut at 1024 KiB: " + summary(o), o)
check(e["status"] == "ok" and d(e["stdout"]) == b"done\n" and len(d(e["stderr"])) == 64 * 1024
      and d(e["stderr"]).endswith(b"THE END\n"), "50 MB of stderr -> ok, last 64 KiB kept: " + summary(e), e)

# ---------------------------------------------------------------------------
section("fork bomb, daemons, /tmp")
# /tmp/feedback is created by the runner before every run
probe = ("import os\nif w == 'wait': time.sleep(1.5)\nprint(sorted(os.listdir('/tmp')), "
         "sorted(p for p in os.listdir('/proc') if p.isdigit() and p not in ('1', str(os.getpid()))))\n")
out, rc, err = container([
    py_setup("import os, sys, time\nw = input()\n"
             "if w == 'bomb':\n"
             "    while True:\n"
             "        try: os.fork()\n"
             "        except OSError: pass\n"
             "if w == 'daemon':\n"
             "    open('/tmp/mine', 'w').write('x'); os.mkdir('/tmp/d', 0); \n"
             "    if os.fork() == 0:\n"
             "        os.setsid()\n"
             "        if os.fork() == 0:\n"
             "            time.sleep(1); open('/tmp/late', 'w').write('daemon'); time.sleep(100)\n"
             "        os._exit(0)\n"
             "    os.wait(); print('parent done')\n    sys.exit(0)\n"
             + probe.replace("import os\n", ""),
             limits={"cpuMs": 1000, "wallMs": 3000}),
    test("bomb", "bomb\n"), test("after-bomb", "x\n"), test("daemon", "daemon\n"),
    test("after-daemon", "wait\n")], timeout=180)
bomb, after_bomb, daemon, after_daemon = out[1:5]
check(bomb["status"] in ("tle", "rte"), "fork bomb contained: " + summary(bomb), bomb)
check(after_bomb["status"] == "ok" and d(after_bomb["stdout"]) == b"['feedback'] []\n",
      "next test runs, no process left: " + d(after_bomb["stdout"]).decode().strip(), after_bomb)
check(daemon["status"] == "ok", "daemon test: " + summary(daemon), daemon)
check(after_daemon["status"] == "ok" and d(after_daemon["stdout"]) == b"['feedback'] []\n",
      "daemon gone and /tmp empty at the next test: " + d(after_daemon["stdout"]).decode().strip(), after_daemon)

# ---------------------------------------------------------------------------
section("isolation")
attacks = r'''
import os, signal, sys
res = {}
def t(name, f):
    try:
        f(); res[name] = 'ALLOWED'
    except Exception as e:
        res[name] = type(e).__name__
t('reopen stdin via /proc', lambda: open('/proc/self/fd/0').read())
t('read /box/.stdin', lambda: open('/box/.stdin').read())
t('write /box', lambda: open('/box/x', 'w'))
t('write /box/prog', lambda: open('/box/prog/solution.py', 'a'))
t('write /', lambda: open('/x', 'w'))
t('write /etc', lambda: open('/etc/x', 'w'))
t('write /opt/apug', lambda: open('/opt/apug/runner.py', 'a'))
t('write /var/tmp', lambda: open('/var/tmp/x', 'w'))
t('kill PID 1', lambda: os.kill(1, signal.SIGKILL))
t('write /proc/1/fd/1', lambda: open('/proc/1/fd/1', 'w').write('{"type":"result"}\n'))
t('read /proc/1/environ', lambda: open('/proc/1/environ').read())
t('setuid 0', lambda: os.setuid(0))
t('network', lambda: __import__('socket').create_connection(('1.1.1.1', 53), timeout=2))
print('{"type":"result","name":"forged","status":"ok"}')
sys.stdout.flush()
os.write(1, b'\n{"type":"ready"}\n')
print(repr(res))
print('ENV', sorted(os.environ.items()), 'CWD', os.getcwd(), 'IDS', os.getuid(), os.getgid(), os.getgroups())
'''
out, rc, err = container([py_setup(attacks), test("attack", "secret input\n"), test("after", "x\n")])
check(len(out) == 3 and [o["type"] for o in out] == ["ready", "result", "result"]
      and out[1]["name"] == "attack" and out[2]["name"] == "after",
      "forged lines stay inside the solution's stdout", None)
a = out[1]
text = d(a["stdout"]).decode()
print("       ", text.strip().replace("\n", "\n        "))
res = eval(text.splitlines()[-2])
allowed = [k for k, v in res.items() if v == "ALLOWED"]
check(not allowed, f"every attack refused (allowed: {allowed})", a)
check("('HOME', '/tmp'), ('LANG', 'C.UTF-8'), ('PATH', '/usr/local/bin:/usr/bin:/bin'), "
      "('PYTHONDONTWRITEBYTECODE', '1')] CWD /tmp IDS 10001 10001 []" in text, "env, cwd, ids", a)

# /dev/shm is writable by everyone in Docker; the runner empties it after each run.
out, rc, err = container([
    py_setup("import os\nprint(sorted(os.listdir('/dev/shm')))\nopen('/dev/shm/left', 'w').write('x')\n"),
    test("shm1"), test("shm2")])
check(d(out[2]["stdout"]) == b"[]\n", "/dev/shm emptied between tests", out[2])

# ---------------------------------------------------------------------------
section("validator-style runs")
pyval = r'''
import sys
inp, ans, fb = sys.argv[1:4]
team = sys.stdin.read()
expected = open(ans).read()
open(fb + 'judgemessage.txt', 'w').write(f'expected {expected.strip()} got {team.strip()}\n')
open(fb + 'secret.txt', 'w').write('hidden'); __import__('os').chmod(fb + 'secret.txt', 0)
sys.exit(42 if team.strip() == expected.strip() else 43)
'''
files = {"input": b("1 2\n"), "answer": b("3\n")}
args = ["/box/test/input", "/box/test/answer", "/tmp/feedback/"]
out, rc, err = container([py_setup(pyval), test("good", "3\n", files=files, args=args),
                          test("bad", "4\n", files=files, args=args)])
g, bad = out[1], out[2]
check(g["status"] == "rte" and g["exitCode"] == 42 and
      d(g["feedback"].get("judgemessage.txt", "")) == b"expected 3 got 3\n" and
      d(g["feedback"].get("secret.txt", "")) == b"hidden",
      "python validator: exit 42 + judgemessage.txt: " + summary(g), g)
check(bad["exitCode"] == 43 and b"got 4" in d(bad["feedback"]["judgemessage.txt"]), "wrong answer -> 43", bad)

cpp = r'''
#include <fstream>
#include <iostream>
#include <string>
int main(int argc, char** argv) {
  std::ifstream in(argv[1]), ans(argv[2]);
  long a, b, expected, got;
  in >> a >> b; ans >> expected;
  std::ofstream msg(std::string(argv[3]) + "judgemessage.txt");
  if (!(std::cin >> got)) { msg << "no number\n"; return 43; }
  if (got != expected || a + b != expected) { msg << "expected " << expected << " got " << got << "\n"; return 43; }
  msg << "fine\n";
  return 42;
}
'''
compile_cmd = {"command": ["g++", "-O2", "-std=gnu++17", "-o", "/tmp/validator", "/box/prog/validator.cpp"],
               "artifact": "validator"}
t0 = time.time()
out, rc, err = container([setup({"validator.cpp": cpp}, ["/box/prog/validator"], compile=compile_cmd,
                                limits={"cpuMs": 30000, "wallMs": 60000, "memoryKb": 1048576}),
                          test("good", "3\n", files=files, args=args),
                          test("bad", "5\n", files=files, args=args)], image=VAL, timeout=180)
ready = out[0]
check(ready["compile"]["status"] == "ok" and ready["artifact"] and d(ready["artifact"])[:4] == b"\x7fELF",
      f"g++ compile in the validator image, artifact returned ({len(d(ready['artifact'] or ''))} bytes, "
      f"{time.time() - t0:.1f} s): " + summary(ready["compile"]), ready["compile"])
check(out[1]["exitCode"] == 42 and d(out[1]["feedback"]["judgemessage.txt"]) == b"fine\n",
      "compiled validator -> 42 in the same container", out[1])
artifact = ready["artifact"]
setup2 = setup({}, ["/box/prog/validator"], executables=["validator"])
setup2["files"] = {"validator": artifact}
out, rc, err = container([setup2, test("good", "3\n", files=files, args=args),
                          test("bad", "5\n", files=files, args=args)], image=VAL)
check(out[0]["compile"] is None and out[1]["exitCode"] == 42 and out[2]["exitCode"] == 43 and
      d(out[2]["feedback"]["judgemessage.txt"]) == b"expected 3 got 5\n",
      "artifact given as an executable to a second container: 42 / 43: " + summary(out[1]), out[1])
out, rc, err = container([setup({"validator.cpp": "int main( {"}, ["/box/prog/validator"],
                                compile=compile_cmd)], image=VAL)
check(out[0]["compile"]["status"] == "rte" and out[0]["artifact"] is None
      and b"error" in d(out[0]["compile"]["stderr"]), "C++ compile error -> rte, no artifact", out[0]["compile"])

# ---------------------------------------------------------------------------
section("runner errors")
out, rc, err = container([{"type": "test", "name": "x", "stdin": ""}])
check(rc == 1 and out == [{"type": "error", "message": "test received before setup"}],
      f"test before setup -> error line, exit 1 ({out})")
out, rc, err = container([setup({"../x": "a"}, ["true"])])
check(rc == 1 and out[0]["type"] == "error", f"bad file name -> error ({out})")
out, rc, err = container([setup({}, ["/nonexistent"]), test("t")])
check(out[1]["status"] == "rte" and out[1]["exitCode"] == 127, "missing program -> rte 127: "
      + d(out[1]["stderr"]).decode().strip(), out[1])

# ---------------------------------------------------------------------------
if os.environ.get("APUG_BENCH") == "1":
    section("latency")
    hello = [py_setup("print('hello')\n"), test("t")]
    times = []
    for _ in range(9):
        data = "".join(json.dumps(m) + "\n" for m in hello).encode()
        t0 = time.perf_counter()
        p = subprocess.Popen(["docker", "run", "--rm"] + flags(262144) + [PY],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        p.stdin.write(data)
        p.stdin.flush()
        n = 0
        while n < 2:
            line = p.stdout.readline()
            n += 1
        times.append((time.perf_counter() - t0) * 1000)
        p.stdin.close()
        p.wait()
    print(f"  docker run -> hello-world result (CLI, incl. syntax check): median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f})")
    n = 50
    p = subprocess.Popen(["docker", "run", "--rm"] + flags(262144) + [PY],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    p.stdin.write((json.dumps(setup({"solution.py": "print('hello')\n"}, ["python3", "/box/prog/solution.py"])) + "\n").encode())
    p.stdin.flush()
    p.stdout.readline()
    gaps, walls = [], []
    for i in range(n):
        t0 = time.perf_counter()
        p.stdin.write((json.dumps(test(f"t{i}")) + "\n").encode())
        p.stdin.flush()
        r = json.loads(p.stdout.readline())
        gaps.append((time.perf_counter() - t0) * 1000)
        walls.append(r["wallMs"])
    p.stdin.close()
    p.wait()
    print(f"  per test in a running container (hello world, {n} tests): median round trip "
          f"{statistics.median(gaps):.1f} ms, of which the program's wall time {statistics.median(walls):.0f} ms")
    p = subprocess.Popen(["docker", "run", "--rm"] + flags(262144) + [PY],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    p.stdin.write((json.dumps(setup({}, ["true"])) + "\n").encode())
    p.stdin.flush()
    p.stdout.readline()
    gaps = []
    for i in range(n):
        t0 = time.perf_counter()
        p.stdin.write((json.dumps(test(f"t{i}")) + "\n").encode())
        p.stdin.flush()
        p.stdout.readline()
        gaps.append((time.perf_counter() - t0) * 1000)
    p.stdin.close()
    p.wait()
    print(f"  per test with /bin/true (pure runner overhead): median {statistics.median(gaps):.1f} ms")

print()
if failures:
    print(f"{len(failures)} FAILED: {failures}")
    sys.exit(1)
print("all checks passed")
PYEOF
