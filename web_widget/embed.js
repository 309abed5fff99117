// Speak Up embed: one <script> tag on a host page adds a launcher button that opens the chat in
// a dialog panel. Configure with data attributes on the script tag:
//   data-gateway="https://speakup.example.nhs.uk"  (default: where this script came from)
//   data-level="easy|plain|detailed"               (start reading level, default plain)
//   data-leave-url="https://www.bbc.co.uk/weather" (where "Leave quickly" goes)
//   data-label="Speak Up: ask about your rights"   (launcher text)
(function () {
  "use strict";
  var script = document.currentScript;
  var gateway = (script.getAttribute("data-gateway") || new URL(script.src).origin).replace(/\/$/, "");
  var origin = new URL(gateway).origin;
  var level = script.getAttribute("data-level") || "plain";
  var leaveUrl = script.getAttribute("data-leave-url") || "https://www.bbc.co.uk/weather";
  var label = script.getAttribute("data-label") || "Speak Up: ask about your rights";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = gateway + "/embed.css";
  document.head.appendChild(css);

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "speakup-launcher";
  launcher.textContent = label;
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");

  var panel = document.createElement("div");
  panel.className = "speakup-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "true");
  panel.setAttribute("aria-label", "Speak Up chat");
  panel.hidden = true;

  var frame = document.createElement("iframe");
  frame.className = "speakup-frame";
  frame.title = "Speak Up chat";
  frame.src = gateway + "/chat?embedded=1&level=" + encodeURIComponent(level);
  panel.appendChild(frame);

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
    frame.contentWindow.postMessage({ type: "speakup:open" }, origin);
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) close();
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data) return;
    if (event.data.type === "speakup:close") close();
    if (event.data.type === "speakup:leave") {
      document.title = "New Tab";
      document.body.textContent = "";
      window.location.replace(leaveUrl);
    }
  });

  document.body.appendChild(launcher);
  document.body.appendChild(panel);
})();
