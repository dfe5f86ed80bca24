// Entry point bundled by esbuild into wwwroot/lib/highlight.js: highlight.js's core with Python only (the round-up's
// code on the projector), served locally.
import hljs from "highlight.js/lib/core";
import python from "highlight.js/lib/languages/python";

hljs.registerLanguage("python", python);

/** The source as HTML with highlight.js's hljs-* spans; the text itself is escaped by highlight.js. */
export function highlightPython(source) {
  return hljs.highlight(source, { language: "python", ignoreIllegals: true }).value;
}
