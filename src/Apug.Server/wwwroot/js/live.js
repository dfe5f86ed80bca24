// Live updates of the team's submissions: SignalR team events, or polling when the hub cannot be reached.
/* global signalR */
import { url } from "./base.js";

const POLL_MS = 2000;

/**
 * Connects to /hubs/contest with the team token. handlers: {testFinished(view), submissionJudged(view),
 * submissionQueued(view), announcement(view), contestState(view), poll() → Promise<boolean> (true while something is still being judged), onMode(mode)}
 * where mode is "live", "connecting" or "polling".
 */
export function connectTeamLive(token, handlers) {
  let pollTimer = null;
  let mode = null;
  const setMode = (next) => {
    if (next === mode) return;
    mode = next;
    handlers.onMode(next);
    if (next === "live") stopPolling();
    else startPolling();
  };
  const startPolling = () => {
    if (pollTimer !== null) return;
    const tick = async () => {
      try {
        await handlers.poll();
      } finally {
        if (pollTimer !== null) pollTimer = setTimeout(tick, POLL_MS);
      }
    };
    pollTimer = setTimeout(tick, POLL_MS);
  };
  const stopPolling = () => {
    clearTimeout(pollTimer);
    pollTimer = null;
  };

  if (typeof signalR === "undefined") {
    setMode("polling");
    return { stop: stopPolling };
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url("/hubs/contest"), { accessTokenFactory: () => token })
    // Retry for ever, slowly: a meetup's Wi-Fi comes and goes, and the server may restart.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(10_000, 1000 * (context.previousRetryCount + 1)) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("ContestState", (view) => handlers.contestState?.(view));
  connection.on("Announcement", (view) => handlers.announcement?.(view));
  connection.on("SubmissionQueued", (view) => handlers.submissionQueued?.(view));
  connection.on("TestFinished", (view) => handlers.testFinished(view));
  connection.on("SubmissionJudged", (view) => handlers.submissionJudged(view));
  connection.on("HintReleased", (view) => handlers.hintReleased?.(view));
  connection.on("HintOpened", (view) => handlers.hintOpened?.(view));
  // Public board events reach every connection; this page has no board: heard and ignored, not warned about.
  for (const name of ["Leaderboard", "LeaderboardChanged", "FirstToSolve"]) connection.on(name, () => {});
  connection.onreconnecting(() => setMode("polling"));
  // Events sent while disconnected are lost: poll once to catch up.
  connection.onreconnected(() => { setMode("live"); handlers.poll(); });
  connection.onclose(() => { setMode("polling"); setTimeout(start, 5000); });

  let stopped = false;
  async function start() {
    if (stopped) return;
    setMode(mode === null ? "connecting" : mode);
    try {
      await connection.start();
      setMode("live");
      handlers.poll();
    } catch {
      setMode("polling");
      setTimeout(start, 10_000);
    }
  }
  start();
  return {
    stop() {
      stopped = true;
      stopPolling();
      connection.stop();
    },
  };
}
