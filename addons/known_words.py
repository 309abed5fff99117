"""A message in which Speak Up knows no word at all ("zxqv blorp wibble") is not understood, never guessed at.

The classifiers always rank something first, and the character n-grams find a little of every
topic in any string, so nonsense could get a confident answer. This component learns, when the
model is trained, every word in the training examples. At run time, a typed message none of
whose words is known, or one letter away from a known word (a typo: "seclsuion"), gets the
`nlu_fallback` intent: "Sorry, I am not sure what you mean". It sits before the safety net
(config.yml), which still reads every message and can set a safety intent."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.built import Built

WORD = re.compile(r"[a-z][a-z']*")
FILE = "known_words.json"
FALLBACK = "nlu_fallback"
ALPHABET = "abcdefghijklmnopqrstuvwxyz'"


def words_of(text: str) -> List[str]:
    return WORD.findall(text.lower())


def one_edit(word: str) -> Iterable[str]:
    """Every string one letter away: a letter left out, swapped with the next, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        for letter in ALPHABET:
            if right:
                yield left + letter + right[1:]
            yield left + letter + right


def knows(word: str, known: Set[str]) -> bool:
    """A known word, or (for words of four letters or more) one letter away from one."""
    if word in known:
        return True
    return len(word) >= 4 and any(candidate in known for candidate in one_edit(word))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class KnownWords(Built, GraphComponent):
    """Learns the training examples' words; a message with none of them is not understood."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, known: Optional[Set[str]] = None):
        self._storage = model_storage
        self._resource = resource
        self.known: Set[str] = set(known or ())

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "KnownWords":
        try:
            with model_storage.read_from(resource) as folder:
                known = json.loads((folder / FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError, OSError):
            known = []  # an old model without the list: every message passes, as before
        return cls(model_storage, resource, set(known))

    def train(self, training_data: TrainingData) -> Resource:
        known: Set[str] = set()
        for example in training_data.training_examples:
            known.update(words_of(example.get(TEXT) or ""))
        self.known = known
        with self._storage.write_to(self._resource) as folder:
            (folder / FILE).write_text(json.dumps(sorted(known)), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def unknown(self, text: str) -> bool:
        """True when the text has words and Speak Up knows none of them (nor a typo of one)."""
        words = words_of(text)
        return bool(self.known) and bool(words) and not any(knows(word, self.known) for word in words)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.lstrip().startswith("/") or not self.unknown(text):
                continue  # a button payload (Rasa reads it without NLU), or words Speak Up knows
            override = {"name": FALLBACK, "confidence": 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK]
            message.set(INTENT, override, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)
        return messages
