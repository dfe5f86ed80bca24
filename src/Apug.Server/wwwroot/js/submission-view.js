// One submission in the team's list: status, live per-test progress, the verdict explained, sample details.
import { h, formatTime } from "./dom.js";
import { VERDICT_NAMES, explainVerdict } from "./verdicts.js";

/** s: summary (+ detail, + progress from TestFinished events); open: Set of unfolded submission ids. */
export function renderSubmission(s, limits, open) {
  const judged = s.status === "judged" && s.verdict;
  const tests = s.detail?.tests ?? s.progress?.tests ?? [];
  const total = s.progress?.total ?? s.detail?.tests?.length ?? null;
  const badge = judged
    ? h("span", { class: `verdict v-${s.verdict}`, title: VERDICT_NAMES[s.verdict] }, s.verdict)
    : h("span", { class: "verdict v-pending" }, s.status === "running" ? "judging…" : "queued");
  const progress = !judged && total
    ? h("span", { class: "progress" }, `test ${tests.length} of ${total}`)
    : null;
  const summary = h("summary", {},
    badge,
    h("span", { class: "verdict-name" }, judged ? VERDICT_NAMES[s.verdict] : ""),
    progress,
    h("span", { class: "muted small when" }, formatTime(s.createdAt)));
  const body = h("div", { class: "submission-body" },
    testDots(tests, total),
    judged ? h("p", { class: "explain" }, explainVerdict(s.verdict, limits)) : null,
    judged && s.message ? h("p", { class: "judge-message" }, s.message) : null,
    s.detail ? testTable(s.detail.tests) : null,
    s.detail ? s.detail.tests.filter((t) => t.sample && t.verdict !== "AC").map(sampleDetail) : null);
  const details = h("details", { class: "submission", "data-submission": s.id, "data-status": s.status, "data-verdict": s.verdict ?? "" }, summary, body);
  details.open = open.has(s.id);
  details.addEventListener("toggle", () => (details.open ? open.add(s.id) : open.delete(s.id)));
  return details;
}

/** A coloured dot per finished test, grey ones for those still to come. */
function testDots(tests, total) {
  if (!total) return null;
  const dots = [];
  for (let i = 0; i < total; i++) {
    const test = tests[i];
    dots.push(h("span", { class: `dot ${test ? `v-${test.verdict}` : "v-pending"}`, title: test ? `${test.name}: ${test.verdict}` : "not run yet" }));
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
      h("td", {}, `${t.cpuMs} ms`),
      h("td", {}, t.memoryKb == null ? "—" : `${Math.round(t.memoryKb / 1024)} MiB`))))));
}

/** Sample tests only (secret data never reaches the browser): the traceback of an error, or expected vs. actual. */
function sampleDetail(test) {
  const sample = test.sample;
  const parts = [h("h4", {}, `Sample ${test.name}: ${VERDICT_NAMES[test.verdict] ?? test.verdict}`)];
  if (sample.stderr) parts.push(h("figure", { class: "block" }, h("figcaption", {}, "Traceback"), h("pre", { class: "stderr" }, sample.stderr)));
  if (test.verdict === "WA" && sample.output !== null) parts.push(diff(sample.expected, sample.output));
  parts.push(h("figure", { class: "block" }, h("figcaption", {}, "Input"), h("pre", {}, sample.input)));
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
