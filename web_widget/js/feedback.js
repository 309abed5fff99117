// Speak Up: "Did this help?" under each answer. Yes or No; after No, why. Only the answer's topic,
// its level and the choice are sent (counted by the hour, never with any text).
import * as api from "./api.js";

const REASONS = [["too_hard", "Too hard to read"], ["not_what_i_asked", "Not what I asked"],
                 ["something_else", "Something else"]];

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
  ask(box, "Did this help?", [
    ["yes", "Yes", () => { send("yes"); thank(box, "Thank you for telling us."); }],
    ["no", "No", () => {
      send("no");
      const reasons = ask(box, "Thank you. What was wrong?", REASONS.map(([choice, title]) => [
        choice, title, () => { send(choice); thank(box, "Thank you. This helps us make Speak Up better."); },
      ]));
      reasons[0].focus();
    }],
  ]);
  item.appendChild(box);
}
