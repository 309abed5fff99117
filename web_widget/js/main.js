// Speak Up: starts each part of the page named in a data-module attribute. Native ES modules,
// no build step. Only the modules listed here can be started.
const MODULES = {
  chat: () => import("./chat.js"),
  settings: () => import("./settings.js"),
  exit: () => import("./exit.js"),
  "embed-bridge": () => import("./embed-bridge.js"),
};

for (const element of document.querySelectorAll("[data-module]")) {
  for (const name of element.dataset.module.split(/\s+/)) {
    const load = MODULES[name];
    if (load) load().then((module) => module.start(element));
  }
}
