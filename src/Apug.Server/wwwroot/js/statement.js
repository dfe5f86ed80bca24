// A challenge statement as the server rendered it (Markdown or LaTeX to HTML), with its math typeset by KaTeX
// (served from /lib, no CDN). Used by the participant page and the organisers' preview.

let katex; // the module, loaded once on first use

/** Puts the statement into `element`; a package without one says so. Math is typeset when KaTeX has loaded. */
export async function showStatement(element, detail) {
  if (!detail.statementHtml) {
    element.replaceChildren(Object.assign(document.createElement("p"), {
      className: "muted no-statement",
      textContent: detail.statementPdfUrl
        ? "This problem's statement is a PDF: open it with the link above."
        : "This package has no statement: the name, the samples and the limits are all there is.",
    }));
    return;
  }
  await showRenderedHtml(element, detail.statementHtml);
}

/** Puts HTML the server rendered from the organisers' Markdown or LaTeX (a statement, a hint) into `element`, math typeset. */
export async function showRenderedHtml(element, html) {
  element.innerHTML = html; // rendered by the server from the organisers' package, raw HTML disabled
  if (!element.querySelector(".math, .math-inline, .math-display") && !/\\\(|\\\[/.test(element.textContent)) return;
  try {
    katex ??= await import("../lib/katex.js");
    katex.renderMath(element);
    element.dataset.math = "typeset";
  } catch (error) {
    // The formulas stay readable as source.
    element.dataset.math = `failed: ${error.message}`;
  }
}
