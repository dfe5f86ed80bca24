// Live hints under a challenge's statement: each released hint with what opening it costs, said before it is opened;
// its text (rendered like the statement, KaTeX included) once the team opens it. A costed hint asks on the page first.
import { api } from "./api.js";
import { h } from "./dom.js";
import { showRenderedHtml } from "./statement.js";
import { formatPoints } from "./submission-view.js";

/** Draws `hints` (GET /api/hints, this challenge's) into `box`; onChange(view) is called with an opened hint. */
export function drawHints(box, hints, onChange) {
  box.hidden = hints.length === 0;
  if (!hints.length) return;
  const sorted = [...hints].sort((a, b) => a.number - b.number);
  box.replaceChildren(h("h2", {}, "Hints"), h("ol", { class: "hint-list" }, sorted.map((hint) => hintItem(hint, onChange))));
}

function costLabel(hint) {
  if (hint.opened) return hint.paidCost > 0 ? `cost ${formatPoints(hint.paidCost, null)} off this challenge` : "free";
  return hint.cost > 0 ? `costs ${formatPoints(hint.cost, null)} off this challenge's score` : "free";
}

function hintItem(hint, onChange) {
  const problem = h("p", { class: "problem", hidden: true });
  const item = h("li", { class: "hint", "data-hint": hint.number, "data-opened": hint.opened ? "yes" : "no" },
    h("div", { class: "hint-head" }, h("strong", {}, `Hint ${hint.number}`), " ", h("span", { class: "hint-cost" }, costLabel(hint))));
  if (hint.opened) {
    const text = h("div", { class: "hint-text statement" });
    showRenderedHtml(text, hint.html ?? "");
    item.append(text);
    return item;
  }
  const open = async (acceptCost) => {
    problem.hidden = true;
    try {
      onChange(await api(`/api/hints/${encodeURIComponent(hint.challengeId)}/${hint.number}/open`, { method: "POST", body: { acceptCost } }));
    } catch (error) {
      problem.textContent = error.message;
      problem.hidden = false;
    }
  };
  if (hint.cost > 0) {
    // Two steps on the page itself: the cost is said again right where the team confirms it.
    const confirmRow = h("div", { class: "hint-confirm", hidden: true },
      h("span", {}, `Opening hint ${hint.number} takes ${formatPoints(hint.cost, null)} off your score for this challenge.`), " ",
      h("button", { type: "button", class: "primary hint-accept", onclick: () => open(true) }, "Yes, open it"), " ",
      h("button", { type: "button", class: "link", onclick: () => { confirmRow.hidden = true; } }, "Not now"));
    item.append(h("button", { type: "button", class: "hint-open", onclick: () => { confirmRow.hidden = false; } },
      `Open hint ${hint.number} (${formatPoints(hint.cost, null)})`), confirmRow);
  } else {
    item.append(h("button", { type: "button", class: "hint-open", onclick: () => open(false) }, `Show hint ${hint.number}`));
  }
  item.append(problem);
  return item;
}
