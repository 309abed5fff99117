"""The deterministic safety net: an NLU component that makes crisis and abuse wording win.

It runs after every classifier in the pipeline (config.yml). When a message matches a crisis
pattern in content/safety/patterns.yml, the intent becomes `crisis` with confidence 1, whatever
the classifier or the FallbackClassifier decided, so a misclassification can never hide a crisis.
A safeguarding match (someone hurt, abused or touched the person) makes the intent
`safeguarding`. The flags are also added to the parse data under "safety", so the crisis action
can follow the helplines with the safeguarding reply when a message has both."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATTERNS = ROOT / "content" / "safety" / "patterns.yml"
SAFETY_KEY = "safety"


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, accents and zero-width characters removed, spaces squeezed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


class SafetyPatterns:
    """The crisis and safeguarding word patterns, compiled once."""

    def __init__(self, data: Dict[str, List[str]]):
        def compile_all(name: str) -> List[re.Pattern]:
            return [re.compile(pattern, re.IGNORECASE) for pattern in data.get(name) or []]

        self.crisis = compile_all("crisis")
        self.safeguarding = compile_all("safeguarding")
        self.general_question = compile_all("general_question")
        if not self.crisis:
            raise ValueError("the safety patterns file has no crisis patterns")

    @classmethod
    def load(cls, path: Path = DEFAULT_PATTERNS) -> "SafetyPatterns":
        return cls(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})

    def flags(self, text: str) -> Dict[str, bool]:
        """{"crisis": ..., "safeguarding": ...} for one message."""
        clean = normalise(text)
        crisis = any(p.search(clean) for p in self.crisis)
        disclosure = any(p.search(clean) for p in self.safeguarding)
        if disclosure and any(p.search(clean) for p in self.general_question):
            disclosure = False
        return {"crisis": crisis, "safeguarding": disclosure}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyNet(GraphComponent):
    """Overrides the predicted intent with `crisis` or `safeguarding` on a pattern match."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"patterns": str(DEFAULT_PATTERNS)}

    def __init__(self, config: Dict[Text, Any]):
        path = Path(config.get("patterns") or DEFAULT_PATTERNS)
        self.patterns = SafetyPatterns.load(path if path.is_absolute() else ROOT / path)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyNet":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if not text or text.startswith("/"):
                continue  # button payloads are not typed words
            flags = self.patterns.flags(text)
            message.set(SAFETY_KEY, flags, add_to_output=True)
            winner = "crisis" if flags["crisis"] else "safeguarding" if flags["safeguarding"] else None
            if winner is None:
                continue
            override = {"name": winner, "confidence": 1.0}
            message.set(INTENT, override, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != winner]
            message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)
        return messages
