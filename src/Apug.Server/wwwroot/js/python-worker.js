// A module worker that runs Python (Pyodide, served from /lib/pyodide/) on one input at a time.
// The page terminates this worker when a run takes too long: that is the only way to stop an endless loop here.
import { loadPyodide } from "../lib/pyodide/pyodide.mjs";

const HARNESS = `
import io, linecache, sys, traceback

def _apug_run(source, stdin_text):
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    # A TextIOWrapper over bytes, not a StringIO: programs may read sys.stdin.buffer.
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode("utf-8")), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    status = "ok"
    # So tracebacks quote the line of solution.py, as the judge's do.
    linecache.cache["solution.py"] = (len(source), None, source.splitlines(True), "solution.py")
    try:
        code = compile(source, "solution.py", "exec")
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
    except SyntaxError as e:
        status = "syntax"
        traceback.print_exception(type(e), e, None)
    except SystemExit as e:
        if e.code not in (None, 0):
            status = "error"
            print(f"SystemExit: {e.code}", file=sys.stderr)
    except BaseException as e:
        status = "error"
        # Skip this harness's own frame: show the traceback of solution.py only.
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
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
  return pyodide.globals.get("_apug_run");
});
ready.catch((error) => postMessage({ type: "load-failed", message: String(error?.message ?? error) }));

onmessage = async ({ data }) => {
  const run = await ready;
  postMessage({ type: "started", id: data.id });
  const begin = performance.now();
  const result = run(data.source, data.input);
  const [status, stdout, stderr] = result.toJs();
  result.destroy();
  postMessage({ type: "result", id: data.id, status, stdout, stderr, ms: Math.round(performance.now() - begin) });
};
