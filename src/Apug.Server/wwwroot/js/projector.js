// The projector: the live scoreboard on the wall. It never needs a reload: SignalR reconnects on its own, and the
// board resyncs from a snapshot after a reconnect or a missed delta. Without the hub it polls GET /api/leaderboard.
/* global signalR */
import { h, formatDuration } from "./dom.js";
import { Leaderboard } from "./leaderboard.js";
import { toSvg } from "../lib/qrcode.js";
import { base, url } from "./base.js";

const POLL_MS = 5000;
const PAGE_MS = 10_000;
const LOOPBACK = /^https?:\/\/(127\.|localhost(:|\/|$)|\[::1\])/i; // addresses no phone can use
const board = new Leaderboard();
const rowsElement = document.getElementById("rows");
const rowElements = new Map(); // teamId → element, kept across renders so rank changes can animate
let contest = null; // ContestStateView (+ problems, publicUrl)
let clockOffset = 0; // server time − local time
let connected = false;

showJoin(location.origin + base);
loadContest();
connect();
setInterval(tickClock, 1000);
setInterval(() => { if (!connected) poll(); }, POLL_MS);
startPaging();

// ---- Data -------------------------------------------------------------------------------------------------------------

async function getJson(path) {
  const response = await fetch(url(path), { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function loadContest() {
  try {
    const view = await getJson("/api/contest");
    setContestState(view);
    showJoin(view.publicUrl ?? location.origin + base, view);
  } catch {
    setTimeout(loadContest, POLL_MS); // no contest endpoint yet, or the server restarts
  }
}

async function poll() {
  try {
    onSnapshot(await getJson("/api/leaderboard"));
  } catch {
    // The server is away; the next poll or the hub's reconnect brings the board back.
  }
}

function connect() {
  const state = document.getElementById("connection");
  const show = (value, text) => { state.dataset.state = value; state.textContent = text; };
  if (typeof signalR === "undefined") {
    show("offline", "polling");
    poll();
    return;
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url("/hubs/contest"))
    // For ever: the projector must come back by itself after the server restarts.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(5000, 500 * (context.previousRetryCount + 1)) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const resync = () => connection.invoke("RequestSnapshot").catch(() => poll());
  connection.on("Leaderboard", onSnapshot);
  connection.on("LeaderboardChanged", (delta) => {
    const before = board.leader?.teamId;
    if (!board.applyDelta(delta)) return resync();
    render(before);
  });
  connection.on("ContestState", setContestState);
  connection.on("FirstToSolve", (first) => {
    celebrate(`★ First to solve ${first.label}: ${first.teamName}`, "first");
    flashCell(first.teamId, first.challengeId);
  });
  connection.on("Announcement", (announcement) => announce(announcement.message));
  // The room hears of a new hint too (its text is on the teams' pages).
  connection.on("HintReleased", (hint) => {
    const label = board.snapshot?.problems.find((problem) => problem.id === hint.challengeId)?.label ?? hint.challengeId;
    celebrate(`💡 Hint ${hint.number} for ${label} is out${hint.cost > 0 ? ` (costs ${hint.cost} points)` : ""}`, "hint");
  });
  // Team events never come to a public connection; registered so the client does not warn if one ever did.
  for (const name of ["SubmissionQueued", "TestFinished", "SubmissionJudged", "AdminSubmission"]) connection.on(name, () => {});
  connection.onreconnecting(() => { connected = false; show("offline", "reconnecting…"); });
  connection.onreconnected(() => { connected = true; show("live", ""); resync(); loadContest(); });
  connection.onclose(() => { connected = false; show("offline", "reconnecting…"); setTimeout(start, 3000); });

  async function start() {
    try {
      await connection.start();
      connected = true;
      show("live", "");
      resync();
    } catch {
      connected = false;
      show("offline", "waiting for the server…");
      poll();
      setTimeout(start, 5000);
    }
  }
  start();
}

function onSnapshot(snapshot) {
  const before = board.snapshot ? board.leader?.teamId : undefined;
  if (board.snapshot && snapshot.version === board.version) return; // nothing new (polling)
  board.applySnapshot(snapshot);
  render(before);
}

function setContestState(view) {
  contest = { ...contest, ...view };
  clockOffset = new Date(view.now).getTime() - Date.now();
  document.getElementById("contest-name").textContent = view.name || board.snapshot?.contestName || "Apug Judge";
  tickClock();
  showFrozen();
  if (view.phase === "ended") dropCelebration(); // nothing from before the end may linger over the final board
}

// ---- Rendering --------------------------------------------------------------------------------------------------------

/** Redraws the board; rows that moved slide to their new place (FLIP). leaderBefore: to notice a new leader. */
function render(leaderBefore) {
  const snapshot = board.snapshot;
  if (!contest?.name) document.getElementById("contest-name").textContent = snapshot.contestName || "Apug Judge";
  document.body.style.setProperty("--problems", snapshot.problems.length);
  document.body.dataset.scoring = snapshot.scoring;
  renderHeader(snapshot);
  showFrozen();

  // First: where each row is now.
  const firstTops = new Map([...rowElements].map(([teamId, element]) => [teamId, element.getBoundingClientRect().top]));
  rowsElement.querySelector(".waiting")?.remove();
  if (!snapshot.rows.length) rowsElement.replaceChildren(h("p", { class: "waiting" }, "No teams yet: scan the code to join!"));
  const seen = new Set();
  for (const row of snapshot.rows) {
    seen.add(row.teamId);
    let element = rowElements.get(row.teamId);
    if (!element) {
      element = h("div", { class: "row team", "data-team": row.teamId });
      rowElements.set(row.teamId, element);
    }
    fillRow(element, row, snapshot);
    rowsElement.append(element); // appending in rank order is the reordering
  }
  for (const [teamId, element] of rowElements) {
    if (!seen.has(teamId)) {
      element.remove();
      rowElements.delete(teamId);
    }
  }
  // Last, Invert, Play: each moved row starts where it was and slides to its new place.
  for (const [teamId, element] of rowElements) {
    const first = firstTops.get(teamId);
    const delta = first === undefined ? 0 : first - element.getBoundingClientRect().top;
    if (first === undefined) element.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 600 });
    else if (Math.abs(delta) > 1) element.animate([{ transform: `translateY(${delta}px)` }, { transform: "none" }], { duration: 900, easing: "ease-in-out" });
  }

  // A new leader is one alone on top that the old leader no longer ties: a tie swapping order is no news.
  const leader = board.leader;
  const previous = snapshot.rows.find((row) => row.teamId === leaderBefore);
  const alone = leader && snapshot.rows.filter((row) => row.rank === leader.rank).length === 1;
  if (leaderBefore !== undefined && leader && leader.teamId !== leaderBefore && alone && (!previous || previous.rank > leader.rank)) {
    celebrate(`♛ New leader: ${leader.teamName}`, "leader");
  }
}

function renderHeader(snapshot) {
  const points = snapshot.scoring === "points";
  document.getElementById("board-header").replaceChildren(
    h("span", { class: "rank" }, "#"),
    h("span", { class: "name" }, "Team"),
    h("span", { class: "score" }, points ? "Points" : "Solved"),
    h("span", { class: "penalty" }, points ? "Time" : "Penalty"),
    ...snapshot.problems.map((problem) => h("span", { class: "problem", title: problem.name },
      h("span", { class: "balloon", style: problem.colour ? `--colour:${problem.colour}` : null }), problem.label)));
}

function fillRow(element, row, snapshot) {
  const points = snapshot.scoring === "points";
  const cells = new Map(row.cells.map((cell) => [cell.challengeId, cell]));
  element.replaceChildren(
    h("span", { class: "rank" }, row.rank),
    // Two lines, smaller when long: names of up to 40 characters stay whole.
    h("span", { class: `name${row.teamName.length > 24 ? " long" : ""}`, title: row.teamName }, row.teamName),
    h("span", { class: "score" }, points ? formatPoints(row.points) : row.solved),
    h("span", { class: "penalty" }, row.penalty),
    ...snapshot.problems.map((problem) => cellElement(cells.get(problem.id), points, problem.id)));
}

/** solved (minute, +failed tries), first to solve, pending during the freeze, tried and failed, or empty. */
function cellElement(cell, points, challengeId) {
  const base = { "data-challenge": challengeId };
  if (!cell || (!cell.solved && !cell.pending && !cell.attempts)) return h("span", { ...base, class: "cell" });
  if (cell.solved) {
    const extra = cell.attempts > 1 ? `+${cell.attempts - 1}` : "";
    return h("span", { ...base, class: `cell solved${cell.firstToSolve ? " first" : ""}` },
      // minutes is null in practice (no start time): a tick instead.
      h("strong", {}, points && cell.score !== null && cell.score !== undefined ? formatPoints(cell.score) : minutes(cell)),
      h("small", {}, points ? `${minutes(cell)}${extra ? " " + extra : ""}` : extra));
  }
  if (cell.pending) {
    // pending: how many tries the freeze hides (a count; true if the server only says "some").
    const count = typeof cell.pending === "number" ? cell.attempts + cell.pending : `${cell.attempts + 1}+`;
    return h("span", { ...base, class: "cell pending" }, h("strong", {}, "?"), h("small", {}, tries(count)));
  }
  return h("span", { ...base, class: "cell failed" },
    h("strong", {}, points && cell.score ? formatPoints(cell.score) : `−${cell.attempts}`), h("small", {}, tries(cell.attempts)));
}

const minutes = (cell) => (cell.minutes === null || cell.minutes === undefined ? "✓" : `${cell.minutes}'`);
const tries = (count) => (count === 1 ? "1 try" : `${count} tries`);
const formatPoints = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function showFrozen() {
  const frozen = board.snapshot?.frozen || contest?.phase === "frozen";
  document.getElementById("frozen").hidden = !frozen;
}

function tickClock() {
  if (!contest) return;
  const now = Date.now() + clockOffset;
  const at = (iso) => (iso ? new Date(iso).getTime() : null);
  const starts = at(contest.startsAt), ends = at(contest.endsAt);
  const phase = document.getElementById("phase");
  const clock = document.getElementById("clock");
  if (contest.phase === "practice") {
    phase.textContent = /^practice$/i.test(contest.name ?? "") ? "" : "Practice";
    clock.textContent = "";
  } else if (contest.phase === "before" && !starts) {
    phase.textContent = "Starts soon";
    clock.textContent = "";
  } else if (starts && now < starts) {
    phase.textContent = "Starts in";
    clock.textContent = formatDuration(starts - now);
  } else if (ends && now < ends && contest.phase !== "ended") {
    phase.textContent = "Time left";
    clock.textContent = formatDuration(ends - now);
  } else if (contest.phase === "ended" || (ends && now >= ends)) {
    phase.textContent = "Finished";
    clock.textContent = "00:00";
  }
}

// ---- Celebrations and announcements -----------------------------------------------------------------------------------

// One banner at a time, over the header (never over the rows), for a few seconds; a newer one replaces it at once:
// queued banners would arrive late and cover the board for longer than the news is new.
const CELEBRATION_MS = 3500;
const TOGETHER_MS = 1500; // news of the same moment (a first solve that makes a new leader) shares the banner
function celebrate(text, kind) {
  const element = document.getElementById("celebration");
  const recent = !element.hidden && performance.now() - (celebrate.shownAt ?? 0) < TOGETHER_MS;
  const parts = recent ? [...(celebrate.parts ?? []), { text, kind }].slice(-2) : [{ text, kind }];
  celebrate.parts = parts;
  celebrate.shownAt = performance.now();
  // The leader's colour wins when both are news.
  element.textContent = [...parts].sort((a, b) => (a.kind === "leader" ? -1 : 0) - (b.kind === "leader" ? -1 : 0)).map((p) => p.text).join(" · ");
  element.dataset.kind = parts.some((p) => p.kind === "leader") ? "leader" : kind;
  element.hidden = false;
  element.animate([{ transform: "scale(0.8)", opacity: 0 }, { transform: "scale(1.03)", opacity: 1 }, { transform: "scale(1)" }], { duration: 500, easing: "ease-out" });
  clearTimeout(celebrate.timer);
  celebrate.timer = setTimeout(dropCelebration, CELEBRATION_MS);
}

function dropCelebration() {
  clearTimeout(celebrate.timer);
  document.getElementById("celebration").hidden = true;
}

function flashCell(teamId, challengeId) {
  const cell = rowElements.get(teamId)?.querySelector(`[data-challenge="${CSS.escape(challengeId)}"]`);
  cell?.animate([{ transform: "scale(1)" }, { transform: "scale(1.4)" }, { transform: "scale(1)" }], { duration: 1200, iterations: 3 });
}

function announce(message) {
  const element = document.getElementById("announcement");
  element.textContent = message;
  element.hidden = false;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { element.hidden = true; }, 60_000);
}

// ---- How to join ------------------------------------------------------------------------------------------------------

/**
 * url: Apug:PublicUrl, else the address this page was opened with. A loopback address is no use to phones (the
 * projector often runs on the server itself): then the machine's LAN address from the server, or a warning.
 */
async function showJoin(url, view = null) {
  const warning = document.getElementById("join-warning");
  warning.hidden = true;
  if (LOOPBACK.test(url) && view) {
    if (view.lanUrls?.length) {
      url = view.lanUrls[0];
    } else {
      warning.hidden = false;
      warning.textContent = view.loopbackOnly
        ? "⚠ The server listens on this computer only: phones cannot join. Start it with --urls http://0.0.0.0:5000 or set Apug:PublicUrl."
        : "⚠ This address is this computer only: phones cannot join. Set Apug:PublicUrl to the address the room uses.";
    }
  }
  const address = url.replace(/\/$/, "");
  const text = address.replace(/^https?:\/\//, "");
  const element = document.getElementById("join-url");
  element.textContent = text;
  // As large as fits the corner on one line.
  element.style.fontSize = `${Math.min(1.6, 12 / text.length)}rem`;
  document.getElementById("qr").innerHTML = await toSvg(address + "/"); // SVG made here from our own text
}

// ---- Many teams: page through the rows that do not fit -------------------------------------------------------------

function startPaging() {
  let page = 0;
  const indicator = document.getElementById("page");
  setInterval(() => {
    const visible = rowsElement.clientHeight;
    const total = rowsElement.scrollHeight;
    if (total <= visible + 2) {
      indicator.hidden = true;
      page = 0;
      rowsElement.scrollTo({ top: 0 });
      return;
    }
    const rowHeight = rowsElement.querySelector(".row")?.getBoundingClientRect().height ?? 60;
    const step = Math.max(rowHeight, Math.floor(visible / rowHeight) * rowHeight);
    const pages = Math.ceil(total / step);
    page = (page + 1) % pages;
    rowsElement.scrollTo({ top: page * step, behavior: "smooth" });
    indicator.hidden = false;
    indicator.textContent = `page ${page + 1} of ${pages}`;
  }, PAGE_MS);
}
