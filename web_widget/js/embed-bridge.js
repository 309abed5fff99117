// Speak Up embed bridge: inside the panel that embed.js opens on a host page. "Close chat" and
// Escape close the panel; when it opens, the question box gets the focus.
import * as state from "./state.js";

function close() { window.parent.postMessage({ type: "speakup:close" }, "*"); }

export function start(closeButton) {
  if (!state.embedded) { closeButton.hidden = true; return; }
  closeButton.addEventListener("click", close);
  document.addEventListener("keydown", (event) => {
    const options = document.getElementById("options");
    if (event.key === "Escape" && !event.defaultPrevented && (!options || options.hidden)) close();
  });
  window.addEventListener("message", (event) => {
    if (event.source === window.parent && event.data && event.data.type === "speakup:open") {
      const input = document.getElementById("message");
      if (input) input.focus();
    }
  });
}
