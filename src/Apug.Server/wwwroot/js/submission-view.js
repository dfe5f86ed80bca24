// One submission in the team's list: status, live per-test progress, the verdict explained, sample details.
import { h, formatTime } from "./dom.js";
import { VERDICT_NAMES, explainVerdict } from "./verdicts.js";

/** "50 / 100 points" (or "50 points" when unbounded); 0.1 precision is plenty for a room. */
export function formatPoints(score, maxScore) {
  const round = (x) => String(Math.round(x * 10) / 10);
  return maxScore === null || maxScore === undefined ? `${round(score)} points` : `${round(score)} / ${round(maxScore)} points`;
}

/** s: summary (+ detail, + progress from TestFinished events); open: Set of unfolded submission ids; maxScore: the
 * challenge's points (null for pass-fail). */
export function renderSubmission(s, limits, open, maxScore = null) {
  const judged = s.status === "judged" && s.verdict;
  const tests = knownTests(s);
  const total = s.detail?.testCount ?? s.progress?.total ?? s.detail?.tests?.length ?? null;
  // Counted by test number, not by how many events this page happened to see (it may have been reloaded mid-judging).
  const done = tests.length ? Math.max(...tests.map((t) => t.ordinal ?? 0)) + 1 : 0;
  const badge = judged
    ? h("span", { class: `verdict v-${s.verdict}`, title: VERDICT_NAMES[s.verdict] }, s.verdict)
    : h("span", { class: "verdict v-pending" }, s.status === "running" ? "judging…" : "queued");
  const progress = !judged && total
    ? h("span", { class: "progress" }, `test ${done} of ${total}`)
    : null;
  const scored = judged && s.score !== null && s.score !== undefined;
  const points = scored
    ? h("span", { class: `points${maxScore !== null && s.score >= maxScore ? " full" : s.score > 0 ? " partial" : ""}` }, formatPoints(s.score, maxScore))
    : null;
  const summary = h("summary", {},
    badge,
    points,
    h("span", { class: "verdict-name" }, judged ? VERDICT_NAMES[s.verdict] : ""),
    progress,
    h("span", { class: "muted small when" }, formatTime(s.createdAt)));
  const body = h("div", { class: "submission-body" },
    testDots(tests, total, judged),
    scored ? h("p", { class: "explain points-explain" }, pointsExplanation(s.score, maxScore)) : null,
    scored && s.detail?.groups?.length ? groupTable(s.detail.groups) : null,
    judged ? h("p", { class: "explain" }, explainVerdict(s.verdict, limits)) : null,
    judged && s.message ? h("p", { class: "judge-message" }, s.message) : null,
    judged && s.detail ? testTable(s.detail.tests) : null,
    judged && s.detail ? s.detail.tests.filter((t) => t.sample && t.verdict !== "AC").map(sampleDetail) : null);
  const details = h("details", { class: "submission", "data-submission": s.id, "data-status": s.status, "data-verdict": s.verdict ?? "" }, summary, body);
  details.open = open.has(s.id);
  details.addEventListener("toggle", () => (details.open ? open.add(s.id) : open.delete(s.id)));
  return details;
}

function pointsExplanation(score, maxScore) {
  if (maxScore !== null && score >= maxScore) return `Full marks: ${formatPoints(score, maxScore)}.`;
  const start = `This submission scored ${formatPoints(score, maxScore)}.`;
  return score > 0 ? `${start} Each group of tests is worth points; the verdict below is the first test that failed.` : start;
}

/** Points per test group: what this submission got out of what each group is worth. */
function groupTable(groups) {
  return h("div", { class: "table-wrap" }, h("table", { class: "groups" },
    h("thead", {}, h("tr", {}, h("th", {}, "Test group"), h("th", {}, "Points"))),
    h("tbody", {}, groups.map((g) => h("tr", { class: g.maxScore !== null && g.score >= g.maxScore ? "full" : g.score > 0 ? "partial" : "none" },
      h("td", {}, g.group.replace(/^secret\//, "")),
      h("td", {}, formatPoints(g.score, g.maxScore)))))));
}

/** The finished tests by ordinal: the API's (stored, or so far while running) merged with live TestFinished events. */
function knownTests(s) {
  const byOrdinal = new Map();
  (s.progress?.tests ?? []).forEach((t, i) => byOrdinal.set(t.ordinal ?? i, t));
  (s.detail?.tests ?? []).forEach((t, i) => byOrdinal.set(t.ordinal ?? i, t));
  return [...byOrdinal.entries()].sort((a, b) => a[0] - b[0]).map(([ordinal, t]) => ({ ...t, ordinal }));
}

/** A coloured dot per finished test, grey ones for those still to come; once judged, hollow ones for tests not run. */
function testDots(tests, total, judged) {
  if (!total) return null;
  const byOrdinal = new Map(tests.map((t) => [t.ordinal, t]));
  const dots = [];
  for (let i = 0; i < total; i++) {
    const test = byOrdinal.get(i);
    const title = test ? `${test.name}: ${test.verdict}` : judged ? "not run: the judge stops at the first failed test" : "not run yet";
    dots.push(h("span", { class: `dot ${test ? `v-${test.verdict}` : judged ? "v-skipped" : "v-pending"}`, title }));
  }
  return h("div", { class: "dots", "aria-label": `${tests.length} of ${total} tests finished` }, dots);
}

function testTable(tests) {
  if (!tests.length) return null;
  return h("div", { class: "table-wrap" }, h("table", { class: "tests" },
    h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Test"), h("th", {}, "Verdict"), h("th", {}, "Time"), h("th", {}, "Memory"))),
    h("tbody", {}, tests.map((t, i) => h("tr", {},
      h("td", {}, i + 1),
      h("td", {}, t.isSample ? `${t.name} (sample)` : t.name),
      h("td", {}, h("span", { class: `verdict small v-${t.verdict}` }, t.verdict), t.message ? h("span", { class: "muted small" }, ` ${t.message}`) : null),
      h("td", { class: "number" }, `${t.cpuMs} ms`),
      h("td", { class: "number" }, t.memoryKb == null ? "—" : `${Math.round(t.memoryKb / 1024)} MiB`))))));
}

/** Sample tests only (secret data never reaches the browser): the traceback of an error, or expected vs. actual. */
function sampleDetail(test) {
  const sample = test.sample;
  const parts = [h("h4", {}, `Sample ${test.name}: ${VERDICT_NAMES[test.verdict] ?? test.verdict}`)];
  if (sample.stderr) parts.push(h("figure", { class: "block" }, h("figcaption", {}, "Traceback"), h("pre", { class: "stderr" }, sample.stderr)));
  if (test.verdict === "WA" && sample.output !== null) parts.push(diff(sample.expected, sample.output));
  parts.push(h("figure", { class: "block" }, h("figcaption", {}, sample.interactive
    ? "The sample's transcript (on the judge your program talked with the interactor itself)" : "Input"), h("pre", {}, sample.input)));
  return h("div", { class: "sample-detail" }, parts);
}

/** Line by line: expected next to actual, differing lines marked. Trailing spaces and missing lines made visible. */
export function diff(expected, actual) {
  const split = (text) => text.replace(/\n$/, "").split("\n");
  const want = split(expected), got = split(actual ?? "");
  const rows = [];
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const a = want[i], b = got[i];
    const same = a !== undefined && b !== undefined && a.trimEnd() === b.trimEnd();
    rows.push(h("tr", { class: same ? "same" : "differs" },
      h("td", { class: "line" }, i + 1),
      h("td", {}, a === undefined ? h("em", {}, "(no line)") : visible(a)),
      h("td", {}, b === undefined ? h("em", {}, "(no line)") : visible(b))));
  }
  return h("table", { class: "diff" },
    h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "Expected"), h("th", {}, "Your output"))),
    h("tbody", {}, rows));
}

const visible = (line) => (line === "" ? h("em", {}, "(empty line)") : line.replace(/ +$/, (spaces) => "·".repeat(spaces.length)));
