// Speak Up chat page: sends messages to the gateway and shows replies, always as text.
(function () {
  "use strict";

  var API = "/api/chat";
  var STORE = window.sessionStorage; // never cookies or localStorage
  var messages = document.getElementById("messages");
  var announcer = document.getElementById("announcer");
  var form = document.getElementById("form");
  var input = document.getElementById("message");
  var error = document.getElementById("form-error");
  var busy = false;

  function level() {
    var chosen = document.querySelector("input[name=reading_level]:checked");
    return chosen ? chosen.value : "plain";
  }

  function addMessage(text, who) {
    var item = document.createElement("li");
    item.className = "su-message su-message--" + who;
    var label = document.createElement("span");
    label.className = "su-visually-hidden";
    label.textContent = who === "bot" ? "Speak Up said: " : "You said: ";
    var body = document.createElement("span");
    body.textContent = text; // text, never HTML
    item.appendChild(label);
    item.appendChild(body);
    messages.appendChild(item);
    return item;
  }

  function addButtons(item, buttons) {
    if (!buttons || !buttons.length) return;
    var group = document.createElement("div");
    group.className = "su-quick-replies";
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "su-quick-reply";
      button.textContent = b.title;
      button.addEventListener("click", function () { send(b.payload, b.title); });
      group.appendChild(button);
    });
    item.appendChild(group);
  }

  function announce(texts) {
    // Only new bot messages are read out, once each; the history is not re-read.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = texts.join(" "); }, 50);
  }

  function showReplies(replies) {
    var said = [];
    replies.forEach(function (reply) {
      var item = addMessage(reply.text || "", "bot");
      addButtons(item, reply.buttons);
      if (reply.text) said.push(reply.text);
    });
    if (said.length) announce(said);
    var last = messages.lastElementChild;
    if (last && last.scrollIntoView) last.scrollIntoView({ block: "nearest" });
  }

  function send(message, shown) {
    if (busy) return;
    busy = true;
    error.textContent = "";
    addMessage(shown || message, "user");
    var body = { message: message, session_id: STORE.getItem("speakup.session"), reading_level: level() };
    fetch(API, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
      })
      .then(function (result) {
        if (result.data.session_id) STORE.setItem("speakup.session", result.data.session_id);
        if (result.data.replies) showReplies(result.data.replies);
        else error.textContent = result.data.detail || "Sorry, something went wrong. Please try again.";
      })
      .catch(function () {
        error.textContent = "Sorry, Speak Up is not working right now. Please try again, or ask a member of staff. " +
          "If you feel unsafe, tell staff now or call 999. Samaritans: 116 123.";
      })
      .then(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { error.textContent = "Please type a message before sending."; input.focus(); return; }
    input.value = "";
    send(text);
  });

  document.querySelectorAll("input[name=reading_level]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      STORE.setItem("speakup.level", radio.value);
      if (STORE.getItem("speakup.session")) send('/set_level{"reading_level": "' + radio.value + '"}', radio.parentNode.textContent.trim());
    });
  });

  var saved = STORE.getItem("speakup.level");
  if (["easy", "plain", "detailed"].indexOf(saved) >= 0) {
    var radio = document.querySelector("input[name=reading_level][value=" + saved + "]");
    if (radio) radio.checked = true;
  }
})();
