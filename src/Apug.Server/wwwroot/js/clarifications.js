// Clarifications on the participant page: the team's questions with their answers and every public answer,
// a form to ask, and answers arriving live over the hub (its own connection, so this stays beside app.js).
/* global signalR */
import { savedTeam } from "./api.js";
import { url } from "./base.js";
import { h } from "./dom.js";

const box = document.querySelector("#clarifications");
const list = box.querySelector(".clarification-list");
const news = box.querySelector(".clarification-news");
const status = box.querySelector(".clarification-status");
const items = new Map();
let team = null;

async function call(path, body) {
  const response = await fetch(url(path), {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${team.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(payload.detail || Object.values(payload.errors || {}).flat().join(" ") || response.statusText);
  return payload;
}

function render() {
  const all = [...items.values()].sort((a, b) => b.id - a.id);
  list.replaceChildren(...all.map((c) => {
    const about = c.challengeId ? `${c.challengeId}: ` : "";
    const item = h("li", { id: `clarification-${c.id}` });
    if (c.question) item.append(h("div", { class: "question" }, `${c.mine ? "You asked" : "A team asked"} — ${about}${c.question}`));
    item.append(c.answer
      ? h("div", { class: "answer" }, `${c.question ? "Answer" : `Organisers${c.challengeId ? ` (${c.challengeId})` : ""}`}: ${c.answer}`)
      : h("div", { class: "pending" }, "Waiting for the organisers' answer…"));
    return item;
  }));
}

function heard(c) {
  items.set(c.id, { ...items.get(c.id), ...c, mine: c.mine || items.get(c.id)?.mine || false });
  render();
  if (!box.open) news.hidden = false;
}

async function start() {
  team = savedTeam();
  if (!team) {
    setTimeout(start, 2000); // not registered yet: the page registers in place
    return;
  }
  box.hidden = false;
  try {
    for (const c of await call("/api/clarifications")) items.set(c.id, c);
    render();
    const challenges = await (await fetch(url("/api/challenges"))).json();
    box.querySelector(".clarification-challenge").append(...challenges.map((c) => h("option", { value: c.id }, c.name)));
  } catch (error) {
    status.textContent = error.message;
  }
  if (typeof signalR === "undefined") return;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url("/hubs/contest"), { accessTokenFactory: () => team.token })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(10_000, 1000 * (context.previousRetryCount + 1)) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  // This connection only follows clarifications: every other event is heard and ignored, not warned about.
  for (const name of ["ContestState", "Leaderboard", "LeaderboardChanged", "FirstToSolve", "Announcement", "SubmissionQueued", "TestFinished", "SubmissionJudged", "AdminSubmission", "HintReleased", "HintOpened"]) connection.on(name, () => {});
  connection.on("Clarification", heard);
  connection.onreconnected(async () => { for (const c of await call("/api/clarifications")) heard(c); });
  await connection.start().catch(() => { status.textContent = "Answers arrive when you reload the page."; });
}

box.addEventListener("toggle", () => { if (box.open) news.hidden = true; });
// A plain button, not a submit: the page's other forms are found by their submit buttons.
box.querySelector(".clarification-ask").onsubmit = (event) => event.preventDefault();
box.querySelector(".clarification-send").onclick = async () => {
  const text = box.querySelector(".clarification-text");
  try {
    const asked = await call("/api/clarifications", { text: text.value, challengeId: box.querySelector(".clarification-challenge").value || null });
    items.set(asked.id, asked);
    text.value = "";
    status.textContent = "Sent: the answer appears here.";
    render();
  } catch (error) {
    status.textContent = error.message;
  }
};
window.addEventListener("load", start);
