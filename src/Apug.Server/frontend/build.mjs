// Fills wwwroot/lib from node_modules. Run by the server's csproj after `npm ci` (or `npm run build` by hand).
// CodeMirror 6, qrcode, KaTeX and highlight.js (Python only) are bundled with esbuild into one ES module each; SignalR and Pyodide are copied as
// shipped, and KaTeX's style sheet with its fonts.
import { build } from "esbuild";
import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const project = join(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(project, "wwwroot", "lib");
const modules = join(project, "node_modules");

await rm(lib, { recursive: true, force: true });

for (const name of ["codemirror", "qrcode", "katex", "highlight"]) {
  await build({
    entryPoints: [join(project, "frontend", `${name}.js`)],
    outfile: join(lib, `${name}.js`),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "eof",
    logLevel: "warning",
  });
}

const copies = {
  "signalr/signalr.min.js": "@microsoft/signalr/dist/browser/signalr.min.js",
  // The Pyodide runtime (0.25.x: CPython 3.11, the sandbox's minor version; its loader is pyodide.asm.js, which a
  // module worker imports); pyodide-lock.json is required even with no extra packages.
  "pyodide/pyodide.mjs": "pyodide/pyodide.mjs",
  "pyodide/pyodide.asm.js": "pyodide/pyodide.asm.js",
  "pyodide/pyodide.asm.wasm": "pyodide/pyodide.asm.wasm",
  "pyodide/python_stdlib.zip": "pyodide/python_stdlib.zip",
  "pyodide/pyodide-lock.json": "pyodide/pyodide-lock.json",
};
for (const [to, from] of Object.entries(copies)) {
  await mkdir(dirname(join(lib, to)), { recursive: true });
  await copyFile(join(modules, from), join(lib, to));
}
// KaTeX's style sheet and the fonts it names (woff2 is what every current browser takes).
await mkdir(join(lib, "katex", "fonts"), { recursive: true });
await copyFile(join(modules, "katex/dist/katex.min.css"), join(lib, "katex", "katex.min.css"));
for (const font of await readdir(join(modules, "katex/dist/fonts"))) {
  if (font.endsWith(".woff2")) await copyFile(join(modules, "katex/dist/fonts", font), join(lib, "katex", "fonts", font));
}
// highlight.js's high-contrast dark theme, for code read from the back of the room.
await mkdir(join(lib, "highlight"), { recursive: true });
await copyFile(join(modules, "highlight.js/styles/a11y-dark.min.css"), join(lib, "highlight", "a11y-dark.min.css"));
// The csproj compares this stamp with package-lock.json and frontend/ to skip the step when nothing changed.
await writeFile(join(lib, ".built"), new Date().toISOString() + "\n");
console.log(`wwwroot/lib filled from node_modules`);
