// Speak Up "Leave quickly": the link already goes to a neutral page with no JavaScript. With it,
// the page is blanked at once, this tab's memory is wiped, the server forgets the conversation,
// and the chat is replaced in the history, so Back does not return to it.
import * as api from "./api.js";
import * as state from "./state.js";

export function start(link) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    api.forget(state.get("session"));
    state.forgetAll();
    const target = link.getAttribute("href") || "/neutral.html";
    document.title = "New Tab";
    document.body.textContent = "";
    if (state.embedded) window.parent.postMessage({ type: "speakup:leave" }, "*");
    else window.location.replace(target);
  });
}
