// The organisers' page: plain JS over /api/admin, kept live by the hub's admin group. The token stays in this tab
// (sessionStorage) and goes in the Authorization header of every call; nothing here works without it.
// Every action reports its outcome next to the button pressed; errors never end up uncaught in the console.
/* global signalR */
"use strict";

const $ = (selector) => document.querySelector(selector);
const VERDICTS = ["AC", "WA", "TLE", "MLE", "RTE", "OLE", "CE", "JE"];
let token = sessionStorage.getItem("apug-admin-token") || "";
let teams = [];
// "" at the root of the site, "/judge" under Apug:PathBase: from this script's own address (…/admin/admin.js).
const BASE = new URL("..", document.currentScript.src).pathname.replace(/\/$/, "");
let contestPhase = null;
let live = null;
const rejudging = new Map(); // submission id → the rejudge it belongs to ({ ids, done, button })
const rejudged = new Map(); // submission id → the finished rejudge's outcome, shown again when its detail is redrawn

function setStatus(text, isError = false) {
  const status = $("#status");
  status.textContent = text;
  status.className = isError ? "error" : "";
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child ?? "");
  return node;
}

/** The outcome of an action, in a span right after the button that started it. kind: ok, error or busy. */
function report(button, text, kind = "ok") {
  let outcome = button.nextElementSibling;
  if (!outcome?.classList.contains("outcome")) {
    outcome = element("span", { className: "outcome", role: "status" });
    button.after(" ", outcome);
  }
  outcome.textContent = text;
  outcome.className = `outcome ${kind}`;
}

/** Runs an action for a button: asks first when it has data-confirm, disables it meanwhile, reports the outcome. */
async function act(button, action) {
  if (button.dataset.confirm && !confirm(button.dataset.confirm)) return;
  button.disabled = true;
  report(button, "…", "busy");
  try {
    const text = await action(); // "" (nothing to say), a text, or { text, kind }
    if (typeof text === "object") report(button, text.text, text.kind);
    else if (text) report(button, text, "ok");
    else button.nextElementSibling?.classList.contains("outcome") && button.nextElementSibling.remove();
  } catch (error) {
    if (error.message !== "unauthorized") report(button, error.message, "error");
  } finally {
    button.disabled = false;
    applyPhase();
  }
}

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${token}`, ...(options.body ? { "Content-Type": "application/json" } : {}) };
  const response = await fetch(BASE + path, { ...options, headers });
  if (response.status === 401) {
    showLogin("The admin token was refused: check it and try again.");
    throw new Error("unauthorized");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const detail = problem.detail || Object.values(problem.errors || {}).flat().join(" ") || response.statusText;
    throw new Error(detail);
  }
  return response;
}

const getJson = async (path) => (await api(path)).json();
const postJson = async (path, body) => (await api(path, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) })).json();

function showLogin(message) {
  $("#app").hidden = true;
  $("#logout").hidden = true;
  $("#login").hidden = false;
  live?.stop();
  live = null;
  setStatus(message, true);
}

async function start() {
  try {
    await loadChallenges();
  } catch (error) {
    if (error.message !== "unauthorized") setStatus(error.message, true);
    return;
  }
  $("#app").hidden = false;
  $("#logout").hidden = false;
  $("#login").hidden = true;
  setStatus("Signed in as organiser.");
  connectLive();
  await Promise.all([loadTeams(), loadAnnouncements(), loadContest(), loadJoinAddress()]);
  await loadSubmissions();
}

// ---- Live: the hub's admin group says when any team's submission changes ------------------------------------------

/** Collapses a burst of events (a submission's tests) into one reload. */
function debounce(action, ms = 300) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => action().catch(() => {}), ms);
  };
}

const reloadSubmissions = debounce(() => loadSubmissions());
const reloadTeams = debounce(() => loadTeams(), 1000);

/** A connection to the contest hub as the organisers: one way to make it for every part of this page that listens. */
function hubConnection(accessTokenFactory) {
  return new signalR.HubConnectionBuilder()
    .withUrl(BASE + "/hubs/contest", { accessTokenFactory })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(10_000, 1000 * (context.previousRetryCount + 1)) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

function connectLive() {
  const chip = $("#live-state");
  const show = (state, text) => { chip.hidden = false; chip.dataset.state = state; chip.textContent = text; };
  if (typeof signalR === "undefined") { show("polling", "Not live: reload for news"); return; }
  const connection = hubConnection(() => token);
  connection.on("AdminSubmission", onSubmissionChanged);
  connection.on("ContestState", (state) => showContest(state));
  connection.on("Announcement", () => loadAnnouncements().catch(() => {}));
  // A new team or a changed standing: the team list (submission counts) follows.
  connection.on("Leaderboard", reloadTeams);
  connection.on("LeaderboardChanged", reloadTeams);
  connection.on("FirstToSolve", () => {});
  // Heard by admin/hints.js and clarifications.js on their own connections.
  for (const name of ["HintReleased", "OrganiserHint", "OrganiserClarification", "Clarification"]) connection.on(name, () => {});
  connection.onreconnecting(() => show("connecting", "Reconnecting…"));
  connection.onreconnected(() => { show("live", "Live"); reloadSubmissions(); reloadTeams(); loadContest().catch(() => {}); });
  connection.onclose(() => show("polling", "Not live: reload for news"));
  let stopped = false;
  const begin = async () => {
    if (stopped) return;
    show("connecting", "Connecting…");
    try {
      await connection.start();
      show("live", "Live");
    } catch {
      show("polling", "Not live: retrying…");
      setTimeout(begin, 10_000);
    }
  };
  begin();
  live = { stop() { stopped = true; connection.stop(); } };
}

function onSubmissionChanged(change) {
  reloadSubmissions();
  if (change.status === "judged") {
    const open = $("#submission-detail");
    if (!open.hidden && open.dataset.id === change.submissionId) openSubmission(change.submissionId).catch(() => {});
    const batch = rejudging.get(change.submissionId);
    if (batch) {
      rejudging.delete(change.submissionId);
      batch.done++;
      const finished = batch.done >= batch.ids.length;
      const text = finished ? `Rejudged ${batch.ids.length} submission(s): all done.` : `Rejudging: ${batch.done} of ${batch.ids.length} done…`;
      report(batch.button, text, finished ? "ok" : "busy");
      if (finished && batch.ids.length === 1) rejudged.set(change.submissionId, text);
    }
  }
}

/** Follows a rejudge to its end next to its button. */
function followRejudge(button, result) {
  if (!result.count) return "Nothing to rejudge.";
  const batch = { ids: result.ids, done: 0, button };
  for (const id of result.ids) rejudging.set(id, batch);
  return { text: `Rejudging: 0 of ${result.count} done…`, kind: "busy" };
}

function fillSelect(select, values) {
  const current = select.value;
  select.replaceChildren(element("option", { value: "", textContent: "all" }),
    ...values.map(([value, label]) => element("option", { value, textContent: label })));
  select.value = current;
}

async function loadChallenges() {
  const catalog = await getJson("/api/admin/challenges");
  $("#challenge-list tbody").replaceChildren(...catalog.challenges.map((c) => element("tr", {},
    element("td", { textContent: c.id }), element("td", { textContent: c.name }), element("td", { textContent: c.testCount }),
    element("td", { className: "limits", textContent: c.limits.map((l) => `${l.name} ${l.value} (${l.source})`).join("; ") }),
    element("td", { textContent: c.contentHash.slice(0, 12) }),
    element("td", { className: "warnings", textContent: [c.notJudgedReason ? `not judged: ${c.notJudgedReason}` : "", ...c.warnings].filter((w) => w).join("; ") }),
    element("td", {}, element("button", { type: "button", className: "preview", textContent: "Preview", onclick: () => previewStatement(c.id) })))));
  $("#challenge-problems").replaceChildren(...catalog.problems.map((p) => element("div", { className: "problem" },
    element("strong", { textContent: `${p.id}: ` }),
    p.liveVersionHash ? `broken edit, the previous version (${p.liveVersionHash.slice(0, 12)}) stays live — ` : "not loaded — ",
    p.problems.join("; "))));
  fillSelect($("#filter-challenge"), catalog.challenges.map((c) => [c.id, c.id]));
}

// The statement as participants see it, math typeset by the same module (KaTeX, served locally).
async function previewStatement(id) {
  const detail = await getJson(`/api/challenges/${encodeURIComponent(id)}`);
  const box = $("#statement-preview");
  box.hidden = false;
  const body = element("article", { className: "statement" });
  box.replaceChildren(element("h3", { textContent: `Preview: ${detail.name}` }), body);
  const { showStatement } = await import(BASE + "/js/statement.js");
  await showStatement(body, detail);
}

async function loadTeams() {
  teams = await getJson("/api/admin/teams");
  fillSelect($("#filter-team"), teams.map((t) => [t.id, t.name]));
  $("#team-list tbody").replaceChildren(...teams.map((team) => {
    const rename = element("button", { type: "button", textContent: "Rename" });
    rename.onclick = () => act(rename, async () => {
      const name = prompt(`New name for ${team.name}`, team.name);
      if (!name) return "";
      await postJson(`/api/admin/teams/${team.id}/rename`, { name });
      await loadTeams();
      return "";
    });
    // A disqualified team is off the board whatever its hidden flag: offering "Show on board" would mislead.
    const hide = team.disqualified ? "" : element("button", { type: "button", textContent: team.hidden ? "Show on board" : "Hide from board" });
    if (hide) hide.onclick = () => act(hide, async () => {
      await postJson(`/api/admin/teams/${team.id}/${team.hidden ? "unhide" : "hide"}`);
      await loadTeams();
      return "";
    });
    const disqualify = element("button", { type: "button", textContent: team.disqualified ? "Reinstate" : "Disqualify" });
    disqualify.onclick = () => act(disqualify, async () => {
      if (team.disqualified) {
        await postJson(`/api/admin/teams/${team.id}/reinstate`);
      } else {
        const reason = prompt(`Why is ${team.name} disqualified?`);
        if (!reason) return "";
        await postJson(`/api/admin/teams/${team.id}/disqualify`, { reason });
      }
      await loadTeams();
      return "";
    });
    return element("tr", {},
      element("td", { textContent: team.name }), element("td", { textContent: team.members.join(", ") }),
      element("td", { textContent: team.submissions }),
      element("td", { textContent: team.disqualified ? `disqualified: ${team.disqualifiedReason}` : team.hidden ? "hidden" : "on the board" }),
      element("td", {}, rename, " ", hide, hide ? " " : "", disqualify));
  }));
}

async function loadSubmissions() {
  const query = new URLSearchParams();
  if ($("#filter-team").value) query.set("team", $("#filter-team").value);
  if ($("#filter-challenge").value) query.set("challenge", $("#filter-challenge").value);
  if ($("#filter-verdict").value) query.set("verdict", $("#filter-verdict").value);
  const submissions = await getJson(`/api/admin/submissions?${query}`);
  const known = new Set([...document.querySelectorAll("#submission-list tbody tr")].map((row) => row.dataset.id));
  $("#submission-list tbody").replaceChildren(...submissions.map((s) => {
    const open = element("button", { type: "button", textContent: "Open" });
    open.onclick = () => act(open, async () => { await openSubmission(s.id); return ""; });
    const row = element("tr", {},
      element("td", { textContent: new Date(s.createdAt).toLocaleTimeString() }), element("td", { textContent: s.teamName }),
      element("td", { textContent: s.challengeId }), element("td", { textContent: s.status }),
      element("td", { className: `verdict-${s.verdict}`, textContent: s.verdict ?? "" }),
      element("td", { textContent: s.score ?? "" }), element("td", {}, open));
    row.dataset.id = s.id;
    if (known.size && !known.has(s.id)) row.classList.add("fresh"); // arrived live
    return row;
  }));
}

async function openSubmission(id) {
  const s = await getJson(`/api/admin/submissions/${id}`);
  const rejudge = element("button", { type: "button", textContent: "Rejudge" });
  rejudge.onclick = () => act(rejudge, async () => {
    await postJson(`/api/admin/submissions/${id}/rejudge`);
    // The detail is drawn again when the verdict arrives (live): say so on the button itself.
    return followRejudge(rejudge, { count: 1, ids: [id] });
  });
  const tests = s.tests.map((t) => element("details", { open: t.verdict !== "AC" },
    element("summary", {}, `${t.ordinal + 1}. ${t.name} `, element("span", { className: `verdict-${t.verdict}`, textContent: t.verdict }),
      ` ${t.cpuMs} ms, ${Math.round(t.memoryKb / 1024)} MiB`),
    t.judgeMessage ? element("p", { textContent: `Judge: ${t.judgeMessage}` }) : "",
    t.message ? element("p", { textContent: `Team sees: ${t.message}` }) : "",
    t.diff ? element("pre", { className: "diff" }, ...t.diff.map((line) => element("div", {
      className: `diff-${line.kind}`, textContent: `${line.kind === "Expected" ? "-" : line.kind === "Actual" ? "+" : " "} ${line.text}` }))) : "",
    t.input != null ? element("details", {}, element("summary", { textContent: "Input" }), element("pre", { textContent: t.input })) : "",
    t.output != null ? element("details", {}, element("summary", { textContent: "Output" }), element("pre", { textContent: t.output })) : "",
    t.stderr ? element("details", {}, element("summary", { textContent: "Stderr" }), element("pre", { textContent: t.stderr })) : ""));
  const detail = $("#submission-detail");
  detail.replaceChildren(
    element("h3", {}, `${s.teamName ?? s.teamId} · ${s.challengeId} · `, element("span", { className: `verdict-${s.verdict}`, textContent: s.verdict ?? s.status }), " ", rejudge),
    s.message ? element("p", { textContent: s.message }) : "",
    s.judgedOnCurrentVersion ? "" : element("p", { className: "problem", textContent: "Judged on an older version of the package." }),
    element("pre", { className: "source", textContent: s.source }),
    ...tests);
  detail.dataset.id = id;
  // A rejudge in progress survives the redraw.
  const batch = rejudging.get(id);
  if (batch) { batch.button = rejudge; report(rejudge, `Rejudging: ${batch.done} of ${batch.ids.length} done…`, "busy"); }
  if (rejudged.has(id)) { report(rejudge, rejudged.get(id)); rejudged.delete(id); }
  detail.hidden = false;
}

function showContest(state) {
  const when = (t) => (t ? new Date(t).toLocaleString() : "not set");
  contestPhase = state.phase;
  $("#contest-chip").textContent = `${state.name}: ${state.phase}`;
  $("#contest-state").textContent = state.phase === "practice"
    ? `${state.name}: practice (no contest defined).`
    : `${state.name}: ${state.phase}. Starts ${when(state.startsAt)}, ends ${when(state.endsAt)}, freezes ${when(state.freezesAt)}.`;
  applyPhase();
}

/** In practice mode there is no clock to run: its buttons would only answer 409. Say how to define a contest. */
function applyPhase() {
  const practice = contestPhase === "practice";
  const hint = $("#contest-hint");
  hint.hidden = !practice;
  hint.textContent = practice
    ? "Practice mode: there is no contest to start, freeze or reveal. To hold one, put a contest.yaml (name, duration_minutes, problems) in the challenges folder — see docs/contest.md — and restart the server."
    : "";
  for (const button of document.querySelectorAll("[data-clock], #set-start, #extend, #reveal-next, #reveal-auto, #reveal-stop")) {
    if (practice) { button.disabled = true; button.title = "Practice mode: define a contest first (contest.yaml)"; }
    else if (button.title.startsWith("Practice mode")) { button.disabled = false; button.title = ""; }
  }
}

/** Where phones join: Apug:PublicUrl, else this machine's LAN addresses; a warning when phones cannot reach it. */
async function loadJoinAddress() {
  const view = await getJson("/api/contest");
  const loopbackPage = /^(127\.|localhost$|\[::1\]$)/.test(location.hostname);
  const urls = view.publicUrl ? [view.publicUrl] : view.lanUrls?.length ? view.lanUrls : loopbackPage ? [] : [location.origin];
  $("#join-urls").replaceChildren(
    urls.length ? element("span", {}, "Participants open ", ...urls.flatMap((url, i) => [i ? " or " : "", element("strong", { textContent: url })]),
      view.publicUrl ? " (Apug:PublicUrl)." : view.lanUrls?.length ? " (this machine's LAN address; set Apug:PublicUrl to choose one)." : ".")
      : "No address phones can reach.");
  const warning = $("#join-warning");
  warning.hidden = !(view.loopbackOnly || (!urls.length));
  warning.textContent = view.loopbackOnly
    ? "The server listens on this computer only (127.0.0.1): phones and laptops cannot join, and the projector's QR would point at 127.0.0.1. Start it with --urls http://0.0.0.0:5000, or set Apug:PublicUrl."
    : "This page is open at 127.0.0.1 and no LAN address was found: set Apug:PublicUrl to the address the room uses.";
}

async function loadContest() {
  showContest(await getJson("/api/admin/contest"));
}

async function clock(action, body) {
  showContest(await postJson(`/api/admin/contest/${action}`, body));
  return { start: "Started.", end: "Ended.", freeze: "Frozen.", unfreeze: "Unfrozen.", extend: "Extended.", "reveal/all": "Everything revealed." }[action] ?? "Done.";
}

async function loadAnnouncements() {
  const announcements = await getJson("/api/admin/announcements");
  $("#announcement-list").replaceChildren(...announcements.map((a) =>
    element("li", { textContent: `${new Date(a.at).toLocaleTimeString()} — ${a.message}` })));
}

async function download(path) {
  const response = await api(path);
  const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") || "")?.[1] || path.split("/").pop();
  const url = URL.createObjectURL(await response.blob());
  const link = element("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

$("#login").onsubmit = (event) => {
  event.preventDefault();
  token = $("#token").value.trim();
  sessionStorage.setItem("apug-admin-token", token);
  start();
};
$("#logout").onclick = () => {
  token = "";
  sessionStorage.removeItem("apug-admin-token");
  showLogin("Token forgotten.");
};
$("#filters").onsubmit = (event) => {
  event.preventDefault();
  const button = $("#filters button[type='submit']");
  act(button, async () => { await loadSubmissions(); return ""; });
};
const rejudgeChallenge = $("#rejudge-challenge");
rejudgeChallenge.onclick = () => {
  const challenge = $("#filter-challenge").value;
  if (!challenge) { report(rejudgeChallenge, "Pick a challenge in the filter first.", "error"); return; }
  rejudgeChallenge.dataset.confirm = `Judge every submission to ${challenge} again? Verdicts may change on the board.`;
  act(rejudgeChallenge, async () => followRejudge(rejudgeChallenge, await postJson(`/api/admin/rejudge?challenge=${encodeURIComponent(challenge)}`)));
};
const rejudgeJe = $("#rejudge-je");
rejudgeJe.onclick = () => act(rejudgeJe, async () => followRejudge(rejudgeJe, await postJson("/api/admin/rejudge?verdict=JE")));
const reload = $("#reload");
reload.onclick = () => act(reload, async () => { await postJson("/api/admin/challenges/reload"); await loadChallenges(); return "Challenges reloaded."; });
$("#announce").onsubmit = (event) => {
  event.preventDefault();
  const button = $("#announce button[type='submit']");
  act(button, async () => {
    await postJson("/api/admin/announcements", { message: $("#announcement").value });
    $("#announcement").value = "";
    await loadAnnouncements();
    return "Announced.";
  });
};
for (const button of document.querySelectorAll("[data-download]")) button.onclick = () => act(button, async () => { await download(button.dataset.download); return "Downloaded."; });
for (const button of document.querySelectorAll("[data-clock]")) button.onclick = () => act(button, () => clock(button.dataset.clock));
const setStart = $("#set-start");
setStart.onclick = () => {
  if (!$("#start-at").value) { report(setStart, "Pick a start time first.", "error"); return; }
  act(setStart, () => clock("start", { at: new Date($("#start-at").value).toISOString() }));
};
const extend = $("#extend");
extend.onclick = () => act(extend, () => clock("extend", { minutes: Number($("#extend-minutes").value) }));
const revealNext = $("#reveal-next");
revealNext.onclick = () => act(revealNext, async () => {
  const result = await postJson("/api/admin/contest/reveal/next");
  showContest(result.state);
  return result.final
    ? "Nothing left to reveal: the board shows the final standings."
    : `${result.step.teamName} on ${result.step.label}: ${result.step.solved ? "solved" : "not solved"} (rank ${result.step.rankBefore} → ${result.step.rankAfter}, ${result.step.cellsLeft} left)`;
});
const revealAuto = $("#reveal-auto");
revealAuto.onclick = () => act(revealAuto, async () => {
  const result = await postJson("/api/admin/contest/reveal/auto", { intervalSeconds: Number($("#reveal-interval").value) });
  showContest(result.state);
  return result.final
    ? "Nothing left to reveal: the board shows the final standings."
    : `Revealing a cell every ${result.intervalSeconds} s (${result.step.cellsLeft} left after ${result.step.teamName} on ${result.step.label}).`;
});
const revealStop = $("#reveal-stop");
revealStop.onclick = () => act(revealStop, async () => ((await postJson("/api/admin/contest/reveal/stop")).wasRunning ? "Automatic reveal stopped." : "No automatic reveal was running."));
fillSelect($("#filter-verdict"), VERDICTS.map((v) => [v, v]));
if (token) { $("#token").value = token; start(); }
else setStatus("Enter the admin token to continue: it is Apug:AdminToken, or the one in the .admin-token file beside the server's database.");
