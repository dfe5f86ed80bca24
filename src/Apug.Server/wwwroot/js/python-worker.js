// A module worker that runs Python (Pyodide, served from /lib/pyodide/) on one input at a time.
// The page terminates this worker when a run takes too long: that is the only way to stop an endless loop here.
import { loadPyodide } from "../lib/pyodide/pyodide.mjs";

const HARNESS = `
import io, linecache, sys, traceback

def _apug_exec(source, stop=()):
    """Runs source as solution.py; "ok", "syntax" or "error" (the traceback on stderr). Exceptions in stop pass through."""
    # So tracebacks quote the line of solution.py, as the judge's do.
    linecache.cache["solution.py"] = (len(source), None, source.splitlines(True), "solution.py")
    try:
        code = compile(source, "solution.py", "exec")
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
    except SyntaxError as e:
        traceback.print_exception(type(e), e, None)
        return "syntax"
    except stop:
        raise
    except SystemExit as e:
        if e.code not in (None, 0):
            print(f"SystemExit: {e.code}", file=sys.stderr)
            return "error"
    except BaseException as e:
        # Skip this harness's own frame: show the traceback of solution.py only.
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        return "error"
    return "ok"


def _apug_run(source, stdin_text):
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    # A TextIOWrapper over bytes, not a StringIO: programs may read sys.stdin.buffer.
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode("utf-8")), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    try:
        status = _apug_exec(source)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        # Read the bytes before the wrappers go away (dropping a wrapper closes its buffer).
        stdout, stderr = out.getvalue(), err.getvalue()
        sys.stdin, sys.stdout, sys.stderr = saved
    return status, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")


class _ApugMismatch(BaseException):
    """Stops the program where it left the sample's transcript (a BaseException: \`except Exception\` cannot swallow it)."""


class _ApugReplay:
    """Plays the interactor of an interactive sample from its .interaction transcript: lines starting '<' are what the
    interactor says (the program reads them), lines starting '>' what the program must say. Before each read, the
    program must have printed, and flushed, every '>' line that comes first."""

    def __init__(self, transcript):
        self.steps = [(line[0], line[1:]) for line in transcript.splitlines() if line[:1] in ("<", ">")]
        self.pos = 0
        self.pending = ""  # what the program has flushed and no '>' line has taken yet
        self.log = []

    def written(self, text):
        self.pending += text

    def take_outputs(self, at_end):
        while self.pos < len(self.steps) and self.steps[self.pos][0] == ">":
            expected = self.steps[self.pos][1]
            if "\\n" in self.pending:
                line, self.pending = self.pending.split("\\n", 1)
            elif at_end and self.pending:
                line, self.pending = self.pending, ""
            else:
                return expected
            self.log.append([">", line])
            self.pos += 1
            if line.split() != expected.split():
                raise _ApugMismatch(f"the program printed {line!r} where the transcript has {expected!r}")
        return None

    def read_line(self):
        missing = self.take_outputs(False)
        if missing is not None:
            raise _ApugMismatch(f"the program waits for input, but the transcript has it print {missing!r} first "
                                "(printed without flush? use print(..., flush=True))")
        if self.pos >= len(self.steps):
            return ""  # the interactor has nothing more to say: end of input
        text = self.steps[self.pos][1]
        self.pos += 1
        self.log.append(["<", text])
        return text + "\\n"

    def finish(self):
        missing = self.take_outputs(True)
        if missing is not None:
            return f"the program ended, but the transcript has it print {missing!r}"
        if self.pos < len(self.steps):
            return f"the program ended before the transcript did (the interactor still says {self.steps[self.pos][1]!r})"
        if self.pending.strip():
            return f"the program printed {self.pending.strip()[:80]!r} after the transcript ended"
        return None


class _ApugIn(io.RawIOBase):
    def __init__(self, replay):
        self.replay = replay

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.replay.read_line().encode("utf-8")
        buffer[:len(data)] = data
        return len(data)


class _ApugOut(io.RawIOBase):
    """The program's stdout as the judge's pipe: only what it flushes reaches the interactor."""

    def __init__(self, replay):
        self.replay = replay

    def writable(self):
        return True

    def write(self, data):
        self.replay.written(bytes(data).decode("utf-8", "replace"))
        return len(data)


def _apug_interact(source, transcript):
    replay = _ApugReplay(transcript)
    err = io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BufferedReader(_ApugIn(replay)), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ApugOut(replay), 8192), encoding="utf-8")
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    message = None
    try:
        status = _apug_exec(source, stop=_ApugMismatch)
    except _ApugMismatch as e:
        status, message = "mismatch", str(e)
    finally:
        try:
            sys.stdout.flush()  # what Python flushes at exit reaches the interactor too
        except BaseException:
            pass
        try:
            sys.stderr.flush()
        except BaseException:
            pass
        stderr = err.getvalue()
        sys.stdin, sys.stdout, sys.stderr = saved
    if status == "ok":
        try:
            message = replay.finish()
        except _ApugMismatch as e:
            message = str(e)
        if message:
            status = "mismatch"
    import json
    return status, message or "", json.dumps(replay.log), stderr.decode("utf-8", "replace")
`;

const WASM = new URL("../lib/pyodide/pyodide.asm.wasm", import.meta.url).pathname;

/** Pyodide hangs without an error when its .wasm is missing or has another type: check first, and say what is wrong. */
async function checkWasm() {
  let response;
  try {
    response = await fetch(WASM, { method: "HEAD" });
  } catch {
    throw new Error(`${WASM} cannot be fetched`);
  }
  if (!response.ok) throw new Error(`${WASM}: the server answered ${response.status}`);
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/wasm")) throw new Error(`${WASM} comes as '${type}', not application/wasm`);
}

const started = performance.now();
const ready = checkWasm().then(() => loadPyodide({ indexURL: new URL("../lib/pyodide/", import.meta.url).href })).then(async (pyodide) => {
  await pyodide.runPythonAsync(HARNESS);
  // Shown on the page: it should be the judge's minor version (the sandbox runs Debian's Python 3.11).
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  postMessage({ type: "ready", ms: Math.round(performance.now() - started), version });
  return { run: pyodide.globals.get("_apug_run"), interact: pyodide.globals.get("_apug_interact") };
});
ready.catch((error) => postMessage({ type: "load-failed", message: String(error?.message ?? error) }));

onmessage = async ({ data }) => {
  const { run, interact } = await ready;
  postMessage({ type: "started", id: data.id });
  const begin = performance.now();
  if (data.transcript !== undefined) {
    // An interactive sample: the transcript plays the interactor.
    const replay = interact(data.source, data.transcript);
    const [status, message, log, stderr] = replay.toJs();
    replay.destroy();
    postMessage({ type: "result", id: data.id, status, message, log: JSON.parse(log), stdout: "", stderr, ms: Math.round(performance.now() - begin) });
    return;
  }
  const result = run(data.source, data.input);
  const [status, stdout, stderr] = result.toJs();
  result.destroy();
  postMessage({ type: "result", id: data.id, status, stdout, stderr, ms: Math.round(performance.now() - begin) });
};
