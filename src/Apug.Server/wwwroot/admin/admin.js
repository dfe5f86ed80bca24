// The organisers' page: plain JS over /api/admin. The token stays in this tab (sessionStorage) and goes in the
// Authorization header of every call; nothing here works without it.
"use strict";

const $ = (selector) => document.querySelector(selector);
const VERDICTS = ["AC", "WA", "TLE", "MLE", "RTE", "OLE", "CE", "JE"];
let token = sessionStorage.getItem("apug-admin-token") || "";
let teams = [];
// "" at the root of the site, "/judge" under Apug:PathBase: from this script's own address (…/admin/admin.js).
const BASE = new URL("..", document.currentScript.src).pathname.replace(/\/$/, "");

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
    setStatus(detail, true);
    throw new Error(detail);
  }
  return response;
}

const getJson = async (path) => (await api(path)).json();
const postJson = async (path, body) => (await api(path, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) })).json();

function showLogin(message) {
  $("#app").hidden = true;
  $("#logout").hidden = true;
  setStatus(message, true);
}

async function start() {
  try {
    await loadChallenges();
  } catch {
    return;
  }
  $("#app").hidden = false;
  $("#logout").hidden = false;
  setStatus("Signed in as organiser.");
  await Promise.all([loadTeams(), loadAnnouncements(), loadContest()]);
  await loadSubmissions();
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
  const { showStatement } = await import("/js/statement.js");
  await showStatement(body, detail);
}

async function loadTeams() {
  teams = await getJson("/api/admin/teams");
  fillSelect($("#filter-team"), teams.map((t) => [t.id, t.name]));
  $("#team-list tbody").replaceChildren(...teams.map((team) => {
    const rename = element("button", { type: "button", textContent: "Rename" });
    rename.onclick = async () => {
      const name = prompt(`New name for ${team.name}`, team.name);
      if (!name) return;
      await postJson(`/api/admin/teams/${team.id}/rename`, { name });
      setStatus(`Renamed to ${name}.`);
      await loadTeams();
    };
    const hide = element("button", { type: "button", textContent: team.hidden ? "Show on board" : "Hide from board" });
    hide.onclick = async () => {
      await postJson(`/api/admin/teams/${team.id}/${team.hidden ? "unhide" : "hide"}`);
      await loadTeams();
    };
    const disqualify = element("button", { type: "button", textContent: team.disqualified ? "Reinstate" : "Disqualify" });
    disqualify.onclick = async () => {
      if (team.disqualified) {
        await postJson(`/api/admin/teams/${team.id}/reinstate`);
      } else {
        const reason = prompt(`Why is ${team.name} disqualified?`);
        if (!reason) return;
        await postJson(`/api/admin/teams/${team.id}/disqualify`, { reason });
      }
      await loadTeams();
    };
    return element("tr", {},
      element("td", { textContent: team.name }), element("td", { textContent: team.members.join(", ") }),
      element("td", { textContent: team.submissions }),
      element("td", { textContent: team.disqualified ? `disqualified: ${team.disqualifiedReason}` : team.hidden ? "hidden" : "on the board" }),
      element("td", {}, rename, " ", hide, " ", disqualify));
  }));
}

async function loadSubmissions() {
  const query = new URLSearchParams();
  if ($("#filter-team").value) query.set("team", $("#filter-team").value);
  if ($("#filter-challenge").value) query.set("challenge", $("#filter-challenge").value);
  if ($("#filter-verdict").value) query.set("verdict", $("#filter-verdict").value);
  const submissions = await getJson(`/api/admin/submissions?${query}`);
  $("#submission-list tbody").replaceChildren(...submissions.map((s) => {
    const open = element("button", { type: "button", textContent: "Open" });
    open.onclick = () => openSubmission(s.id);
    const row = element("tr", {},
      element("td", { textContent: new Date(s.createdAt).toLocaleTimeString() }), element("td", { textContent: s.teamName }),
      element("td", { textContent: s.challengeId }), element("td", { textContent: s.status }),
      element("td", { className: `verdict-${s.verdict}`, textContent: s.verdict ?? "" }),
      element("td", { textContent: s.score ?? "" }), element("td", {}, open));
    row.dataset.id = s.id;
    return row;
  }));
}

async function openSubmission(id) {
  const s = await getJson(`/api/admin/submissions/${id}`);
  const rejudge = element("button", { type: "button", textContent: "Rejudge" });
  rejudge.onclick = async () => {
    await postJson(`/api/admin/submissions/${id}/rejudge`);
    setStatus("Queued for rejudging.");
    await loadSubmissions();
  };
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
  detail.hidden = false;
}

function showContest(state) {
  const when = (t) => (t ? new Date(t).toLocaleString() : "not set");
  $("#contest-state").textContent =
    `${state.name}: ${state.phase}. Starts ${when(state.startsAt)}, ends ${when(state.endsAt)}, freezes ${when(state.freezesAt)}.`;
}

async function loadContest() {
  showContest(await getJson("/api/admin/contest"));
}

async function clock(action, body) {
  showContest(await postJson(`/api/admin/contest/${action}`, body));
  setStatus(`Contest: ${action} done.`);
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
$("#filters").onsubmit = (event) => { event.preventDefault(); loadSubmissions(); };
$("#rejudge-challenge").onclick = async () => {
  const challenge = $("#filter-challenge").value;
  if (!challenge) { setStatus("Pick a challenge to rejudge first.", true); return; }
  const result = await postJson(`/api/admin/rejudge?challenge=${encodeURIComponent(challenge)}`);
  setStatus(`${result.count} submission(s) queued for rejudging.`);
  await loadSubmissions();
};
$("#rejudge-je").onclick = async () => {
  const result = await postJson("/api/admin/rejudge?verdict=JE");
  setStatus(`${result.count} judge error(s) queued for rejudging.`);
  await loadSubmissions();
};
$("#reload").onclick = async () => { await postJson("/api/admin/challenges/reload"); await loadChallenges(); setStatus("Challenges reloaded."); };
$("#announce").onsubmit = async (event) => {
  event.preventDefault();
  await postJson("/api/admin/announcements", { message: $("#announcement").value });
  $("#announcement").value = "";
  setStatus("Announced.");
  await loadAnnouncements();
};
for (const button of document.querySelectorAll("[data-download]")) button.onclick = () => download(button.dataset.download);
for (const button of document.querySelectorAll("[data-clock]")) button.onclick = () => clock(button.dataset.clock);
$("#set-start").onclick = () => {
  if (!$("#start-at").value) { setStatus("Pick a start time first.", true); return; }
  clock("start", { at: new Date($("#start-at").value).toISOString() });
};
$("#extend").onclick = () => clock("extend", { minutes: Number($("#extend-minutes").value) });
$("#reveal-next").onclick = async () => {
  const result = await postJson("/api/admin/contest/reveal/next");
  showContest(result.state);
  $("#reveal-result").textContent = result.final
    ? "Nothing left to reveal: the board shows the final standings."
    : `${result.step.teamName} on ${result.step.label}: ${result.step.solved ? "solved" : "not solved"} (rank ${result.step.rankBefore} → ${result.step.rankAfter}, ${result.step.cellsLeft} left)`;
};
$("#reveal-auto").onclick = async () => {
  const result = await postJson("/api/admin/contest/reveal/auto", { intervalSeconds: Number($("#reveal-interval").value) });
  showContest(result.state);
  $("#reveal-result").textContent = result.final
    ? "Nothing left to reveal: the board shows the final standings."
    : `Revealing a cell every ${result.intervalSeconds} s (${result.step.cellsLeft} left after ${result.step.teamName} on ${result.step.label}).`;
};
$("#reveal-stop").onclick = async () => {
  const result = await postJson("/api/admin/contest/reveal/stop");
  $("#reveal-result").textContent = result.wasRunning ? "Automatic reveal stopped." : "No automatic reveal was running.";
};
fillSelect($("#filter-verdict"), VERDICTS.map((v) => [v, v]));
if (token) { $("#token").value = token; start(); }
else setStatus("Enter the admin token to continue: it is Apug:AdminToken, or the one in the .admin-token file beside the server's database.");
