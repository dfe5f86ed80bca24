// The organisers' clarifications: unanswered questions first, live over the hub (the admin token joins the
// organisers' group), answered here privately or for everyone. Works beside admin.js: it starts once the page
// is signed in (#app shown) and reads the same token.
/* global signalR, $, element, hubConnection */
"use strict";

(() => {
  // Where the judge is mounted (Apug:PathBase), from this script's own address, as admin.js does.
  const BASE = new URL("..", document.currentScript.src).pathname.replace(/\/$/, "");
  // $, element and hubConnection come from admin.js, loaded first (a classic script's top-level names are the page's).
  const token = () => sessionStorage.getItem("apug-admin-token") || "";
  const items = new Map();
  let connection = null;

  async function call(path, body) {
    const response = await fetch(BASE + path, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token()}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      const message = problem.detail || Object.values(problem.errors || {}).flat().join(" ") || response.statusText;
      const status = $("#status");
      status.textContent = message;
      status.className = "error";
      throw new Error(message);
    }
    return response.json();
  }

  const time = (at) => (at ? new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "");

  function render() {
    const all = [...items.values()].sort((a, b) => (a.answered - b.answered) || (a.answered ? b.id - a.id : a.id - b.id));
    const unanswered = all.filter((c) => !c.answered).length;
    const count = $("#clarification-count");
    count.textContent = String(unanswered);
    count.toggleAttribute("data-zero", unanswered === 0);
    $("#clarification-summary").textContent = all.length === 0 ? "No questions yet."
      : unanswered === 0 ? "Every question is answered." : `${unanswered} unanswered question(s).`;
    const list = $("#clarification-list");
    list.replaceChildren(...all.map((c) => {
      const about = c.challengeId ? ` about ${c.challengeId}` : "";
      const who = c.teamName ? `${c.teamName}${about}, ${time(c.askedAt)}` : `To everyone${about}, ${time(c.answeredAt)}`;
      const item = element("li", { className: c.answered ? "answered" : "unanswered", id: `clarification-${c.id}` },
        element("strong", {}, who), c.question ? element("p", { className: "question" }, c.question) : "");
      if (c.answered) {
        item.append(element("p", { className: "answer" }, `${c.question ? "Answer" : "Message"} (${c.public ? "to everyone" : "to this team"}): ${c.answer}`));
      } else {
        const text = element("textarea", { rows: 2, maxLength: 2000, required: true, placeholder: "Your answer" });
        const everyone = element("input", { type: "checkbox" });
        const projector = element("input", { type: "checkbox" });
        const form = element("form", { className: "answer-form" }, text,
          element("label", {}, everyone, " answer every team"), " ",
          element("label", {}, projector, " also on the projector"), " ",
          element("button", { type: "submit" }, "Answer"));
        form.onsubmit = async (event) => {
          event.preventDefault();
          const answered = await call(`/api/admin/clarifications/${c.id}/answer`, { text: text.value, public: everyone.checked, projector: projector.checked });
          items.set(answered.id, answered);
          render();
        };
        item.append(form);
      }
      return item;
    }));
  }

  async function start() {
    for (const c of await call("/api/admin/clarifications")) items.set(c.id, c);
    render();
    if (typeof signalR === "undefined" || connection) return;
    connection = hubConnection(token);
    // This connection only follows clarifications: every other event is heard and ignored, not warned about.
    for (const name of ["ContestState", "Leaderboard", "LeaderboardChanged", "FirstToSolve", "Announcement", "SubmissionQueued", "TestFinished", "SubmissionJudged", "AdminSubmission", "HintReleased", "OrganiserHint"]) connection.on(name, () => {});
    connection.on("OrganiserClarification", (c) => { items.set(c.id, c); render(); });
    // Missed events while away: read the list again.
    connection.onreconnected(async () => { for (const c of await call("/api/admin/clarifications")) items.set(c.id, c); render(); });
    await connection.start().catch(() => { /* the list still works; a reload reconnects */ });
  }

  $("#clarify-all").onsubmit = async (event) => {
    event.preventDefault();
    const posted = await call("/api/admin/clarifications",
      { text: $("#clarify-text").value, challengeId: $("#clarify-challenge").value.trim() || null, projector: $("#clarify-projector").checked });
    items.set(posted.id, posted);
    $("#clarify-text").value = "";
    render();
  };

  // Start when admin.js shows the signed-in page.
  const app = $("#app");
  const watch = new MutationObserver(() => { if (!app.hidden && token()) start(); });
  watch.observe(app, { attributes: true, attributeFilter: ["hidden"] });
  if (!app.hidden && token()) start();
})();
