// Speak Up: the words the page's own script shows. They live in content/messages.yml (widget_*),
// and the gateway writes them into the page (bot/routes/pages.py), with the feedback reasons.
let loaded = null;

function all() {
  if (!loaded) {
    const element = document.getElementById("su-widget-texts");
    loaded = element ? JSON.parse(element.textContent) : {};
    loaded.texts = loaded.texts || {};
    loaded.feedback_reasons = loaded.feedback_reasons || [];
  }
  return loaded;
}

// A missing text shows its name (a visible fault, never a crash); tests/test_widget_texts.py
// checks that every name used here is in content/messages.yml.
export function say(name) { return all().texts[name] || name; }

// The reasons offered after No (bot/labels.py), each with its title.
export function feedbackReasons() { return all().feedback_reasons.map((choice) => [choice, say("widget_feedback_" + choice)]); }
