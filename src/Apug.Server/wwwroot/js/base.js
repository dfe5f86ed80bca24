// Where the judge is mounted: "" at the root of its site, "/judge" behind a proxy with Apug:PathBase = /judge.
// Taken from this file's own address (…/js/base.js), so the pages need no configuration.
export const base = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** A root-relative path of the judge ("/api/teams") as the browser must ask for it. */
export const url = (path) => base + path;
