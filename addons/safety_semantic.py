"""The semantic safety detector: how near a sentence is, in meaning, to the exemplars of each kind.

The exemplars (content/safety/exemplars.yml) and the ordinary questions the bot is trained on
(data/nlu/faq/, and the bot's own commands: the counter-examples) are embedded once, when the detector is made, with the
MiniLM model the NLU pipeline already runs. A sentence's vector is compared with all of them (one
matrix product); for each kind, the mean similarity of its 3 nearest exemplars is that kind's
score. A risk kind is found when its score reaches its threshold and beats every counter-kind
(mention, figurative, benign) by its margin. The thresholds are set on tests/safety/training.yml
by scripts/tune_safety.py and kept in content/safety/thresholds.yml."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXEMPLARS = ROOT / "content" / "safety" / "exemplars.yml"
THRESHOLDS = ROOT / "content" / "safety" / "thresholds.yml"
BENIGN_QUESTIONS = ROOT / "data" / "nlu" / "faq"
# The bot's own commands ("easier please", "show me the topics") are not risks either: counter-
# examples too, without a topic. Not "goodbye" or "stop the walk-through": "I'm done" and "make it
# stop" can be distress, and must stay free to read as it.
COMMANDS = ROOT / "data" / "nlu"
COMMAND_INTENTS = (
    "greet",
    "thank",
    "topic_menu",
    "simpler",
    "more_detail",
    "set_level",
    "walkthrough",
    "walkthrough_next",
    "walkthrough_back",
    "walkthrough_choose",
    "plan",
    "plan_choose",
)
RISK_KINDS = ("imminent", "distress", "disclosure")
COUNTER_KINDS = ("mention", "figurative", "benign")
NEAREST = 3
MENTION_DISCOUNT = 0.04


@dataclass(frozen=True)
class SemanticReading:
    """The detector's view of one sentence."""

    kind: Optional[str]  # imminent, distress, disclosure, or None
    scores: Dict[str, float]
    about: str = "self"
    category: Optional[str] = None


def counter_score(scores: Dict[str, float]) -> float:
    """How near a sentence is to what is not a risk now. Mentions ("I'm not going to hurt myself")
    count a little less: MiniLM hardly tells them from the risk itself, and the patterns read
    negation and the past better."""
    return max(scores["benign"], scores["figurative"], scores["mention"] - MENTION_DISCOUNT)


def read_bank(exemplars: Path = EXEMPLARS, benign: Path = BENIGN_QUESTIONS, commands: Optional[Path] = COMMANDS):
    """(texts, kinds, details): every exemplar and counter-example, with its kind, and for
    imminent its `about`, for a disclosure its category."""
    data = yaml.safe_load(exemplars.read_text(encoding="utf-8")) or {}
    texts, kinds, details = [], [], []

    def add(items, kind, detail=None):
        for text in items or []:
            texts.append(str(text))
            kinds.append(kind)
            details.append(detail)

    add(data.get("imminent"), "imminent", "self")
    add(data.get("imminent_other"), "imminent", "other")
    add(data.get("distress"), "distress")
    for category, items in (data.get("disclosure") or {}).items():
        add(items, "disclosure", category)
    add(data.get("mention"), "mention")
    add(data.get("figurative"), "figurative")

    def examples(block):
        return [
            line.strip()[2:].strip() for line in block.get("examples", "").splitlines() if line.strip().startswith("- ")
        ]

    for path in sorted(benign.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            add(examples(block), "benign", str(block.get("intent", "")).split("/", 1)[-1])
    for path in sorted(commands.glob("*.yml")) if commands is not None else ():
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if block.get("intent") in COMMAND_INTENTS:
                add(examples(block), "benign")  # no topic: not an answer to a question
    return texts, kinds, details


def read_thresholds(path: Path = THRESHOLDS) -> Dict[str, Dict[str, float]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {
        kind: {"score": float(values["score"]), "margin": float(values["margin"])}
        for kind, values in ((data or {}).get("semantic") or {}).items()
    }


class SemanticDetector:
    """The exemplar bank, embedded once, and the per-sentence reading."""

    def __init__(
        self,
        embed,
        thresholds: Optional[Dict[str, Dict[str, float]]] = None,
        exemplars: Path = EXEMPLARS,
        benign: Path = BENIGN_QUESTIONS,
    ):
        self.embed = embed  # texts -> unit vectors, one row each
        self.texts, self.kinds, self.details = read_bank(exemplars, benign)
        self.vectors = np.asarray(embed(self.texts), dtype=np.float32)
        self.thresholds = read_thresholds() if thresholds is None else thresholds
        self._rows = {
            kind: np.array([i for i, k in enumerate(self.kinds) if k == kind], dtype=np.int64)
            for kind in RISK_KINDS + COUNTER_KINDS
        }
        self._benign = self._rows["benign"]
        by_topic: Dict[str, List[int]] = {}
        for position, row in enumerate(self._benign):
            by_topic.setdefault(self.details[row], []).append(position)
        self._topics = {topic: np.array(rows) for topic, rows in by_topic.items() if topic}
        missing = [kind for kind, rows in self._rows.items() if not len(rows)]
        if missing:
            raise ValueError(f"the safety exemplars have no {', '.join(missing)} examples")

    def topic(self, vector: np.ndarray) -> Tuple[Optional[str], float]:
        """The topic whose questions (data/nlu/faq/) are nearest to this vector, and how near (the
        mean similarity of its 3 nearest questions): a second opinion on which topic a question
        is about, once the risk sentences around it are left out."""
        if not self._topics:
            return None, 0.0
        similarity = self.vectors[self._benign] @ np.asarray(vector, dtype=np.float32)
        best = max(
            ((topic, float(np.sort(similarity[rows])[-NEAREST:].mean())) for topic, rows in self._topics.items()),
            key=lambda pair: pair[1],
        )
        return best

    def scores(self, vectors: np.ndarray) -> List[Dict[str, float]]:
        """For each vector: the mean similarity of the nearest exemplars of each kind."""
        similarity = np.asarray(vectors, dtype=np.float32) @ self.vectors.T
        out = []
        for row in similarity:
            out.append({kind: float(np.sort(row[rows])[-NEAREST:].mean()) for kind, rows in self._rows.items()})
        return out

    def _nearest_detail(self, vector: np.ndarray, kind: str) -> Optional[str]:
        rows = self._rows[kind]
        nearest = rows[np.argsort(self.vectors[rows] @ vector)[-NEAREST:]]
        return Counter(self.details[i] for i in nearest).most_common(1)[0][0]

    def judge(self, scores: Dict[str, float]) -> Optional[str]:
        """The risk kind these scores show, if any (the most serious one that passes)."""
        counter = counter_score(scores)
        for kind in RISK_KINDS:
            limits = self.thresholds.get(kind)
            if limits and scores[kind] >= limits["score"] and scores[kind] - counter >= limits["margin"]:
                return kind
        return None

    def read(self, vectors: Sequence[np.ndarray]) -> List[SemanticReading]:
        """Read each sentence vector."""
        if not len(vectors):
            return []
        readings = []
        for vector, scores in zip(vectors, self.scores(np.stack(vectors))):
            kind = self.judge(scores)
            about = self._nearest_detail(vector, "imminent") if kind == "imminent" else "self"
            category = self._nearest_detail(vector, "disclosure") if kind == "disclosure" else None
            readings.append(SemanticReading(kind=kind, scores=scores, about=about or "self", category=category))
        return readings
