// Entry point bundled by esbuild into wwwroot/lib/katex.js: KaTeX with its auto-render extension, served locally.
import renderMathInElement from "katex/contrib/auto-render";

// The server leaves every formula of a statement (LaTeX's $ $, \( \), \[ \], equation environments; Markdown's
// $ $, $$ $$, \( \), \[ \]) in \( \) or \[ \]. A plain $ is not a delimiter here, so prices stay prices.
// Code and preformatted text are left alone.
const delimiters = [
  { left: "\\[", right: "\\]", display: true },
  { left: "\\(", right: "\\)", display: false },
];

/** Typesets the math inside `element`; a formula KaTeX cannot read stays as its source, in red, with the reason as its title. */
export function renderMath(element) {
  renderMathInElement(element, {
    delimiters,
    throwOnError: false,
    ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code", "option"],
  });
}
