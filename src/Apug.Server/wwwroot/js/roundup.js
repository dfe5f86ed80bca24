// The round-up on the projector, after the contest: per challenge, its facts, then the solutions the teams agreed to
// show, one at a time, syntax-highlighted. Organisers only (the admin token of the organisers' page, kept in this tab);
// the organiser steps with the keyboard. Exports the same as Markdown or HTML for the write-up.
import { highlightPython } from "../lib/highlight.js";

const $ = (selector) => document.querySelector(selector);
// "" at the root of the site, "/judge" under Apug:PathBase: from this module's own address (…/js/roundup.js).
const BASE = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const TOKEN_KEY = "apug-admin-token"; // the organisers' page's
let slides = [];
let index = 0;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "dataset") Object.assign(node.dataset, value);
    else node[name] = value;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

async function call(path) {
  const response = await fetch(BASE + path, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ""}` } });
  if (response.ok) return response;
  const problem = await response.json().catch(() => ({}));
  const error = new Error(problem.detail || problem.title || `The server answered ${response.status}.`);
  error.status = response.status;
  throw error;
}

async function load() {
  $("#problem").hidden = true;
  if (!sessionStorage.getItem(TOKEN_KEY)) return askToken();
  let view;
  try {
    view = await (await call("/api/admin/roundup")).json();
  } catch (error) {
    if (error.status === 401) return askToken("The admin token was refused: check it and try again.");
    $("#problem").textContent = error.message; // e.g. the contest has not ended yet
    $("#problem").hidden = false;
    return;
  }
  $("#login").hidden = true;
  $("#keys").hidden = false;
  $("#exports").hidden = false;
  $("#title").textContent = `Round-up · ${view.contestName}`;
  slides = view.challenges.flatMap((challenge) => [{ challenge }, ...challenge.solutions.map((solution) => ({ challenge, solution }))]);
  const saved = Number(location.hash.slice(1));
  show(Number.isInteger(saved) && saved >= 1 ? saved - 1 : 0);
}

function askToken(message) {
  $("#login").hidden = false;
  if (message) {
    $("#problem").textContent = message;
    $("#problem").hidden = false;
  }
  $("#token").focus();
}

function show(at) {
  if (!slides.length) {
    $("#slide").replaceChildren(el("p", { className: "muted" }, "This contest has no challenges."));
    return;
  }
  index = Math.max(0, Math.min(slides.length - 1, at));
  history.replaceState(null, "", `#${index + 1}`); // a reload stays on this slide
  $("#position").textContent = `${index + 1} / ${slides.length}`;
  const { challenge, solution } = slides[index];
  const slide = $("#slide");
  slide.dataset.challenge = challenge.id;
  slide.dataset.kind = solution ? "solution" : "challenge";
  slide.className = `slide ${slide.dataset.kind}`;
  const heading = el("h2", {}, el("span", { className: "label" }, challenge.label), challenge.name);
  if (!solution) {
    delete slide.dataset.team;
    const shown = challenge.solutions.length;
    slide.replaceChildren(heading,
      el("p", { className: "solved-by" }, challenge.solvedBy === 0 ? "Nobody solved it this time."
        : `Solved by ${challenge.solvedBy} team${challenge.solvedBy === 1 ? "" : "s"} · ${shown === 0 ? "no team chose to show its code" : `${shown} solution${shown === 1 ? "" : "s"} to show`}`),
      el("ul", { className: "facts" }, facts(challenge).map((fact) => el("li", {}, fact))));
    return;
  }
  slide.dataset.team = solution.teamName;
  const code = el("code", { className: "hljs language-python" });
  code.innerHTML = highlightPython(solution.source.replace(/\n+$/, "")); // highlight.js escapes the text
  // As large as the slide allows for this many lines (readable from the back), between 16 and 44 px.
  const size = Math.max(16, Math.min(44, (window.innerHeight * 0.62) / (solution.lines * 1.35)));
  code.style.setProperty("--code-size", `${Math.round(size)}px`);
  slide.replaceChildren(
    el("div", {}, el("span", { className: "label" }, challenge.label), el("span", { className: "team" }, solution.teamName)),
    el("div", { className: "tags" }, solution.facts.map((fact) => el("span", { className: "tag" }, fact))),
    el("p", { className: "meta" }, [
      solution.minute === null ? "accepted" : `accepted at minute ${solution.minute}`,
      solution.attempts === 1 ? "1 attempt" : `${solution.attempts} attempts`,
      `${solution.lines} lines`, `${solution.bytes} bytes`, `${solution.cpuMs} ms CPU`, solution.language].join(" · ")),
    el("pre", { className: "code" }, code));
}

function facts(challenge) {
  const list = [];
  if (challenge.firstToSolve) list.push(`First to solve: ${challenge.firstToSolve.teamName} (minute ${challenge.firstToSolve.value})`);
  if (challenge.fewestAttempts) list.push(`Fewest attempts: ${challenge.fewestAttempts.teamName} (${challenge.fewestAttempts.value === 1 ? "1 attempt" : `${challenge.fewestAttempts.value} attempts`})`);
  if (challenge.shortestSource) list.push(`Shortest source: ${challenge.shortestSource.teamName} (${challenge.shortestSource.value} bytes)`);
  if (challenge.fastestCpu) list.push(`Fastest CPU time: ${challenge.fastestCpu.teamName} (${challenge.fastestCpu.value} ms)`);
  return list;
}

/** The first slide of the next (or, with -1, this or the previous) challenge. */
function challengeStart(direction) {
  const starts = slides.map((slide, i) => (slide.solution ? -1 : i)).filter((i) => i >= 0);
  if (direction > 0) return starts.find((i) => i > index) ?? index;
  return [...starts].reverse().find((i) => i < index) ?? 0;
}

document.addEventListener("keydown", (event) => {
  if (!slides.length || event.target instanceof HTMLInputElement || event.altKey || event.ctrlKey || event.metaKey) return;
  const moves = {
    ArrowRight: () => index + 1, " ": () => index + 1, PageDown: () => index + 1, n: () => index + 1,
    ArrowLeft: () => index - 1, PageUp: () => index - 1, p: () => index - 1,
    ArrowDown: () => challengeStart(1), ArrowUp: () => challengeStart(-1),
    Home: () => 0, End: () => slides.length - 1,
  };
  const move = moves[event.key];
  if (!move) return;
  event.preventDefault();
  show(move());
});

$("#login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $("#token").value);
  load();
});

for (const button of document.querySelectorAll("[data-export]")) {
  button.addEventListener("click", async () => {
    const kind = button.dataset.export;
    try {
      const blob = await (await call(`/api/admin/roundup.${kind}`)).blob();
      const link = el("a", { href: URL.createObjectURL(blob), download: `roundup.${kind}` });
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      $("#problem").textContent = error.message;
      $("#problem").hidden = false;
    }
  });
}

load();
