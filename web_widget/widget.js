// Speak Up chat: sends messages to the gateway and shows replies. Bot text is always inserted as
// text; only markdown-style links to https: or tel: become links.
(function () {
  "use strict";

  var API = "/api/chat";
  var LEVELS = ["easy", "plain", "detailed"];
  var SCALES = [1, 1.15, 1.3, 1.5];
  var STORE = window.sessionStorage; // never cookies or localStorage
  var params = new URLSearchParams(window.location.search);
  var embedded = params.get("embedded") === "1";
  var $ = function (id) { return document.getElementById(id); };
  var messages = $("messages"), announcer = $("announcer"), form = $("form"), input = $("message");
  var formError = $("form-error"), typing = $("typing"), errorBox = $("error-box"), errorText = $("error-text");
  var busy = false, lastSent = null, waiting = [];
  var retryTimer = null, retries = 0, MAX_RETRIES = 12;  // when Speak Up is down: try again for about a minute

  function level() {
    var chosen = document.querySelector("input[name=reading_level]:checked");
    return chosen ? chosen.value : "plain";
  }

  function setLevel(value) {
    var radio = document.querySelector("input[name=reading_level][value=" + value + "]");
    if (radio) radio.checked = true;
  }

  // Text with [label](https://...) or [label](tel:...) links; anything else stays plain text.
  function appendText(parent, text) {
    var link = /\[([^\]]+)\]\(([^)\s]+)\)/g, at = 0, match;
    while ((match = link.exec(text)) !== null) {
      parent.appendChild(document.createTextNode(text.slice(at, match.index)));
      var href = match[2];
      if (/^(https:\/\/|tel:)/i.test(href)) {
        var a = document.createElement("a");
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

  function renderBody(body, text, who) {
    var lines = text.split("\n").filter(function (line) { return line.trim(); });
    if (who === "bot" && level() === "easy" && window.SpeakUpIcons && lines.length > 1) {
      body.classList.add("su-easy-read");
      lines.forEach(function (line) {
        var idea = document.createElement("p");
        idea.className = "su-idea";
        idea.appendChild(window.SpeakUpIcons.draw(window.SpeakUpIcons.pick(line)));
        var words = document.createElement("span");
        appendText(words, line);
        idea.appendChild(words);
        body.appendChild(idea);
      });
    } else {
      appendText(body, text);
    }
  }

  function addMessage(text, who) {
    var item = document.createElement("li");
    item.className = "su-message su-message--" + who;
    var label = document.createElement("span");
    label.className = "su-visually-hidden";
    label.textContent = who === "bot" ? "Speak Up said: " : "You said: ";
    var body = document.createElement("div");
    body.className = "su-message-body";
    renderBody(body, text, who);
    item.appendChild(label);
    item.appendChild(body);
    messages.appendChild(item);
    return item;
  }

  function button(title, className, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = title;
    b.addEventListener("click", onClick);
    return b;
  }

  function addControls(item, reply) {
    var buttons = reply.buttons || [];
    var simpler = buttons.some(function (b) { return b.payload === "/simpler"; });
    var tools = document.createElement("div");
    tools.className = "su-message-tools";
    if (reply.text && "speechSynthesis" in window) {
      tools.appendChild(button("Read aloud", "su-link-button", function () {
        window.speechSynthesis.cancel();
        var utterance = new window.SpeechSynthesisUtterance(reply.text);
        utterance.lang = "en-GB";
        window.speechSynthesis.speak(utterance);
      }));
    }
    if (reply.kind === "summary") {
      tools.appendChild(button("Print summary", "su-link-button", function () {
        item.classList.add("su-print-target");
        document.body.classList.add("su-printing");
        window.print();
        document.body.classList.remove("su-printing");
        item.classList.remove("su-print-target");
      }));
    }
    if (simpler) {
      tools.appendChild(button("Say it more simply", "su-link-button", function () {
        press("/simpler", "Say it more simply");
      }));
    }
    if (tools.childNodes.length) item.appendChild(tools);
    var quick = buttons.filter(function (b) { return b.payload !== "/simpler"; });
    if (!quick.length) return;
    var group = document.createElement("div");
    group.className = "su-quick-replies";
    quick.forEach(function (b) {
      group.appendChild(button(b.title, "su-quick-reply", function () { press(b.payload, b.title); }));
    });
    item.appendChild(group);
  }

  function announce(texts) {
    // Only new bot messages are read out, once each; the history is not read again.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = texts.join(" "); }, 50);
  }

  function showReplies(replies) {
    var said = [];
    replies.forEach(function (reply) {
      var item = addMessage(reply.text || "", "bot");
      addControls(item, reply);
      if (reply.text) said.push(reply.text);
    });
    if (said.length) announce(said);
    var last = messages.lastElementChild;
    if (last && last.scrollIntoView) last.scrollIntoView({ block: "nearest" });
  }

  function showError(text) {
    errorText.textContent = text;
    errorBox.hidden = false;
  }

  // A button press sends its payload, and its title as the message; typed text is only text.
  function press(payload, title) { send({ message: title, payload: payload }, title); }

  // "Clear conversation" and "Leave quickly": the server forgets the conversation too.
  function forget() {
    var id = STORE.getItem("speakup.session");
    if (!id) return;
    fetch("/api/forget", { method: "POST", headers: { "Content-Type": "application/json" }, keepalive: true,
                           body: JSON.stringify({ session_id: id }) }).catch(function () {});
  }

  function post(item) {
    var body = { message: item.message, payload: item.payload || null, session_id: STORE.getItem("speakup.session"), reading_level: level(),
                 audience: $("audience").value || null, channel: embedded ? "widget" : "fullpage" };
    return fetch(API, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data, retryAfter: parseInt(response.headers.get("Retry-After"), 10) };
        });
      });
  }

  function send(message, shown) {
    if (typeof message === "string") message = { message: message };
    if (shown !== null) addMessage(shown || message.message, "user");
    if (busy) { waiting.push(message); return; }  // keep the order; never drop a click
    busy = true;
    lastSent = message;
    clearTimeout(retryTimer);
    formError.textContent = "";
    errorBox.hidden = true;
    typing.hidden = false;
    post(message)
      .then(function (result) {
        var data = result.data || {};
        if (data.session_id) STORE.setItem("speakup.session", data.session_id);
        if (result.status >= 500) {
          showError((data.replies && data.replies[0] && data.replies[0].text) ||
            "Sorry, Speak Up is not working right now. Please try again, or ask a member of staff.");
          retryLater(message, result.retryAfter);
        } else if (data.replies) {
          retries = 0;
          showReplies(data.replies);
        } else {
          formError.textContent = data.detail || "Sorry, something went wrong. Please try again.";
        }
      })
      .catch(function () {
        showError("Sorry, Speak Up is not working right now. Please try again, or ask a member of staff.");
        retryLater(message);
      })
      .then(function () {
        busy = false;
        typing.hidden = true;
        var next = waiting.shift();
        if (next) send(next, null);
      });
  }

  function retryLater(message, seconds) {
    if (retries >= MAX_RETRIES || waiting.length) return;  // the person has moved on, or it is down for long
    retries += 1;
    retryTimer = setTimeout(function () { if (lastSent === message && !busy) send(message, null); },
                            1000 * (seconds > 0 ? seconds : 5));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { formError.textContent = "Please type a message before sending."; input.focus(); return; }
    input.value = "";
    send(text);
  });

  $("retry").addEventListener("click", function () { retries = 0; if (lastSent) send(lastSent, null); });
  $("topics").addEventListener("click", function () { press("/topic_menu", "Topics"); });
  $("walkthrough").addEventListener("click", function () { press("/walkthrough", "Walk through with someone"); });

  document.querySelectorAll("input[name=reading_level]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      STORE.setItem("speakup.level", radio.value);
      if (STORE.getItem("speakup.session")) {
        press('/set_level{"reading_level": "' + radio.value + '"}', radio.parentNode.textContent.trim());
      }
    });
  });

  function applyScale(index) {
    index = Math.max(0, Math.min(SCALES.length - 1, index));
    STORE.setItem("speakup.scale", String(index));
    document.documentElement.style.fontSize = (SCALES[index] * 100) + "%";
    return index;
  }
  var scale = applyScale(parseInt(STORE.getItem("speakup.scale") || "0", 10) || 0);
  $("bigger").addEventListener("click", function () { scale = applyScale(scale + 1); });
  $("smaller").addEventListener("click", function () { scale = applyScale(scale - 1); });

  function applyContrast(on) {
    document.body.classList.toggle("su-high-contrast", on);
    $("contrast").setAttribute("aria-pressed", on ? "true" : "false");
    STORE.setItem("speakup.contrast", on ? "1" : "0");
  }
  applyContrast(STORE.getItem("speakup.contrast") === "1");
  $("contrast").addEventListener("click", function () {
    applyContrast($("contrast").getAttribute("aria-pressed") !== "true");
  });

  $("clear").addEventListener("click", function () {
    forget();
    STORE.removeItem("speakup.session");
    messages.textContent = "";
    errorBox.hidden = true;
    announce(["Conversation cleared."]);
    input.focus();
  });

  function close() { if (embedded) window.parent.postMessage({ type: "speakup:close" }, "*"); }

  $("leave").addEventListener("click", function () {
    forget();
    STORE.clear();
    var target = document.body.getAttribute("data-leave-url") || "/neutral.html";
    document.title = "New Tab";
    document.body.textContent = "";
    if (embedded) window.parent.postMessage({ type: "speakup:leave" }, "*");
    else window.location.replace(target);
  });

  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "speakup:open") input.focus();
  });

  if (embedded) {
    document.body.classList.add("su-embedded");
    $("close").hidden = false;
    $("close").addEventListener("click", close);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  }

  var audience = $("audience");
  if (STORE.getItem("speakup.audience")) audience.value = STORE.getItem("speakup.audience");
  audience.addEventListener("change", function () { STORE.setItem("speakup.audience", audience.value); });

  var saved = STORE.getItem("speakup.level") || params.get("level");
  if (LEVELS.indexOf(saved) >= 0) setLevel(saved);
})();
