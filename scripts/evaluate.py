"""Measures how well the trained model understands questions it never saw (tests/nlu_heldout/).

Prints held-out topic accuracy, per-topic precision and recall, the most common confusions, the
accuracy of a plain TF-IDF nearest-example baseline trained on the same examples, and the safety
figures per kind for the training and held-out parts of tests/safety/ (scripts/safety_eval.py).
`make eval` also runs Rasa's own 5-fold cross-validation."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from scripts import safety_eval, safety_sets

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "tests" / "nlu_heldout"
TRAINING = ROOT / "data" / "nlu"


def label_of(intent: str) -> str:
    """faq/seclusion -> seclusion; other intents keep their names."""
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


def predicted_label(parse: Dict) -> str:
    intent = (parse.get("intent") or {}).get("name") or ""
    if intent == "faq":
        response = ((parse.get("response_selector") or {}).get("faq") or {}).get("response") or {}
        return label_of(response.get("intent_response_key") or "faq")
    return intent


def latest_model() -> Path:
    if os.environ.get("SPEAKUP_EVAL_MODEL"):
        return Path(os.environ["SPEAKUP_EVAL_MODEL"])
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SystemExit("No trained model in models/: run `make train` first.")
    return models[-1]


async def _parse_all(texts: List[str]) -> List[Dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(latest_model()))
    return [await agent.parse_message(text) for text in texts]


def rasa_parses(texts: List[str]) -> List[Dict]:
    """The trained model's full NLU parse of each text (one model load for all of them)."""
    return asyncio.run(_parse_all(texts))


def rasa_predictions(texts: List[str]) -> List[str]:
    return [predicted_label(parse) for parse in rasa_parses(texts)]


def tfidf_predictions(train: List[Tuple[str, str]], texts: List[str]) -> List[str]:
    """A plain baseline: the label of the most similar training example (TF-IDF, cosine)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    vectorizer = TfidfVectorizer(lowercase=True, sublinear_tf=True)
    matrix = vectorizer.fit_transform([t for t, _ in train])
    nearest = linear_kernel(vectorizer.transform(texts), matrix).argmax(axis=1)
    return [train[i][1] for i in nearest]


def report(gold: List[str], predicted: List[str]) -> Dict:
    labels = sorted(set(gold))
    per_label = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        per_label[label] = {
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "support": tp + fn,
        }
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return {
        "accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(gold),
        "per_label": per_label,
        "confusions": confusions.most_common(10),
    }


def evaluate() -> Dict:
    held_out = read_examples(HELD_OUT)
    train = read_examples(TRAINING)
    texts, gold = [t for t, _ in held_out], [label for _, label in held_out]
    safety_items = {part: safety_sets.load(part) for part in safety_eval.parts_to_read()}
    safety_texts = [item.text for items in safety_items.values() for item in items]
    parses = rasa_parses(texts + safety_texts)
    rasa = report(gold, [predicted_label(parse) for parse in parses[:len(texts)]])
    baseline = report(gold, tfidf_predictions(train, texts))
    safety, start = {part: None for part in safety_sets.PARTS}, len(texts)
    for part, items in safety_items.items():
        safety[part] = safety_eval.figures(items, parses[start:start + len(items)])
        start += len(items)
    return {"examples": len(texts), "rasa": rasa, "tfidf_baseline": baseline, "safety": safety}


def main() -> int:
    result = evaluate()
    rasa, baseline = result["rasa"], result["tfidf_baseline"]
    print(f"\nHeld-out questions: {result['examples']}")
    print(f"| label | precision | recall | n |\n|---|---|---|---|")
    for label, figures in rasa["per_label"].items():
        print(f"| {label} | {figures['precision']:.2f} | {figures['recall']:.2f} | {figures['support']} |")
    print("\nMost common confusions (expected -> predicted):")
    for (gold, predicted), count in rasa["confusions"]:
        print(f"  {gold} -> {predicted}: {count}")
    print(f"\nRasa held-out accuracy:          {rasa['accuracy']:.3f}")
    print(f"TF-IDF nearest-example accuracy: {baseline['accuracy']:.3f}")
    safety_eval.print_table(result["safety"])
    out = ROOT / "var" / "eval"
    out.mkdir(parents=True, exist_ok=True)
    (out / "heldout.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
