// Speak Up: what this tab remembers (sessionStorage only: never cookies or localStorage), and the
// events the page's parts send each other.
const STORE = window.sessionStorage;
const events = new EventTarget();

// The reading levels, as the gateway rendered them into the Options panel (bot/labels.py, one source).
export const LEVELS = Array.from(document.querySelectorAll('input[name="reading_level"]'), (input) => input.value);
export const params = new URLSearchParams(window.location.search);
export const embedded = params.get("embedded") === "1";

export function get(name) { return STORE.getItem("speakup." + name); }

export function set(name, value) {
  if (value === null || value === undefined || value === "") STORE.removeItem("speakup." + name);
  else STORE.setItem("speakup." + name, String(value));
}

export function forgetAll() { STORE.clear(); }

export function emit(type, detail) { events.dispatchEvent(new CustomEvent(type, { detail })); }

export function on(type, handler) { events.addEventListener(type, (event) => handler(event.detail)); }

// The reading level has one owner, the bot: "level" is the level of the last answer (or the one
// the person just chose), shown in the Options panel; "level.send" is a level the person chose
// that the gateway has not had yet. A level is sent only then.
export function shownLevel() {
  const level = get("level");
  return LEVELS.includes(level) ? level : "plain";
}

// A start level from the embed (?level=easy), for a tab with no conversation yet.
const startLevel = params.get("level");
if (!get("session") && !get("level") && LEVELS.includes(startLevel)) {
  set("level", startLevel);
  if (startLevel !== "plain") set("level.send", startLevel);
}
