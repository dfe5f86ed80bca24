// The organisers' announcements as a dismissable banner under the top bar: the latest one, live from the hub or, when
// the page opens, from GET /api/announcements if it is recent. A dismissed one stays dismissed after a reload.
import { url } from "./base.js";

const DISMISSED_KEY = "apug.dismissedAnnouncement";
const RECENT_MS = 30 * 60 * 1000;

const banner = document.getElementById("announcement");
let shown = null;

// The hub's time and the stored one are taken a moment apart: the same message within a few seconds is the same one.
const same = (a, b) => a && b && a.message === b.message && Math.abs(new Date(a.at) - new Date(b.at)) < 10_000;

function dismissed() {
  try {
    return JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? "null");
  } catch {
    return null;
  }
}

/** Shows {message, at} unless a newer one is shown already or this one was dismissed. */
export function showAnnouncement(announcement) {
  if (same(dismissed(), announcement)) return;
  if (shown && new Date(shown.at) > new Date(announcement.at)) return;
  shown = announcement;
  banner.querySelector(".announcement-text").textContent = announcement.message;
  banner.hidden = false;
}

/** On page load: the newest announcement from the last 30 minutes (serverNow in ms, to ignore a wrong device clock). */
export async function showRecentAnnouncement(serverNow = () => Date.now()) {
  try {
    const response = await fetch(url("/api/announcements"), { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const [newest] = await response.json(); // newest first
    if (newest && serverNow() - new Date(newest.at).getTime() <= RECENT_MS) showAnnouncement(newest);
  } catch {
    // No announcements now; the hub brings the next one.
  }
}

banner.querySelector("button").addEventListener("click", () => {
  if (shown) localStorage.setItem(DISMISSED_KEY, JSON.stringify({ message: shown.message, at: shown.at }));
  banner.hidden = true;
});
