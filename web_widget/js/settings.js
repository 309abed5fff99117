// Speak Up settings: the Options panel, with the reading level, text size, contrast, "who are
// you", Clear conversation and Walk through with someone.
import * as state from "./state.js";

const SCALES = [1, 1.15, 1.3, 1.5];
const $ = (id) => document.getElementById(id);

let panel, toggle;

function open() {
  panel.hidden = false;
  toggle.setAttribute("aria-expanded", "true");
  const checked = panel.querySelector("input[name=reading_level]:checked");
  (checked || panel.querySelector("input, button, select")).focus();
}

function close(returnFocus = true) {
  if (panel.hidden) return;
  panel.hidden = true;
  toggle.setAttribute("aria-expanded", "false");
  if (returnFocus) toggle.focus();
}

// Shows a level without telling anyone: the bot used it (or the person chose it).
function showLevel(level) {
  const radio = panel.querySelector(`input[name=reading_level][value="${level}"]`);
  if (radio) radio.checked = true;
}

function applyScale(index) {
  const scale = Math.max(0, Math.min(SCALES.length - 1, index));
  state.set("scale", scale);
  document.documentElement.style.fontSize = (SCALES[scale] * 100) + "%";
  return scale;
}

function applyContrast(on) {
  document.body.classList.toggle("su-high-contrast", on);
  $("contrast").setAttribute("aria-pressed", on ? "true" : "false");
  state.set("contrast", on ? "1" : "0");
}

export function start(element) {
  panel = element;
  toggle = $("options-toggle");
  toggle.addEventListener("click", () => (panel.hidden ? open() : close()));
  $("options-done").addEventListener("click", () => close());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); close(); }
  });

  showLevel(state.shownLevel());
  state.on("level-used", showLevel);
  for (const radio of panel.querySelectorAll("input[name=reading_level]")) {
    radio.addEventListener("change", () => {
      state.emit("level-chosen", { level: radio.value, title: radio.parentNode.textContent.trim() });
    });
  }

  let scale = applyScale(parseInt(state.get("scale") || "0", 10) || 0);
  $("bigger").addEventListener("click", () => { scale = applyScale(scale + 1); });
  $("smaller").addEventListener("click", () => { scale = applyScale(scale - 1); });
  applyContrast(state.get("contrast") === "1");
  $("contrast").addEventListener("click", () => applyContrast($("contrast").getAttribute("aria-pressed") !== "true"));

  const audience = $("audience");
  if (state.get("audience")) audience.value = state.get("audience");
  audience.addEventListener("change", () => state.set("audience", audience.value));

  $("clear").addEventListener("click", () => { close(false); state.emit("clear"); });
  $("walkthrough").addEventListener("click", () => close(false)); // the chat sends its payload
}
