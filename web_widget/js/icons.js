// Speak Up easy-read icons: simple inline SVG pictures drawn for the project, one per idea.
const NS = "http://www.w3.org/2000/svg";

// Each icon: a shape on a 24x24 grid, drawn with the current text colour.
const ICONS = {
  phone: ["path", "M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"],
  person: ["path", "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-3.3 0-8 1.7-8 5v1h16v-1c0-3.3-4.7-5-8-5z"],
  door: ["path", "M5 3h11a1 1 0 0 1 1 1v16h2v2H4v-2h1V4a1 1 0 0 1 1-1zm2 2v15h8V5zm6 6.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2z"],
  shield: ["path", "M12 2l8 3v6c0 5-3.4 9.3-8 11-4.6-1.7-8-6-8-11V5zm-1 13.6l6-6-1.4-1.4-4.6 4.6-2.1-2.1L7.5 12z"],
  heart: ["path", "M12 21l-1.4-1.3C5.4 15 2 12 2 8.3 2 5.4 4.3 3 7.2 3c1.7 0 3.3.8 4.3 2 1-1.2 2.6-2 4.3-2C18.7 3 21 5.4 21 8.3c0 3.7-3.4 6.7-8.6 11.4z"],
  speech: ["path", "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 5v2h10V8zm0 4v2h7v-2z"],
  info: ["path", "M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm-1 8v7h2v-7zm0-4v2h2V6z"],
};

// The first rule that matches a sentence picks its icon.
const RULES = [
  ["phone", /\b(call|phone|text|number|999|111)\b/i],
  ["door", /\b(room|door|kept apart|alone|locked|segregat\w*|seclu\w*|ward)\b/i],
  ["speech", /\b(ask|tell|say|speak|talk|complain\w*|listen)\b/i],
  ["person", /\b(staff|nurse|doctor|advocate|person|someone|people|family)\b/i],
  ["shield", /\b(rights?|law|must|allowed|never|cannot|can't)\b/i],
  ["heart", /\b(help|safe|support|care|worried|matter)\b/i],
];

export function draw(name) {
  const spec = ICONS[name] || ICONS.info;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "32");
  svg.setAttribute("height", "32");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "su-icon su-icon--" + name);
  const shape = document.createElementNS(NS, spec[0]);
  shape.setAttribute("d", spec[1]);
  shape.setAttribute("fill", "currentColor");
  svg.appendChild(shape);
  return svg;
}

export function pick(sentence) {
  const rule = RULES.find(([, pattern]) => pattern.test(sentence));
  return rule ? rule[0] : "info";
}
