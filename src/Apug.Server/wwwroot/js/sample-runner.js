// Runs the editor's code on the samples in the browser, before submitting. An approximation of the judge:
// another Python build (Pyodide, in WebAssembly), another machine, and a token comparison instead of the real checker.

const LOAD_TIMEOUT_MS = 120_000;

/** Whitespace-separated tokens equal; numbers within 1e-6 (absolute or relative) count as equal. */
export function sameTokens(actual, expected) {
  const a = actual.split(/\s+/).filter(Boolean);
  const e = expected.split(/\s+/).filter(Boolean);
  if (a.length !== e.length) return false;
  return a.every((token, i) => {
    if (token === e[i]) return true;
    const x = Number(token), y = Number(e[i]);
    if (!Number.isFinite(x) || !Number.isFinite(y) || !/^[-+.\d]/.test(token)) return false;
    return Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
  });
}

/**
 * One Python worker, replaced after a run is stopped or the load fails.
 * onState(state, detail): "loading" | "ready" | "failed", so the page can show "Python is loading…".
 */
export class SampleRunner {
  constructor(onState) {
    this.onState = onState;
    this.nextId = 1;
    this.start();
  }

  start() {
    this.state = "loading";
    this.onState("loading");
    this.worker = new Worker(new URL("python-worker.js", import.meta.url), { type: "module" });
    this.pending = new Map();
    this.readyPromise = new Promise((resolve, reject) => {
      // A .wasm served with the wrong type, or a stalled download, hangs with no error: give up after a while.
      const timer = setTimeout(() => reject(new Error("Python did not load in time.")), LOAD_TIMEOUT_MS);
      this.worker.onmessage = ({ data }) => {
        if (data.type === "ready") {
          clearTimeout(timer);
          resolve({ ms: data.ms, version: data.version });
        } else if (data.type === "load-failed") {
          clearTimeout(timer);
          reject(new Error(data.message));
        } else {
          this.pending.get(data.id)?.(data);
        }
      };
      this.worker.onerror = (event) => {
        clearTimeout(timer);
        reject(new Error(event.message || "The Python worker could not start."));
      };
    });
    const worker = this.worker;
    this.readyPromise.then(
      (loaded) => { if (worker === this.worker) { this.state = "ready"; this.version = loaded.version; this.onState("ready", loaded); } },
      (error) => { if (worker === this.worker) { this.state = "failed"; this.onState("failed", error.message); } });
  }

  /** Loads Python again in the background (after a stopped run or a failed load). */
  restart() {
    this.worker.terminate();
    this.start();
  }

  /**
   * Runs source on one input. Resolves {status: "ok"|"error"|"syntax"|"timeout", stdout, stderr, ms}.
   * The time limit counts from the moment the program starts, not while Python loads.
   */
  async run(source, input, timeLimitMs) {
    return this.send({ source, input }, timeLimitMs);
  }

  /**
   * Replays an interactive sample's transcript against source (the transcript plays the interactor). Resolves
   * {status: "ok"|"mismatch"|"error"|"syntax"|"timeout", message, log: [[dir, line]...], stderr, ms}.
   */
  async interact(source, transcript, timeLimitMs) {
    return this.send({ source, transcript }, timeLimitMs);
  }

  async send(message, timeLimitMs) {
    await this.readyPromise;
    const id = this.nextId++;
    return new Promise((resolve) => {
      let timer;
      this.pending.set(id, (message) => {
        if (message.type === "started") {
          timer = setTimeout(() => {
            this.pending.delete(id);
            // The only way to stop a running Python program in a worker: end the worker, then load a new one.
            this.restart();
            resolve({ status: "timeout", stdout: "", stderr: "", ms: timeLimitMs, log: [] });
          }, timeLimitMs);
        } else if (message.type === "result") {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(message);
        }
      });
      this.worker.postMessage({ id, ...message });
    });
  }
}
