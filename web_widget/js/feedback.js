// Speak Up: "Did this help?" under each answer. Yes or No; after No, why. Only the answer's topic,
// its level and the choice are sent (counted by the hour, never with any text).
import * as api from "./api.js";
import { feedbackReasons, say } from "./texts.js";

function choiceButton(title, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "su-feedback-button";
  b.textContent = title;
  b.addEventListener("click", onClick);
  return b;
}

function ask(box, question, choices) {
  box.textContent = "";
  const text = document.createElement("p");
  text.className = "su-feedback-question";
  text.id = box.id + "-q";
  text.textContent = question;
  box.setAttribute("aria-labelledby", text.id);
  box.appendChild(text);
  const buttons = choices.map(([, title, onClick]) => choiceButton(title, onClick));
  box.append(...buttons);
  return buttons;
}

function thank(box, words) {
  box.textContent = "";
  box.removeAttribute("aria-labelledby");
  const thanks = document.createElement("p");
  thanks.className = "su-feedback-thanks";
  thanks.tabIndex = -1;
  thanks.textContent = words;
  box.appendChild(thanks);
  thanks.focus();
}

let made = 0;

export function addFeedback(item, topic, level) {
  const box = document.createElement("div");
  box.className = "su-feedback";
  box.setAttribute("role", "group");
  box.id = "feedback-" + (made += 1);
  const send = (choice) => api.feedback(topic, level, choice);
  ask(box, say("widget_feedback_question"), [
    ["yes", say("widget_feedback_yes"), () => { send("yes"); thank(box, say("widget_feedback_thanks")); }],
    ["no", say("widget_feedback_no"), () => {
      send("no");
      const reasons = ask(box, say("widget_feedback_why"), feedbackReasons().map(([choice, title]) => [
        choice, title, () => { send(choice); thank(box, say("widget_feedback_thanks_why")); },
      ]));
      reasons[0].focus();
    }],
  ]);
  item.appendChild(box);
}
