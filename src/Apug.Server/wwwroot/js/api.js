// The REST API and the team remembered in this browser.
import { url } from "./base.js";

const TEAM_KEY = "apug.team";

/** The registered team ({id, name, members, token}) or null. */
export function savedTeam() {
  try {
    return JSON.parse(localStorage.getItem(TEAM_KEY) ?? "null");
  } catch {
    return null;
  }
}

export function saveTeam(team) {
  localStorage.setItem(TEAM_KEY, JSON.stringify(team));
}

export function forgetTeam() {
  localStorage.removeItem(TEAM_KEY);
}

/** An error whose message is the API's problem-details text, written for participants: show it as it is. */
export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

/** The message(s) of an RFC 7807 problem: validation errors first (one per field), else the detail, else the title. */
export function problemMessage(problem, status) {
  const errors = problem?.errors ? Object.values(problem.errors).flat() : [];
  if (errors.length) return errors.join(" ");
  return problem?.detail ?? problem?.title ?? `The server answered ${status}.`;
}

/** JSON request to the API; throws ApiError with the server's message when the answer is not a success. */
export async function api(path, { method = "GET", body, token = savedTeam()?.token } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "The judge server cannot be reached. Check the Wi-Fi; the page keeps your code.");
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, problemMessage(data, response.status), data);
  return data;
}
