// Speak Up chat client: sends messages to the gateway in order, shows the replies, keeps the
// conversation id the gateway gave last, and tries again by itself while Speak Up is down.
import * as api from "./api.js";
import { addBotMessage, addUserMessage } from "./messages.js";
import * as state from "./state.js";
import { say } from "./texts.js";

const MAX_RETRIES = 12; // when Speak Up is down: try again for about a minute
const $ = (id) => document.getElementById(id);

let list, conversation, announcer, input, formError, typing, errorBox, errorText;
let busy = false;
let lastSent = null;
let retryTimer = null;
let retries = 0;
const waiting = [];

function announce(texts) {
  // Only new bot messages are read out, once each; the history is not read again.
  announcer.textContent = "";
  window.setTimeout(() => { announcer.textContent = texts.join(" "); }, 50);
}

// Show the start of the new answer (and the question above it, if both fit): never its end.
function scrollToAnswer(first) {
  const question = first.previousElementSibling;
  const bottom = list.lastElementChild.offsetTop + list.lastElementChild.offsetHeight;
  let top = first.offsetTop;
  if (question && question.classList.contains("su-message--user") && bottom - question.offsetTop <= conversation.clientHeight) {
    top = question.offsetTop;
  }
  conversation.scrollTop = Math.max(0, top - 8);
}

function showReplies(replies) {
  const said = [];
  let first = null;
  for (const reply of replies) {
    if (reply.level) {
      state.set("level", reply.level);
      state.emit("level-used", reply.level);
    }
    const item = addBotMessage(list, reply, reply.level || state.shownLevel(), press);
    first = first || item;
    if (reply.text) said.push(reply.text);
  }
  if (said.length) announce(said);
  if (first) scrollToAnswer(first);
}

function showError(text) {
  errorText.textContent = text;
  errorBox.hidden = false;
  conversation.scrollTop = errorBox.offsetTop - 8;
}

function body(item) {
  const data = { message: item.message, session_id: state.get("session"),
                 audience: state.get("audience") || null, channel: state.embedded ? "widget" : "fullpage" };
  if (item.payload) data.payload = item.payload;
  const level = state.get("level.send");
  if (level) data.reading_level = level;  // only a level the person chose, once
  return data;
}

function retryLater(item, seconds) {
  if (retries >= MAX_RETRIES || waiting.length) return; // the person has moved on, or it is down for long
  retries += 1;
  retryTimer = window.setTimeout(() => { if (lastSent === item && !busy) send(item, false); },
                                 1000 * (seconds > 0 ? seconds : 5));
}

async function send(item, show = true) {
  if (show) addUserMessage(list, item.shown || item.message);
  if (busy) { waiting.push(item); return; } // keep the order; never drop a click
  busy = true;
  lastSent = item;
  window.clearTimeout(retryTimer);
  formError.textContent = "";
  errorBox.hidden = true;
  typing.hidden = false;
  try {
    const sent = body(item);
    const result = await api.chat(sent);
    const data = result.data || {};
    if (data.session_id) state.set("session", data.session_id); // always the id of the last reply
    if (result.status >= 500) {
      showError((data.replies && data.replies[0] && data.replies[0].text) || say("gateway_unavailable"));
      retryLater(item, result.retryAfter);
    } else if (data.replies) {
      retries = 0;
      if (sent.reading_level && state.get("level.send") === sent.reading_level) state.set("level.send", null);
      showReplies(data.replies);
    } else {
      formError.textContent = data.detail || say("widget_error");
    }
  } catch (error) {
    showError(say("gateway_unavailable"));
    retryLater(item);
  } finally {
    busy = false;
    typing.hidden = true;
    const next = waiting.shift();
    if (next) send(next, false);
  }
}

// A button press: its title is shown and sent as the message, with the payload the bot gave.
export function press(payload, title) { send({ message: title, payload, shown: title }); }

function clear() {
  api.forget(state.get("session"));
  state.set("session", null);
  const level = state.shownLevel();
  state.set("level.send", level === "plain" ? null : level); // the new conversation keeps the level
  list.textContent = "";
  errorBox.hidden = true;
  conversation.scrollTop = 0;
  announce([say("widget_cleared")]);
  input.focus();
}

function levelChosen({ level, title }) {
  state.set("level", level);
  state.set("level.send", level);
  if (state.get("session")) press(`/set_level{"reading_level": "${level}"}`, title);
}

export function start(element) {
  list = $("messages");
  conversation = $("conversation");
  announcer = $("announcer");
  input = $("message");
  formError = $("form-error");
  typing = $("typing");
  errorBox = $("error-box");
  errorText = $("error-text");
  const form = $("form");
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = input.value.trim();
    if (!typed) { formError.textContent = say("widget_empty"); input.focus(); return; }
    input.value = "";
    send({ message: typed }); // typed text is only ever text, never a payload
  });
  $("retry").addEventListener("click", () => { retries = 0; if (lastSent) send(lastSent, false); });
  // Topics, the starters and Walk-through: buttons with the payload they send.
  document.addEventListener("click", (event) => {
    const target = event.target.closest("button[data-payload]");
    if (target) press(target.dataset.payload, target.textContent.trim());
  });
  state.on("level-chosen", levelChosen);
  state.on("clear", clear);
  element.dataset.started = "true";
}
