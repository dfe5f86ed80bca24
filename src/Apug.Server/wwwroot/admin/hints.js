// The organisers' hints: which are out (by hand or at their minute), what each costs, how many teams opened it;
// add a hint or edit one (a package's too), release by hand. Live over the hub's admin group. Works beside admin.js:
// starts once the page is signed in (#app shown) and reads the same token.
/* global signalR, $, element, hubConnection */
"use strict";

(() => {
  const BASE = new URL("..", document.currentScript.src).pathname.replace(/\/$/, "");
  // $, element and hubConnection come from admin.js, loaded first (a classic script's top-level names are the page's).
  const token = () => sessionStorage.getItem("apug-admin-token") || "";
  const hints = new Map(); // "challenge/number" → AdminHintView
  let editing = null; // the hint the form edits, or null to add one
  let connection = null;

  async function call(path, method = "GET", body) {
    const response = await fetch(BASE + path, {
      method,
      headers: { Authorization: `Bearer ${token()}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || Object.values(data.errors || {}).flat().join(" ") || response.statusText);
    return data;
  }

  const key = (hint) => `${hint.challengeId}/${hint.number}`;
  const time = (at) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

  function when(hint) {
    if (hint.released) return `out since ${time(hint.releasedAt)}`;
    if (hint.releaseMinute !== null && hint.releaseMinute !== undefined) {
      return hint.releasesAt ? `at minute ${hint.releaseMinute} (${time(hint.releasesAt)})` : `at minute ${hint.releaseMinute} of the contest`;
    }
    return "by hand";
  }

  function render() {
    const all = [...hints.values()].sort((a, b) => a.challengeId.localeCompare(b.challengeId) || a.number - b.number);
    const out = all.filter((h) => h.released).length;
    $("#hint-summary").textContent = all.length === 0
      ? "No hints yet: add one below, or put hints/1.md, hints/2.md … in a package."
      : `${out} of ${all.length} hint(s) out.`;
    $("#hint-list tbody").replaceChildren(...all.map((hint) => {
      const release = element("button", { type: "button", className: "hint-release", disabled: hint.released }, "Release now");
      release.onclick = () => act(release, async () => { remember(await call(`/api/admin/hints/${encodeURIComponent(hint.challengeId)}/${hint.number}/release`, "POST")); return "released"; });
      const edit = element("button", { type: "button", className: "hint-edit" }, "Edit");
      edit.onclick = () => startEditing(hint);
      const preview = element("div", { className: "hint-preview" });
      preview.innerHTML = hint.html; // rendered by the server, raw HTML disabled
      return element("tr", { id: `hint-${hint.challengeId}-${hint.number}`, className: hint.released ? "released" : "" },
        element("td", {}, hint.challengeId), element("td", {}, String(hint.number)), element("td", {}, preview),
        element("td", {}, hint.cost > 0 ? `${hint.cost} points` : "free"),
        element("td", { className: "hint-when" }, when(hint), hint.origin === "Package" ? "" : element("span", { className: "muted small" }, hint.origin === "Organisers" ? " · added here" : " · edited here")),
        element("td", { className: "hint-opened" }, `${hint.openedBy} team${hint.openedBy === 1 ? "" : "s"}`),
        element("td", {}, release, " ", edit));
    }));
  }

  async function act(button, action) {
    button.disabled = true;
    try {
      $("#hint-outcome").textContent = await action();
      $("#hint-outcome").className = "outcome ok";
    } catch (error) {
      $("#hint-outcome").textContent = error.message;
      $("#hint-outcome").className = "outcome error";
    } finally {
      button.disabled = false;
      render();
    }
  }

  function remember(hint) {
    hints.set(key(hint), hint);
    render();
  }

  function startEditing(hint) {
    editing = hint;
    $("#hint-challenge").value = hint.challengeId;
    $("#hint-challenge").disabled = true;
    $("#hint-markdown").value = hint.markdown;
    $("#hint-cost").value = String(hint.cost);
    $("#hint-minute").value = hint.releaseMinute ?? "";
    $("#hint-save").textContent = `Save hint ${hint.number} of ${hint.challengeId}`;
    $("#hint-cancel").hidden = false;
    $("#hint-markdown").focus();
  }

  function stopEditing() {
    editing = null;
    $("#hint-form").reset();
    $("#hint-challenge").disabled = false;
    $("#hint-save").textContent = "Add hint";
    $("#hint-cancel").hidden = true;
  }

  async function load() {
    for (const hint of await call("/api/admin/hints")) hints.set(key(hint), hint);
    render();
  }

  async function start() {
    const catalog = await call("/api/admin/challenges");
    $("#hint-challenge").replaceChildren(...catalog.challenges.map((c) => element("option", { value: c.id }, c.id)));
    await load();
    if (typeof signalR === "undefined" || connection) return;
    connection = hubConnection(token);
    // This connection only follows hints: every other event is heard and ignored, not warned about.
    for (const name of ["ContestState", "Leaderboard", "LeaderboardChanged", "FirstToSolve", "Announcement", "SubmissionQueued", "TestFinished",
      "SubmissionJudged", "AdminSubmission", "Clarification", "OrganiserClarification", "HintReleased"]) connection.on(name, () => {});
    connection.on("OrganiserHint", remember);
    connection.onreconnected(() => load().catch(() => {}));
    await connection.start().catch(() => { /* the list still works; a reload reconnects */ });
  }

  $("#hint-form").onsubmit = (event) => {
    event.preventDefault();
    const button = $("#hint-save");
    const minute = $("#hint-minute").value.trim();
    const body = { markdown: $("#hint-markdown").value, cost: Number($("#hint-cost").value || 0), releaseMinute: minute === "" ? null : Number(minute) };
    act(button, async () => {
      const saved = editing
        ? await call(`/api/admin/hints/${encodeURIComponent(editing.challengeId)}/${editing.number}`, "PUT", body)
        : await call("/api/admin/hints", "POST", { ...body, challengeId: $("#hint-challenge").value });
      remember(saved);
      stopEditing();
      return `hint ${saved.number} of ${saved.challengeId} saved`;
    });
  };
  $("#hint-cancel").onclick = stopEditing;

  const app = $("#app");
  const watch = new MutationObserver(() => { if (!app.hidden && token()) start().catch(() => {}); });
  watch.observe(app, { attributes: true, attributeFilter: ["hidden"] });
  if (!app.hidden && token()) start().catch(() => {});
})();
