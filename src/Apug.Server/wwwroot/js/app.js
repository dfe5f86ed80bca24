// The participant page: register, list challenges, read one, run the samples in the browser, submit, follow the verdict.
import { api, ApiError, savedTeam, saveTeam, forgetTeam } from "./api.js";
import { h, copyText, formatDuration } from "./dom.js";
import { SampleRunner, sameTokens } from "./sample-runner.js";
import { connectTeamLive } from "./live.js";
import { renderSubmission, formatPoints } from "./submission-view.js";
import { showAnnouncement, showRecentAnnouncement } from "./announcements.js";
import { showStatement } from "./statement.js";
import { languagePicker } from "./languages.js";
import { drawHints } from "./hints.js";

const view = document.getElementById("view");
const pythonState = document.getElementById("python-state");
const liveState = document.getElementById("live-state");
const MAX_NAME = 40; // TeamEndpoints.MaxNameLength

/** Submission ids whose details are unfolded; kept for this tab so a reload opens them again. */
class OpenCards extends Set {
  static KEY = "apug.open";
  constructor() {
    super(); // the saved ids are added after: Set's constructor would call the overridden add too early
    let saved = [];
    try { saved = JSON.parse(sessionStorage.getItem(OpenCards.KEY) ?? "[]"); } catch { saved = []; }
    if (Array.isArray(saved)) saved.forEach((id) => super.add(id));
  }
  add(id) { super.add(id); this.save(); return this; }
  delete(id) { const had = super.delete(id); this.save(); return had; }
  save() { sessionStorage.setItem(OpenCards.KEY, JSON.stringify([...this].slice(-50))); }
}

const state = {
  challenges: null, // summaries from GET /api/challenges
  submissions: new Map(), // id → summary (+ detail once fetched, + live progress)
  open: new OpenCards(),
  follow: null, // the submission this tab just sent: its card is brought into view as results arrive
  current: null, // the challenge shown ({detail, editor})
  contest: null, // GET /api/contest, kept current by ContestState
  live: null,
  hints: [], // released hints of every challenge (GET /api/hints), kept current by HintReleased / HintOpened
};

// Python starts loading as soon as the page opens: it takes a while, and running samples must not wait for it then.
const runner = new SampleRunner((phase, detail) => {
  pythonState.dataset.state = phase;
  pythonState.textContent = { loading: "Python is loading…", ready: `Python ${detail?.version ?? ""} ready`.replace("  ", " "), failed: "Python unavailable" }[phase];
  pythonState.title = phase === "failed" ? `Running samples in the browser failed: ${detail}. You can still submit.` : pythonState.title;
  document.querySelectorAll("[data-needs-python]").forEach((button) => { button.disabled = phase === "failed"; });
});

// A reload returns to where the reader was once the page has drawn again (the content arrives after the load).
history.scrollRestoration = "manual";
const SCROLL_KEY = "apug.scroll";
let restoreScroll = (() => {
  try { return JSON.parse(sessionStorage.getItem(SCROLL_KEY) ?? "null"); } catch { return null; }
})();
let scrollSaveQueued = false;
window.addEventListener("scroll", () => {
  if (scrollSaveQueued) return;
  scrollSaveQueued = true;
  requestAnimationFrame(() => {
    scrollSaveQueued = false;
    sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ hash: location.hash, y: window.scrollY }));
  });
}, { passive: true });

/** Once, after the first full draw: back to the saved position if it was on this same view. */
function restoreScrollOnce() {
  const saved = restoreScroll;
  restoreScroll = null;
  if (saved && saved.hash === location.hash) window.scrollTo(0, saved.y);
}

/** Scrolls an element into view unless its top is already comfortably on screen. */
function bringIntoView(element) {
  if (!element) return;
  const top = element.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight - 160) element.scrollIntoView({ block: "start", behavior: "smooth" });
}

window.addEventListener("hashchange", () => { restoreScroll = null; route(); });

// The same challenge open in two tabs: each edit saves the draft, so the other tab would silently lose its code at
// the next reload. Say so, and let the reader choose.
window.addEventListener("storage", (event) => {
  const current = state.current;
  if (!current?.editor || event.key !== current.draftKey || event.newValue === null) return;
  const mine = current.editor.state.doc.toString();
  if (event.newValue === mine) { current.draftNotice.hidden = true; return; }
  const theirs = event.newValue;
  current.draftNotice.replaceChildren(
    h("span", {}, "This challenge's code was just changed in another tab or window of this browser."),
    h("button", { type: "button", onclick: () => { current.setText(current.editor, theirs); current.draftNotice.hidden = true; } }, "Use that code"),
    h("button", { type: "button", onclick: () => { localStorage.setItem(current.draftKey, current.editor.state.doc.toString()); current.draftNotice.hidden = true; } }, "Keep this tab's code"));
  current.draftNotice.hidden = false;
});
route();
showContestClock().then(() => showRecentAnnouncement(() => Date.now() + clockOffset));

function route() {
  state.failedView = false;
  const team = savedTeam();
  renderTeam(team);
  const join = location.hash.match(/^#\/join\/([^/]+)$/);
  if (join) return renderJoin(decodeURIComponent(join[1]), team);
  if (!team) return renderRegister();
  startLive(team);
  const match = location.hash.match(/^#\/challenge\/(.+)$/);
  if (match) return renderChallenge(decodeURIComponent(match[1]));
  return renderChallengeList();
}

function renderTeam(team) {
  const element = document.getElementById("team");
  element.hidden = !team;
  element.replaceChildren(...(team ? [h("span", { class: "team-name" }, team.name)] : []));
}

/** The view could not load because the server was unreachable: it is drawn again by itself once the server answers. */
function markUnreachable(error) {
  if (!(error instanceof ApiError) || error.status !== 0) return;
  state.failedView = true;
  setTimeout(recoverView, 3000); // also when the hub never noticed the drop (the chip still says Live)
}

function recoverView() {
  if (!state.failedView) return false;
  route();
  return true;
}

// The browser knows first when the Wi-Fi is back; the hub's reconnect and the polls catch the rest.
window.addEventListener("online", () => recoverView());

function showProblem(container, error) {
  container.replaceChildren(h("p", { class: "problem", role: "alert" }, error instanceof ApiError ? error.message : String(error?.message ?? error)));
}

// ---- Registration ---------------------------------------------------------------------------------------------------

function renderRegister() {
  state.live?.stop();
  state.live = null;
  liveState.hidden = true;
  const problem = h("div");
  // No maxlength: it would cut a pasted name mid-word without a word. The limit is said as they type instead.
  const name = h("input", { id: "team-name", name: "name", required: true, autocomplete: "off", placeholder: "e.g. The Indentation Errors", "aria-describedby": "team-name-hint", oninput: () => sayNameLength() });
  const nameHint = h("p", { id: "team-name-hint", class: "muted small field-hint" }, `Up to ${MAX_NAME} characters.`);
  const members = [1, 2, 3, 4].map((n) => h("input", {
    class: "member", name: "member", maxlength: 40, autocomplete: "off", required: n === 1,
    placeholder: n === 1 ? "Your name" : "Partner's name (optional)", "aria-label": `Member ${n}`,
  }));
  const joinCode = h("input", { id: "join-code", name: "code", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", placeholder: "K7PX-3QMD", maxlength: 12 });
  const joinProblem = h("div");
  const joinForm = h("form", { id: "join", class: "card", onsubmit: (event) => { event.preventDefault(); joinTeam(joinCode.value, joinForm, joinProblem); } },
    h("label", { for: "join-code" }, "Your team is registered on another laptop? Enter the join code it shows"),
    joinCode,
    h("button", { type: "submit" }, "Join the team"),
    joinProblem);
  const form = h("form", { id: "register", class: "card", onsubmit: register },
    h("label", { for: "team-name" }, "Team name"), name, nameHint,
    h("fieldset", {}, h("legend", {}, "Members (1 to 4)"), members),
    h("button", { type: "submit", class: "primary" }, "Register"),
    problem);
  view.replaceChildren(
    h("h1", {}, "Join the contest"),
    h("p", { class: "muted" }, "Register your team once: this browser remembers it."),
    h("p", { class: "card no-python", id: "no-python-note" },
      h("strong", {}, "No Python on this laptop? Still in the game. "),
      "Everything works in this browser: write your code in the editor, run it on the samples or on your own input (your print() output is shown), and submit. Nothing to install."),
    form,
    h("h2", {}, "Or join your team"),
    joinForm);
  name.focus();

  function sayNameLength() {
    const length = name.value.trim().length;
    const over = length > MAX_NAME;
    nameHint.textContent = over
      ? `${length} characters: a team name has at most ${MAX_NAME}. Shorten it by ${length - MAX_NAME}.`
      : length ? `${length} of ${MAX_NAME} characters.` : `Up to ${MAX_NAME} characters.`;
    nameHint.classList.toggle("over", over);
    form.querySelector("button[type=submit]").disabled = over;
  }

  async function register(event) {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const team = await api("/api/teams", {
        method: "POST", token: null,
        body: { name: name.value, members: members.map((m) => m.value.trim()).filter(Boolean) },
      });
      saveTeam(team);
      route();
    } catch (error) {
      showProblem(problem, error);
    } finally {
      button.disabled = false;
    }
  }
}

// ---- Joining a team from another device ----------------------------------------------------------------------------

/** #/join/CODE (from the join QR or link): exchanges the code once for this device's own token on that team. */
function renderJoin(code, team) {
  const problem = h("div");
  const card = h("div", { class: "card", id: "join-link" });
  view.replaceChildren(h("h1", {}, "Join your team"), card);
  if (team) {
    // Never swap a device's team silently: its own token would be forgotten.
    card.append(
      h("p", {}, `This browser is already in the team ${team.name}.`),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary", onclick: () => { forgetTeam(); joinTeam(code, card, problem); } }, "Leave it and join the other team"),
        h("a", { class: "button", href: "#/" }, `Stay in ${team.name}`)),
      problem);
    return;
  }
  card.append(h("p", { class: "muted" }, "Joining…"), problem);
  joinTeam(code, card, problem);
}

async function joinTeam(code, form, problem) {
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  problem.replaceChildren();
  try {
    const team = await api("/api/teams/join", { method: "POST", token: null, body: { code } });
    saveTeam(team);
    history.replaceState(null, "", "#/"); // the code is used up; keep it out of the history
    route();
  } catch (error) {
    form.querySelector(".muted")?.remove();
    showProblem(problem, error);
    if (!form.querySelector("a[href='#/']")) problem.append(h("a", { href: "#/" }, "Register or enter another code"));
  } finally {
    if (button) button.disabled = false;
  }
}

/** The team card's "Join from another device": a short-lived one-time code, and a QR of a link that carries only it. */
async function showJoinCode(box, button) {
  button.disabled = true;
  try {
    const issued = await api("/api/teams/join-codes", { method: "POST" });
    const link = location.origin + location.pathname.replace(/\/$/, "") + issued.joinPath; // this page, with only the code
    const qr = h("div", { class: "join-qr", "aria-label": "QR code of the join link" });
    const expires = h("span", { class: "expires" });
    box.replaceChildren(
      h("p", {}, "On the other laptop or phone, scan this or open the page and enter the code:"),
      h("div", { class: "join-code-row" }, qr, h("div", {},
        h("p", { class: "join-code", id: "join-code-shown" }, issued.code),
        h("p", { class: "muted small" }, expires, " · works once"),
        h("p", { class: "muted small join-link" }, link))));
    const { toSvg } = await import("../lib/qrcode.js") /* module-relative: works under Apug:PathBase */;
    qr.innerHTML = await toSvg(link); // SVG made here from our own text
    const tick = () => {
      const left = new Date(issued.expiresAt).getTime() - (Date.now() + clockOffset);
      expires.textContent = left > 0 ? `expires in ${formatDuration(left)}` : "expired: ask for a new code";
      if (left <= 0) clearInterval(timer);
    };
    const timer = setInterval(() => (box.isConnected ? tick() : clearInterval(timer)), 1000);
    tick();
    button.textContent = "New join code";
  } catch (error) {
    showProblem(box, error);
  } finally {
    button.disabled = false;
  }
}

// ---- Challenge list -------------------------------------------------------------------------------------------------

async function renderChallengeList() {
  state.current = null;
  const list = h("ul", { class: "challenges" }, h("li", { class: "muted" }, "Loading challenges…"));
  const team = savedTeam();
  view.replaceChildren(
    h("h1", {}, "Challenges"),
    list,
    h("section", { class: "card team-card" },
      h("h2", {}, team.name),
      h("p", {}, team.members?.join(", ")),
      h("p", { class: "standing" }),
      h("div", { class: "actions" },
        h("button", { type: "button", id: "show-join-code", onclick: (event) => showJoinCode(view.querySelector("#join-box"), event.currentTarget) }, "Join from another device")),
      h("div", { id: "join-box" }),
      h("button", { type: "button", class: "link", onclick: leave }, "Forget this team on this device")));
  try {
    const [challenges] = await Promise.all([api("/api/challenges"), refreshSubmissions(), loadHints()]);
    state.challenges = challenges;
    drawChallengeList(list);
    restoreScrollOnce();
  } catch (error) {
    if (await tokenRejected(error)) return;
    markUnreachable(error);
    showProblem(list, error);
  }
}

function drawChallengeList(list) {
  if (!state.challenges.length) {
    list.replaceChildren(h("li", { class: "muted" }, "No challenges yet: the organisers will add them."));
    return;
  }
  // In a contest, its problems in label order (others would be refused); otherwise every challenge.
  const problems = new Map((state.contest?.problems ?? []).map((problem) => [problem.id, problem]));
  const shown = problems.size
    ? state.challenges.filter((c) => problems.has(c.id)).sort((a, b) => problems.get(a.id).label.localeCompare(problems.get(b.id).label, undefined, { numeric: true }))
    : state.challenges;
  const standing = view.querySelector(".team-card .standing");
  if (standing) standing.textContent = teamStanding();
  list.replaceChildren(...shown.map((challenge) => {
    const solved = challengeState(challenge.id, challenge.maxScore ?? null);
    const label = problems.get(challenge.id)?.label;
    return h("li", {},
      h("a", { class: `challenge card state-${solved.key}`, href: `#/challenge/${encodeURIComponent(challenge.id)}`, "data-challenge": challenge.id },
        h("span", { class: "challenge-name" }, label ? h("span", { class: "label" }, label) : null, challenge.name),
        h("span", { class: "badge" }, solved.label),
        hintCount(challenge.id),
        h("span", { class: "muted small" }, `${challenge.limits.timeLimitSeconds} s · ${challenge.limits.memoryMiB} MiB · ${challenge.sampleCount} samples`)));
  }));
}

function hintCount(challengeId) {
  const count = state.hints.filter((hint) => hint.challengeId === challengeId).length;
  return count ? h("span", { class: "hint-count" }, count === 1 ? "1 hint" : `${count} hints`) : null;
}

/** Reads the released hints again (at a view's start, and when one comes out); a failure leaves the page as it is. */
async function loadHints() {
  try {
    state.hints = await api("/api/hints");
  } catch {
    return; // hints are an extra: the challenge works without them
  }
  drawCurrentHints();
}

function drawCurrentHints() {
  if (state.current?.hintsBox) drawHints(state.current.hintsBox, state.hints.filter((hint) => hint.challengeId === state.current.detail.id), hintOpened);
}

function hintOpened(view) {
  state.hints = [...state.hints.filter((hint) => hint.challengeId !== view.challengeId || hint.number !== view.number), view];
  drawCurrentHints();
}

/** Solved / judging / tried / new, from the team's submissions; a scoring challenge shows its best points. */
function challengeState(challengeId, maxScore = null) {
  const mine = [...state.submissions.values()].filter((s) => s.challengeId === challengeId);
  const best = bestScore(mine);
  if (mine.some((s) => s.verdict === "AC") || (best !== null && maxScore !== null && best >= maxScore)) {
    return { key: "solved", label: best !== null ? `Solved ✓ ${formatPoints(best, maxScore)}` : "Solved ✓" };
  }
  if (mine.some((s) => s.status !== "judged")) return { key: "judging", label: "Judging…" };
  if (best !== null && best > 0) return { key: "partial", label: formatPoints(best, maxScore) };
  if (mine.length) return { key: "tried", label: `Tried ${mine.length}×` };
  return { key: "new", label: "Not tried" };
}

/** The best score among judged submissions, or null when none has one (pass-fail challenges). */
function bestScore(submissions) {
  const scores = submissions.filter((s) => s.status === "judged" && typeof s.score === "number").map((s) => s.score);
  return scores.length ? Math.max(...scores) : null;
}

/** The team card's line: challenges solved and, when there are scoring challenges, the points of the best tries. */
function teamStanding() {
  const challenges = state.challenges ?? [];
  let solved = 0, points = 0, scoring = false;
  for (const challenge of challenges) {
    const mine = [...state.submissions.values()].filter((s) => s.challengeId === challenge.id);
    if (challengeState(challenge.id, challenge.maxScore ?? null).key === "solved") solved++;
    if (challenge.maxScore !== null && challenge.maxScore !== undefined) {
      scoring = true;
      points += bestScore(mine) ?? 0;
    }
  }
  const text = `${solved} of ${challenges.length} solved`;
  return scoring ? `${text} · ${formatPoints(points, null)} on scoring challenges` : text;
}

function leave() {
  if (!confirm("Forget this team on this device? To use it here again, a teammate's device can show a join code (\"Join from another device\").")) return;
  forgetTeam();
  location.hash = "#/";
  route();
}

/** A 401 means this browser's token is unknown (e.g. a fresh server): offer to register again. */
async function tokenRejected(error) {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  view.replaceChildren(h("div", { class: "card" },
    h("p", { class: "problem" }, error.message),
    h("button", { class: "primary", onclick: () => { forgetTeam(); route(); } }, "Register again")));
  return true;
}

// ---- One challenge --------------------------------------------------------------------------------------------------

async function renderChallenge(id) {
  view.replaceChildren(h("p", { class: "muted" }, "Loading the challenge…"));
  let detail;
  try {
    [detail] = await Promise.all([api(`/api/challenges/${encodeURIComponent(id)}`), refreshSubmissions(id)]);
  } catch (error) {
    if (await tokenRejected(error)) return;
    markUnreachable(error);
    view.replaceChildren(h("a", { href: "#/" }, "← All challenges"));
    const box = h("div");
    view.append(box);
    return showProblem(box, error);
  }
  const limits = detail.limits;
  const label = state.contest?.problems?.find((problem) => problem.id === detail.id)?.label;
  const statement = h("article", { class: "statement" });
  showStatement(statement, detail);
  const hintsBox = h("section", { class: "hints", id: "hints", hidden: true, "aria-live": "polite" });
  const language = await languagePicker(savedTeam());
  const editorBox = h("div", { class: "editor", id: "editor" });
  const draftNotice = h("div", { id: "draft-notice", class: "draft-notice", role: "alert", hidden: true });
  const runResults = h("div", { id: "sample-results" });
  const submitProblem = h("div", { id: "submit-problem" });
  const customRun = ownInputRunner();
  const submissions = h("div", { id: "submissions" });
  const upload = h("input", { type: "file", accept: ".py,text/x-python,text/plain", id: "upload", class: "visually-hidden", onchange: uploadFile });
  const runButton = h("button", { type: "button", id: "run-samples", "data-needs-python": true, onclick: runSamples, disabled: runner.state === "failed" }, "▶ Run samples");
  const submitButton = h("button", { type: "button", id: "submit", class: "primary", onclick: submit, disabled: !!detail.notJudgedReason }, "Submit");
  // Off unless the team says so: nobody's code is shown without their agreement.
  const showAtRoundup = h("input", { type: "checkbox", id: "show-at-roundup" });
  const roundupChoice = h("label", { class: "roundup-choice", for: "show-at-roundup", title: "After the contest the organisers may show this solution, if accepted, on the projector" },
    showAtRoundup, " OK to show at the round-up");

  view.replaceChildren(
    h("a", { href: "#/" }, "← All challenges"),
    h("h1", {}, label ? h("span", { class: "label" }, label) : null, detail.name),
    h("p", { class: "limits" },
      h("span", {}, `Time ${limits.timeLimitSeconds} s`), h("span", {}, `Memory ${limits.memoryMiB} MiB`),
      h("span", {}, `Output ${limits.outputMiB} MiB`), limits.codeKiB ? h("span", {}, `Code ${limits.codeKiB} KiB`) : null,
      detail.statementPdfUrl ? h("a", { href: detail.statementPdfUrl, target: "_blank" }, "Statement (PDF)") : null),
    detail.notJudgedReason
      ? h("p", { class: "problem not-judged", role: "status" }, `This problem cannot be judged here yet: ${detail.notJudgedReason}.`)
      : "", // replaceChildren would write a null as the text "null"
    statement,
    hintsBox,
    h("section", { class: "samples" }, h("h2", {}, "Samples"),
      detail.interactive ? interactiveSamplesNote(detail) : "",
      detail.samples.map((sample, i) => detail.interactive
        ? h("div", { class: "sample interactive" }, sample.interaction
          ? transcriptBlock(`Sample ${i + 1}: the conversation`, sample.interaction)
          : h("p", { class: "muted" }, `Sample ${i + 1} has no transcript in the package: it runs on the server when you submit.`))
        : h("div", { class: "sample" },
          sampleBlock(`Sample ${i + 1} input`, sample.input), sampleBlock(`Sample ${i + 1} output`, sample.output)))),
    h("section", { class: "solution" },
      h("h2", {}, "Your solution"),
      draftNotice,
      editorBox,
      h("div", { class: "actions" },
        runButton, language.element, submitButton, roundupChoice,
        h("label", { for: "upload", class: "button" }, "Upload a .py file"), upload),
      submitProblem,
      customRun.element,
      runResults),
    h("section", {}, h("h2", {}, "Your submissions"), submissions));

  const draftKey = `apug.draft.${detail.id}`;
  customRun.attach(() => editor.state.doc.toString(), limits);
  const initial = localStorage.getItem(draftKey) ?? "# Read the input with input(), print the answer.\n";
  const { createPythonEditor, setText } = await import("../lib/codemirror.js");
  const editor = createPythonEditor(editorBox, initial, (text) => localStorage.setItem(draftKey, text));
  state.current = { detail, editor, submissions, setText, draftKey, draftNotice, hintsBox };
  drawCurrentHints();
  loadHints();
  drawSubmissions();
  restoreScrollOnce();

  async function uploadFile() {
    const file = upload.files?.[0];
    if (!file) return;
    upload.value = "";
    submitProblem.replaceChildren();
    // Refused at once, with the reason: a picture or a huge file would only fill the editor with garbage.
    const limitKiB = limits.codeKiB ?? 64;
    if (file.size > limitKiB * 1024) {
      return showProblem(submitProblem, `${file.name} is ${Math.ceil(file.size / 1024)} KiB: a solution may have at most ${limitKiB} KiB. Upload your .py file.`);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text;
    try {
      if (bytes.includes(0)) throw new Error("NUL byte");
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return showProblem(submitProblem, `${file.name} is not a text file (it looks like ${file.type.startsWith("image/") ? "an image" : "a binary file"}): upload the .py file with your Python code.`);
    }
    setText(editor, text);
  }

  async function runSamples() {
    const source = editor.state.doc.toString();
    // The browser runs Python slower than the judge's machine: give it more time, but stop endless loops.
    const limitMs = Math.min(10_000, Math.max(2000, 3000 * limits.timeLimitSeconds));
    runButton.disabled = true;
    const rows = detail.samples.map((sample, i) => h("div", { class: "sample-result", "data-sample": i + 1 },
      h("h3", {}, `Sample ${i + 1}`, " ", h("span", { class: "badge" }, "waiting…"))));
    runResults.replaceChildren(
      h("h2", {}, "Samples in your browser"),
      h("p", { class: "muted small", id: "sample-run-note" }, `An approximation of the judge: CPython${runner.version ? ` ${runner.version}` : ""} in WebAssembly (Pyodide)${language.value() === "python3" ? "" : `, not ${language.label()} you submit in`}, on this device (the judge's CPython has the same 3.11 minor version), and ${detail.interactive
        ? "the sample's transcript playing the judge's interactor: your program reads its < lines and must print its > lines, word for word. The real interactor may accept other conversations; the judge decides."
        : "a simple comparison of the words and numbers printed. The judge decides."}`),
      ...rows);
    bringIntoView(runResults);
    try {
      let stopped = false;
      for (const [i, sample] of detail.samples.entries()) {
        const row = rows[i];
        if (stopped) {
          showSampleResult(row, "skipped", "not run", "Python restarts after a stopped run: run the samples again in a moment.");
          continue;
        }
        if (detail.interactive && !sample.interaction) {
          showSampleResult(row, "skipped", "runs on the server", "This sample has no transcript to replay here: it runs on the server when you submit.");
          continue;
        }
        row.querySelector(".badge").textContent = runner.state === "ready" ? "running…" : "waiting for Python…";
        if (detail.interactive) {
          const replay = await runner.interact(source, sample.interaction, limitMs);
          if (replay.status === "timeout") stopped = true;
          showReplayResult(row, replay, limitMs, limits);
          continue;
        }
        const result = await runner.run(source, sample.input, limitMs);
        if (result.status === "timeout") {
          stopped = true;
          showSampleResult(row, "fail", `stopped after ${limitMs / 1000} s (the judge's limit is ${limits.timeLimitSeconds} s)`,
            `Still running after ${limitMs / 1000} s here, where Python is slower than on the judge, which stops a test after ${limits.timeLimitSeconds} s: an endless loop, or waiting for more input than the sample has?`);
        } else if (result.status === "syntax") {
          showSampleResult(row, "fail", "syntax error", null, result);
        } else if (result.status === "error") {
          showSampleResult(row, "fail", "error", null, result);
        } else if (sameTokens(result.stdout, sample.output)) {
          showSampleResult(row, "pass", `passes (${result.ms} ms)`, null, result);
        } else {
          showSampleResult(row, "fail", "different output", null, result, sample.output);
        }
      }
    } catch (error) {
      runResults.append(h("p", { class: "problem" }, `Python could not run here: ${error.message}. You can still submit.`));
    } finally {
      runButton.disabled = runner.state === "failed";
    }
  }

  async function submit() {
    submitButton.disabled = true;
    submitProblem.replaceChildren();
    try {
      const accepted = await api("/api/submissions", { method: "POST", body: { challengeId: detail.id, source: editor.state.doc.toString(), language: language.value(), showAtRoundup: showAtRoundup.checked } });
      if (!state.submissions.has(accepted.id)) {
        state.submissions.set(accepted.id, { id: accepted.id, challengeId: detail.id, status: accepted.status, createdAt: new Date().toISOString() });
      }
      state.open.add(accepted.id);
      state.follow = accepted.id;
      drawSubmissions();
      bringIntoView(submissions.querySelector(`[data-submission="${accepted.id}"]`));
    } catch (error) {
      showProblem(submitProblem, error);
    } finally {
      submitButton.disabled = false;
    }
  }
}

/**
 * "Run with your own input": the editor's code on what the team types as stdin, in the browser's Python, with
 * everything it prints (and any traceback) shown — print-debugging without a Python of their own.
 */
function ownInputRunner() {
  const input = h("textarea", { id: "custom-stdin", rows: 3, spellcheck: "false", placeholder: "Type the input your program reads (stdin)", "aria-label": "Your own input" });
  const result = h("div", { id: "custom-result", "aria-live": "polite" });
  const button = h("button", { type: "button", id: "run-custom", "data-needs-python": true, disabled: runner.state === "failed" }, "▶ Run with this input");
  let source = () => "";
  let limits = { timeLimitSeconds: 1 };
  button.addEventListener("click", async () => {
    const limitMs = Math.min(10_000, Math.max(2000, 3000 * limits.timeLimitSeconds));
    button.disabled = true;
    result.replaceChildren(h("p", { class: "muted small" }, runner.state === "ready" ? "Running…" : "Waiting for Python to load…"));
    try {
      const run = await runner.run(source(), input.value, limitMs);
      const status = { ok: `finished in ${run.ms} ms`, error: "stopped with an error", syntax: "syntax error", timeout: `stopped after ${limitMs / 1000} s (an endless loop, or waiting for more input?)` }[run.status];
      result.dataset.status = run.status;
      result.replaceChildren(
        h("p", { class: "small custom-status" }, `Your program ${status}.`),
        h("figure", { class: "block" }, h("figcaption", {}, "Output (everything it printed)"), h("pre", { class: "output" }, run.stdout || "(nothing)")),
        run.stderr ? h("figure", { class: "block" }, h("figcaption", {}, "Error"), h("pre", { class: "stderr" }, run.stderr)) : null);
    } catch (error) {
      result.replaceChildren(h("p", { class: "problem" }, `Python could not run here: ${error.message}. You can still submit.`));
    } finally {
      button.disabled = runner.state === "failed";
    }
  });
  return {
    element: h("details", { class: "custom-run", id: "own-input" },
      h("summary", {}, "Run with your own input"),
      h("p", { class: "muted small" }, "Runs in this browser, like the samples: try edge cases, print what your variables hold. The judge uses only its own tests."),
      input, h("div", { class: "actions" }, button), result),
    attach(getSource, challengeLimits) { source = getSource; limits = challengeLimits; },
  };
}

function sampleBlock(title, text) {
  return h("figure", { class: "block" },
    h("figcaption", {}, title, h("button", { type: "button", class: "copy", onclick: async (event) => {
      await copyText(text);
      event.target.textContent = "Copied";
      setTimeout(() => { event.target.textContent = "Copy"; }, 1500);
    } }, "Copy")),
    h("pre", {}, text));
}

/** Interactive problems: what the samples are, and what happens where there is no transcript. */
function interactiveSamplesNote(detail) {
  const withTranscript = detail.samples.filter((sample) => sample.interaction).length;
  return h("p", { class: "muted interactive-note" }, withTranscript === 0
    ? "This problem is interactive: your program talks with the judge's interactor. The package has no sample transcripts, so the samples run on the server when you submit."
    : "This problem is interactive: your program talks with the judge's interactor. Lines starting with < are what the interactor says (read them with input()); lines starting with > are what your program prints (flush each one, e.g. print(x, flush=True)).");
}

/** An .interaction transcript, each line marked by who says it. */
function transcriptBlock(title, transcript) {
  const lines = transcript.split(/\r?\n/).filter((line) => line.startsWith("<") || line.startsWith(">"));
  return h("figure", { class: "block transcript" },
    h("figcaption", {}, title),
    h("pre", {}, lines.map((line) => h("span", { class: line.startsWith("<") ? "from-judge" : "from-program" },
      line.startsWith("<") ? "judge:   " : "program: ", line.slice(1), "\n"))));
}

/** The outcome of replaying a transcript: the conversation as it went, and where it left the transcript. */
function showReplayResult(row, replay, limitMs, limits) {
  if (replay.status === "timeout") {
    showSampleResult(row, "fail", `stopped after ${limitMs / 1000} s (the judge's limit is ${limits.timeLimitSeconds} s)`,
      "Still running here: an endless loop, or waiting for a line the transcript never sends?");
  } else if (replay.status === "ok") {
    showSampleResult(row, "pass", `follows the transcript (${replay.ms} ms)`, null, null);
  } else if (replay.status === "mismatch") {
    showSampleResult(row, "fail", "leaves the transcript", `Where it differs: ${replay.message}.`, null);
  } else {
    showSampleResult(row, "fail", replay.status === "syntax" ? "syntax error" : "error", null, null);
  }
  if (replay.log?.length) {
    row.append(transcriptBlock("The conversation here", replay.log.map(([dir, line]) => dir + line).join("\n")));
  }
  if (replay.stderr) row.append(h("figure", { class: "block" }, h("figcaption", {}, "Error"), h("pre", { class: "stderr" }, replay.stderr)));
}

function showSampleResult(row, outcome, label, note, result, expected) {
  row.dataset.outcome = outcome;
  row.querySelector(".badge").textContent = label;
  if (note) row.append(h("p", {}, note));
  if (result?.stdout || expected !== undefined) row.append(h("div", { class: "pair" },
    h("figure", { class: "block" }, h("figcaption", {}, "Your output"), h("pre", { class: "output" }, result?.stdout || "(nothing)")),
    expected !== undefined ? h("figure", { class: "block" }, h("figcaption", {}, "Expected"), h("pre", {}, expected)) : null));
  if (result?.stderr) row.append(h("figure", { class: "block" }, h("figcaption", {}, "Error"), h("pre", { class: "stderr" }, result.stderr)));
}

// ---- Submissions and live progress ----------------------------------------------------------------------------------

/** Merges GET /api/submissions into the state; fetches details of the shown (or about to be shown) challenge's judged ones. */
async function refreshSubmissions(challengeId = state.current?.detail.id) {
  const list = await api("/api/submissions");
  for (const summary of list) {
    const known = state.submissions.get(summary.id);
    const wasJudged = known?.status === "judged";
    state.submissions.set(summary.id, { ...known, ...summary });
    if (summary.status === "judged" && (!wasJudged || !known?.detail) && challengeId === summary.challengeId) {
      await loadDetail(summary.id);
    } else if (summary.status === "running" && !known?.progress && challengeId === summary.challengeId) {
      // The tests finished so far, e.g. after a reload mid-judging; without them the live events still count on.
      await loadDetail(summary.id).catch(() => {});
    }
  }
  return list;
}

async function loadDetail(id) {
  const detail = await api(`/api/submissions/${id}`);
  const entry = state.submissions.get(id) ?? {};
  state.submissions.set(id, { ...entry, ...detail, detail });
}

function drawSubmissions() {
  if (state.current) {
    const mine = [...state.submissions.values()]
      .filter((s) => s.challengeId === state.current.detail.id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    state.current.submissions.replaceChildren(...(mine.length
      ? mine.map((s) => renderSubmission(s, state.current.detail.limits, state.open, state.current.detail.maxScore ?? null))
      : [h("p", { class: "muted" }, "None yet. Run the samples, then submit.")]));
  } else if (state.challenges) {
    const list = view.querySelector(".challenges");
    if (list) drawChallengeList(list);
  }
}

function startLive(team) {
  if (state.live) return;
  let polledOnce = false;
  liveState.hidden = false;
  state.live = connectTeamLive(team.token, {
    onMode(mode) {
      liveState.dataset.state = mode;
      liveState.textContent = { live: "Live", connecting: "Connecting…", polling: "Updating every few seconds" }[mode];
      if (mode === "live") recoverView();
    },
    contestState: setContest,
    announcement: showAnnouncement,
    async hintReleased() {
      await loadHints();
      const list = !state.current && view.querySelector(".challenges");
      if (list && state.challenges) drawChallengeList(list);
    },
    hintOpened,
    submissionQueued(queued) {
      // New, or queued again (a rejudge, the engine back): the last judging's verdict and tests no longer stand.
      const known = state.submissions.get(queued.submissionId);
      state.submissions.set(queued.submissionId, {
        ...known, id: queued.submissionId, challengeId: queued.challengeId, createdAt: queued.createdAt, status: "queued",
        verdict: null, score: null, message: null, judgedAt: null, tests: undefined, groups: undefined, detail: undefined, progress: undefined,
      });
      drawSubmissions();
    },
    testFinished(test) {
      const entry = state.submissions.get(test.submissionId) ?? { id: test.submissionId, challengeId: test.challengeId, createdAt: new Date().toISOString() };
      const progress = entry.progress ?? { tests: [] };
      if (!progress.tests.some((t) => t.ordinal === test.ordinal)) progress.tests.push(test);
      progress.total = test.testCount;
      state.submissions.set(test.submissionId, { ...entry, status: entry.status === "judged" ? "judged" : "running", progress });
      drawSubmissions();
    },
    async submissionJudged(judged) {
      const entry = state.submissions.get(judged.submissionId) ?? { id: judged.submissionId, challengeId: judged.challengeId, createdAt: judged.judgedAt };
      state.submissions.set(judged.submissionId, { ...entry, status: "judged", verdict: judged.verdict, score: judged.score, message: judged.message, judgedAt: judged.judgedAt });
      drawSubmissions();
      if (state.current?.detail.id === judged.challengeId) {
        try {
          await loadDetail(judged.submissionId);
          drawSubmissions();
          if (state.follow === judged.submissionId) bringIntoView(state.current?.submissions.querySelector(`[data-submission="${judged.submissionId}"]`));
        } catch {
          // The verdict is shown already; the per-test details come with the next refresh.
        }
      }
    },
    async poll() {
      // Polls only while something is being judged (or once after reconnecting), to keep a room of phones light.
      if (recoverView()) return true; // drawn again from the server; keep polling until the hub is back
      const pending = [...state.submissions.values()].some((s) => s.status !== "judged");
      if (!pending && polledOnce) return false;
      polledOnce = true;
      try {
        await refreshSubmissions();
        drawSubmissions();
      } catch {
        // The server is unreachable for a moment; the next poll tries again.
      }
      return [...state.submissions.values()].some((s) => s.status !== "judged");
    },
  });
}

// ---- Contest clock (when the server runs a contest) ---------------------------------------------------------------

let clockOffset = 0;

async function showContestClock() {
  try {
    setContest(await api("/api/contest", { token: null }));
  } catch {
    return; // no contest endpoint: the page works without a clock
  }
  setInterval(tickContestClock, 1000);
}

/** From GET /api/contest (with problems) or the hub's ContestState (without). */
function setContest(contestView) {
  state.contest = { ...state.contest, ...contestView };
  clockOffset = new Date(contestView.now).getTime() - Date.now();
  tickContestClock();
  if (contestView.problems && state.challenges && !state.current) {
    const list = document.querySelector(".challenges");
    if (list) drawChallengeList(list);
  }
}

function tickContestClock() {
  const contest = state.contest;
  if (!contest) return;
  const element = document.getElementById("contest");
  const now = Date.now() + clockOffset;
  const starts = contest.startsAt ? new Date(contest.startsAt).getTime() : null;
  const ends = contest.endsAt ? new Date(contest.endsAt).getTime() : null;
  let text = contest.name ?? "";
  if (contest.phase === "before") text += starts && now < starts ? ` · starts in ${formatDuration(starts - now)}` : " · starts soon";
  else if (contest.phase === "ended" || (ends && now >= ends)) text += " · finished";
  else if (ends) text += ` · ${formatDuration(ends - now)} left`;
  if (contest.phase === "frozen") text += " · scoreboard frozen";
  element.textContent = text;
  element.hidden = false;
}
