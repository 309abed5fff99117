// Speak Up: draws the messages of the conversation. Bot text is always inserted as text; only
// markdown-style links to https: or tel: become links. Easy-read answers get an icon per idea.
import * as icons from "./icons.js";
import { addFeedback } from "./feedback.js";
import { say } from "./texts.js";

const SIMPLER = "/simpler";

// Text with [label](https://...) or [label](tel:...) links; anything else stays plain text.
function appendText(parent, text) {
  const link = /\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  let match;
  while ((match = link.exec(text)) !== null) {
    parent.appendChild(document.createTextNode(text.slice(at, match.index)));
    const href = match[2];
    if (/^(https:\/\/|tel:)/i.test(href)) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = match[1];
      if (/^https:/i.test(href)) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
      parent.appendChild(a);
    } else {
      parent.appendChild(document.createTextNode(match[0]));
    }
    at = link.lastIndex;
  }
  parent.appendChild(document.createTextNode(text.slice(at)));
}

function renderBody(body, text, easyRead) {
  const lines = text.split("\n").filter((line) => line.trim());
  if (!easyRead || lines.length < 2) { appendText(body, text); return; }
  body.classList.add("su-easy-read");
  for (const line of lines) {
    const idea = document.createElement("p");
    idea.className = "su-idea";
    idea.appendChild(icons.draw(icons.pick(line)));
    const words = document.createElement("span");
    appendText(words, line);
    idea.appendChild(words);
    body.appendChild(idea);
  }
}

function message(list, who, text, easyRead) {
  const item = document.createElement("li");
  item.className = "su-message su-message--" + who;
  const label = document.createElement("span");
  label.className = "su-visually-hidden";
  label.textContent = say(who === "bot" ? "widget_bot_said" : "widget_you_said") + " ";
  const body = document.createElement("div");
  body.className = "su-message-body";
  renderBody(body, text, easyRead);
  item.append(label, body);
  list.appendChild(item);
  return item;
}

export function button(title, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = title;
  b.addEventListener("click", onClick);
  return b;
}

export function addUserMessage(list, text) { return message(list, "user", text, false); }

// A bot reply: its text (with icons when it was written in easy read), its tools, its buttons,
// and "Did this help?" under an answer. `press(payload, title)` sends a button's choice.
export function addBotMessage(list, reply, level, press) {
  const item = message(list, "bot", reply.text || "", level === "easy");
  const buttons = reply.buttons || [];
  const tools = document.createElement("div");
  tools.className = "su-message-tools";
  if (reply.text && "speechSynthesis" in window) {
    tools.appendChild(button(say("widget_read_aloud"), "su-link-button", () => {
      window.speechSynthesis.cancel();
      const utterance = new window.SpeechSynthesisUtterance(reply.text);
      utterance.lang = "en-GB";
      window.speechSynthesis.speak(utterance);
    }));
  }
  if (reply.kind === "summary") {
    tools.appendChild(button(say("widget_print"), "su-link-button", () => {
      item.classList.add("su-print-target");
      document.body.classList.add("su-printing");
      window.print();
      document.body.classList.remove("su-printing");
      item.classList.remove("su-print-target");
    }));
  }
  if (buttons.some((b) => b.payload === SIMPLER)) {
    tools.appendChild(button(say("widget_simpler"), "su-link-button", () => press(SIMPLER, say("widget_simpler"))));
  }
  if (tools.childNodes.length) item.appendChild(tools);
  const quick = buttons.filter((b) => b.payload !== SIMPLER);
  if (quick.length) {
    const group = document.createElement("div");
    group.className = "su-quick-replies";
    for (const b of quick) group.appendChild(button(b.title, "su-quick-reply", () => press(b.payload, b.title)));
    item.appendChild(group);
  }
  if (reply.topic && reply.level) addFeedback(item, reply.topic, reply.level);
  return item;
}
