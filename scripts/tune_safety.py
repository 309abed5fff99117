"""Sets the safety detector's thresholds on the training data and writes content/safety/thresholds.yml.

Only training data is used: tests/safety/training.yml and the bot's own training questions
(data/nlu/faq/, each compared with the bank without itself). tests/safety/heldout.yml is never read.

- Semantic detector: for each risk kind, a sentence counts when its score beats every counter-kind
  by a margin. The margin is set just above the highest margin any ordinary question reaches
  (the benign items of training.yml, and the 99.9th percentile of the training questions), plus
  a buffer, so ordinary questions get no helplines.
- NLU intents (`--intents`, needs a trained model): the crisis, distress and safeguarding intents
  count only when the classifier is at least this sure (and the exemplars lean the same way); set
  above every benign and mention item of training.yml it was that sure of, where it could act.

Run: .venv/bin/python -m scripts.tune_safety [--intents]"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
from typing import Dict, List

import numpy as np
import yaml

from addons import minilm
from addons.safety_semantic import COUNTER_KINDS, NEAREST, RISK_KINDS, THRESHOLDS, SemanticDetector, counter_score
from addons.safety_text import sentences, windows
from scripts import safety_sets

BUFFER = 0.02
SCORE_FLOORS = (0.55, 0.50, 0.45, 0.40)
KEEP = 0.99
QUANTILE = 0.999
INTENT_FLOOR = 0.80


def margins(scores: Dict[str, float], kind: str) -> float:
    return scores[kind] - counter_score(scores)


def pieces(text: str) -> List[str]:
    return [piece for sentence in sentences(text) for piece in (sentence, *windows(sentence))]


def semantic_thresholds(detector: SemanticDetector, embed) -> Dict[str, Dict[str, float]]:
    kinds = np.array(detector.kinds)
    similarity = detector.vectors @ detector.vectors.T
    np.fill_diagonal(similarity, -1.0)  # each training question is compared with the others only
    rows = {kind: np.where(kinds == kind)[0] for kind in (*RISK_KINDS, *COUNTER_KINDS)}
    faq = {kind: [] for kind in RISK_KINDS}
    for i in rows["benign"]:
        scores = {k: float(np.sort(similarity[i, r])[-NEAREST:].mean()) for k, r in rows.items()}
        for kind in RISK_KINDS:
            faq[kind].append(margins(scores, kind))
    benign_items = [item for item in safety_sets.load("training") if item.kind == "benign"]
    texts = [piece for item in benign_items for piece in pieces(item.text)]
    training = {kind: [margins(s, kind) for s in detector.scores(embed(texts))] for kind in RISK_KINDS}
    out = {}
    for kind in RISK_KINDS:
        highest = max(max(training[kind]), float(np.quantile(faq[kind], QUANTILE)))
        margin = max(math.ceil((highest + BUFFER) * 100) / 100, BUFFER)
        # The score floor: as high as possible while keeping 99% of the exemplars (each compared
        # with the others) that the margin lets through, so weak matches in long messages do not count.
        own = [{k: float(np.sort(similarity[i, r])[-NEAREST:].mean()) for k, r in rows.items()} for i in rows[kind]]
        passing = [s[kind] for s in own if margins(s, kind) >= margin]
        score = next(floor for floor in SCORE_FLOORS if sum(s >= floor for s in passing) >= KEEP * len(passing))
        out[kind] = {"score": score, "margin": margin}
        print(f"{kind}: highest ordinary-question margin {highest:.3f} -> margin {margin:.2f}, score {score:.2f}")
    return out


async def _parses(texts: List[str]) -> List[Dict]:
    from rasa.core.agent import Agent

    from scripts.evaluate import latest_model

    agent = Agent.load(str(latest_model()))
    return [await agent.parse_message(text) for text in texts]


def intent_thresholds() -> Dict[str, float]:
    """Above the classifier's confidence on every benign or mention item of training.yml that the
    intent layer could act on (one with no sentence the patterns read as denied, past, guidance
    or a figure of speech, and for disclosures no question: those the intent layer never overrides)."""
    from addons.safety_assess import BLOCKING, DISCLOSURE_BLOCKING
    from addons.safety_patterns import SafetyPatterns

    patterns = SafetyPatterns.load()
    items = [item for item in safety_sets.load("training") if item.kind in ("benign", "mention")]
    parses = asyncio.run(_parses([item.text for item in items]))
    out = {}
    for intent in ("crisis", "distress", "safeguarding"):
        blocking = DISCLOSURE_BLOCKING if intent == "safeguarding" else BLOCKING
        sure = []
        for item, parse in zip(items, parses):
            readings = [patterns.read(s) for s in sentences(item.text)]
            if any(r.contexts & blocking for r in readings):
                continue
            if intent == "safeguarding" and any(r.question for r in readings):
                continue  # the intent layer never makes a question a disclosure
            sure.append(float(((parse.get("safety") or {}).get("intents") or {}).get(intent, 0.0)))
        highest = max(sure, default=0.0)
        out[intent] = round(min(0.99, max(INTENT_FLOOR, highest + BUFFER)), 2)
        print(f"intent {intent}: highest confidence on a benign or mention item {highest:.3f} -> {out[intent]:.2f}")
    return out


def write(semantic: Dict, intents: Dict) -> None:
    header = (
        "# Thresholds of the safety layers, set by `python -m scripts.tune_safety` on the training data only\n"
        "# (tests/safety/training.yml and data/nlu/faq/; never tests/safety/heldout.yml).\n"
        "# semantic: a sentence is of a risk kind when its score (mean similarity of its 3 nearest exemplars\n"
        "# of that kind) is at least `score` and beats every counter-kind (mention, figurative, ordinary\n"
        "# questions) by at least `margin`.\n"
        "# intent: the NLU intent counts when the classifier is at least this sure of it.\n"
    )
    body = yaml.safe_dump({"semantic": semantic, "intent": intents}, sort_keys=False)
    THRESHOLDS.write_text(header + body, encoding="utf-8")
    print(f"wrote {THRESHOLDS}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intents", action="store_true", help="also set the intent thresholds (needs models/)")
    args = parser.parse_args()
    model = minilm.load()
    detector = SemanticDetector(model.embed_texts, thresholds={})
    semantic = semantic_thresholds(detector, model.embed_texts)
    old = yaml.safe_load(THRESHOLDS.read_text(encoding="utf-8")) if THRESHOLDS.exists() else {}
    intents = intent_thresholds() if args.intents else (old or {}).get("intent") or {}
    write(semantic, intents)
    return 0


if __name__ == "__main__":
    sys.exit(main())
