"""Measures how well the trained model understands questions it never saw, as the bot answers them.

Held-out questions (tests/nlu_heldout/): topic accuracy (the topic ranked first is right: the
answer given, or the first "did you mean" button, is the topic's overview or one of its specific
answers; the figure earlier versions reported), the same counting "did you mean" as wrong (as
answered), specific-answer accuracy (for questions labelled with a specific answer), the "did you
mean" rate, per-topic precision and recall, the most common
confusions, and a plain TF-IDF nearest-example baseline on the same questions. Then the
conversation sets in tests/conversations/: follow-ups, two-part questions and long stories.
Answers are chosen exactly as the bot chooses them (actions/understanding.py).
Then the safety figures per kind for the training and held-out parts of tests/safety/
(scripts/safety_eval.py).
`make eval` also runs Rasa's own 5-fold cross-validation."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from actions import content, understanding
from scripts import safety_eval, safety_sets

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "tests" / "nlu_heldout"
# Held-out questions labelled with the specific answer they need (issue 14), written separately.
ANSWERS_HELD_OUT = ROOT / "tests" / "answers_heldout"
TRAINING = ROOT / "data" / "nlu"
CONVERSATIONS = ROOT / "tests" / "conversations"
DID_YOU_MEAN = "did_you_mean"


def label_of(intent: str) -> str:
    """faq/seclusion -> seclusion, faq/seclusion_how_long -> seclusion_how_long; other intents keep
    their names."""
    return intent.split("/", 1)[1] if intent.startswith("faq/") else intent


def read_examples(folder: Path) -> List[Tuple[str, str]]:
    """(text, label) for every example in every NLU file under a folder."""
    examples = []
    for path in sorted(folder.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append((line[2:].strip(), label_of(block["intent"])))
    return examples


def bot_answers(library: content.Library, parse: Mapping, last_entry: Optional[str] = None) -> Tuple[str, ...]:
    """What Speak Up gives for a parsed message: its answers in order (topic or specific answer
    ids), ("did_you_mean",) when it asks, or the intent's name (crisis, greet, ...)."""
    intent = (parse.get("intent") or {}).get("name") or ""
    if intent in understanding.ANSWER_INTENTS:
        entries = tuple(u.entry for u in understanding.understand(library, parse, last_entry) if u.entry)
        return entries or (DID_YOU_MEAN,)
    return (DID_YOU_MEAN,) if intent == "nlu_fallback" else (intent,)


def latest_model() -> Path:
    if os.environ.get("SPEAKUP_EVAL_MODEL"):
        return Path(os.environ["SPEAKUP_EVAL_MODEL"])
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit("No trained model in models/: run `make train` first.")
    return models[-1]


def quiet_rasa_logs() -> None:
    """For the command line (`make eval`, `make bench`): outside Rasa's own server, structlog would
    print every parse, with its text, at debug level. Warnings only, through the privacy filter."""
    import logging

    from rasa.utils.log_utils import configure_structlog

    from bot import log_privacy

    log_privacy.install()
    configure_structlog(logging.WARNING)


async def _parse_all(texts: Sequence[str]) -> List[Dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(latest_model()))
    return [await agent.parse_message(text) for text in texts]


def parse_all(texts: Sequence[str]) -> List[Dict]:
    """Rasa's parse of each text, with the trained model (the NLU pipeline only, no dialogue)."""
    return asyncio.run(_parse_all(texts))


def tfidf_predictions(train: List[Tuple[str, str]], texts: List[str]) -> List[str]:
    """A plain baseline: the label of the most similar training example (TF-IDF, cosine)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    vectorizer = TfidfVectorizer(lowercase=True, sublinear_tf=True)
    matrix = vectorizer.fit_transform([t for t, _ in train])
    nearest = linear_kernel(vectorizer.transform(texts), matrix).argmax(axis=1)
    return [train[i][1] for i in nearest]


def ranked_first(library: content.Library, parse: Mapping) -> str:
    """The entry Speak Up answers or, when it asks "did you mean", offers first."""
    answered = bot_answers(library, parse)[0]
    if answered != DID_YOU_MEAN:
        return answered
    return next(iter(understanding.guesses(library, parse)), DID_YOU_MEAN)


def report(library: content.Library, gold: List[str], predicted: List[str], first: Optional[List[str]] = None) -> Dict:
    """Topic accuracy (a specific answer counts for its topic) on what was ranked first and on what
    was answered, specific-answer accuracy on the questions labelled with one, the "did you mean"
    rate on questions Speak Up should answer, and per-topic precision and recall."""

    def topic(label: str) -> str:
        return library.topic_of(label) if label in library else label

    first = predicted if first is None else first
    gold_topics, predicted_topics = [topic(g) for g in gold], [topic(p) for p in predicted]
    first_topics = [topic(p) for p in first]
    per_label = {}
    for label in sorted(set(gold_topics)):
        pairs = list(zip(gold_topics, predicted_topics))
        tp = sum(g == p == label for g, p in pairs)
        fp = sum(p == label and g != label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        per_label[label] = {
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "support": tp + fn,
        }
    specific = [(g, p) for g, p in zip(gold, predicted) if g in library.answers]
    answerable = [p for g, p in zip(gold, predicted) if g in library]
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if topic(g) != topic(p))
    return {
        "accuracy": sum(g == p for g, p in zip(gold_topics, first_topics)) / len(gold),
        "answered_accuracy": sum(g == p for g, p in zip(gold_topics, predicted_topics)) / len(gold),
        "specific_accuracy": sum(g == p for g, p in specific) / len(specific) if specific else None,
        "specific_examples": len(specific),
        "did_you_mean_rate": answerable.count(DID_YOU_MEAN) / len(answerable) if answerable else 0.0,
        "per_label": per_label,
        "confusions": confusions.most_common(10),
    }


def read_cases(name: str) -> List[Dict]:
    return yaml.safe_load((CONVERSATIONS / f"{name}.yml").read_text(encoding="utf-8"))["cases"]


def conversation_rates(library: content.Library) -> Dict:
    """Follow-ups (answered against the answer just given), two-part questions (both answers, in
    order) and long stories (the question inside answered first): the share right, and misses."""
    sets = {name: read_cases(name) for name in ("follow_ups", "two_part", "long_stories")}
    every = iter(parse_all([c["say"] for cases in sets.values() for c in cases]))  # one model load
    parses = {name: [next(every) for _ in cases] for name, cases in sets.items()}
    checks = {
        "follow_ups": lambda c, p: bot_answers(library, p, c["after"])[:1] == (c["expect"],),
        "two_part": lambda c, p: bot_answers(library, p)[:2] == tuple(c["expect"]),
        "long_stories": lambda c, p: bot_answers(library, p)[0] in c["expect"].split("|"),
    }
    results = {}
    for name, cases in sets.items():
        misses = [
            {"say": c["say"][:80], "expected": c["expect"], "got": list(bot_answers(library, p, c.get("after")))}
            for c, p in zip(cases, parses[name])
            if not checks[name](c, p)
        ]
        results[name] = {"cases": len(cases), "rate": 1 - len(misses) / len(cases), "misses": misses}
    stories = sets["long_stories"]
    baseline = tfidf_predictions(read_examples(TRAINING), [c["say"] for c in stories])
    results["long_stories"]["tfidf_baseline_rate"] = sum(
        p in c["expect"].split("|") for c, p in zip(stories, baseline)
    ) / len(stories)
    return results


def evaluate(with_conversations: bool = True) -> Dict:
    library = content.library()
    held_out = read_examples(HELD_OUT) + read_examples(ANSWERS_HELD_OUT)
    train = read_examples(TRAINING)
    texts, gold = [t for t, _ in held_out], [label for _, label in held_out]
    safety_items = {part: safety_sets.load(part) for part in safety_eval.parts_to_read()}
    safety_texts = [item.text for items in safety_items.values() for item in items]
    every = parse_all(texts + safety_texts)
    parses, start = every[: len(texts)], len(texts)
    predicted = [bot_answers(library, parse)[0] for parse in parses]
    first = [ranked_first(library, parse) for parse in parses]
    result = {
        "examples": len(texts),
        "rasa": report(library, gold, predicted, first),
        "tfidf_baseline": report(library, gold, tfidf_predictions(train, texts)),
    }
    result["safety"] = {part: None for part in safety_sets.PARTS}
    for part, items in safety_items.items():
        result["safety"][part] = safety_eval.figures(items, every[start : start + len(items)])
        start += len(items)
    if with_conversations:
        result["conversations"] = conversation_rates(library)
    return result


def _figure(value: Optional[float]) -> str:
    return "n/a (no held-out questions labelled with a specific answer yet)" if value is None else f"{value:.3f}"


def main() -> int:
    quiet_rasa_logs()
    result = evaluate()
    rasa, baseline = result["rasa"], result["tfidf_baseline"]
    print(f"\nHeld-out questions: {result['examples']} ({rasa['specific_examples']} labelled with a specific answer)")
    print("| topic | precision | recall | n |\n|---|---|---|---|")
    for label, figures in rasa["per_label"].items():
        print(f"| {label} | {figures['precision']:.2f} | {figures['recall']:.2f} | {figures['support']} |")
    print("\nMost common confusions (expected -> answered):")
    for (gold, predicted), count in rasa["confusions"]:
        print(f"  {gold} -> {predicted}: {count}")
    print("\n| held-out figure | Speak Up | TF-IDF baseline |\n|---|---|---|")
    print(f"| topic accuracy (ranked first) | {rasa['accuracy']:.3f} | {baseline['accuracy']:.3f} |")
    print(
        f"| topic accuracy (as answered: \"did you mean\" counts as wrong) | {rasa['answered_accuracy']:.3f} | "
        f"{baseline['answered_accuracy']:.3f} |"
    )
    print(
        f"| specific-answer accuracy | {_figure(rasa['specific_accuracy'])} | {_figure(baseline['specific_accuracy'])} |"
    )
    print(f"| \"did you mean\" rate | {rasa['did_you_mean_rate']:.3f} | {baseline['did_you_mean_rate']:.3f} |")
    print("\n| conversation set | cases | right |\n|---|---|---|")
    for name, figures in result["conversations"].items():
        print(f"| {name} | {figures['cases']} | {figures['rate']:.3f} |")
    print(
        f"(long stories, TF-IDF on the whole text: {result['conversations']['long_stories']['tfidf_baseline_rate']:.3f})"
    )
    for name, figures in result["conversations"].items():
        for miss in figures["misses"]:
            print(f"  {name} miss: {miss['say']!r} expected {miss['expected']}, got {miss['got']}")
    safety_eval.print_table(result["safety"])
    out = ROOT / "var" / "eval"
    out.mkdir(parents=True, exist_ok=True)
    (out / "heldout.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
