// The language a team submits in (GET /api/languages): a choice on the challenge page, remembered per team.
import { api } from "./api.js";
import { h } from "./dom.js";

let languages; // fetched once per page

/** A select with the languages this contest allows; the team's last choice is kept in the browser. */
export async function languagePicker(team) {
  try {
    languages ??= await api("/api/languages");
  } catch {
    languages = [{ id: "python3", name: "Python 3 (CPython)", version: "" }];
  }
  const key = `apug.language.${team?.id ?? "anonymous"}`;
  const remembered = localStorage.getItem(key);
  const select = h("select", { id: "language", "aria-label": "Language", title: "The interpreter the judge runs your submission with" },
    languages.map((l) => h("option", { value: l.id }, `${l.name}${l.version ? ` ${l.version}` : ""}`)));
  select.value = languages.some((l) => l.id === remembered) ? remembered : languages[0].id;
  select.addEventListener("change", () => localStorage.setItem(key, select.value));
  const label = () => languages.find((l) => l.id === select.value)?.name ?? select.value;
  return {
    element: h("label", { class: "language" }, "Run with ", select),
    value: () => select.value,
    label,
  };
}
