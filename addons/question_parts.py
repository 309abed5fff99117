"""Finds the questions inside a long message or a two-part question, so Rasa understands each one.

Two NLU components around the rest of the pipeline (config.yml). `QuestionSplitter`, first, adds
one extra message per question it finds ("can they search my room, and can I see what they wrote
about it?" gives two; a parent's paragraph gives the question at its end). Every later component
(tokenizer, featurizers, DIET, the ResponseSelectors, the fallback and the safety net) then
processes the whole message and each question alike. `QuestionJoiner`, last, folds the questions
back into the one message Rasa answers, under "question_parts", without their text; the action
(actions/understanding.py) answers each. Safety first: if any question trips the safety net, the
whole message gets the crisis or safeguarding intent. A message that is one question is left alone.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.built import Built
from addons.safety_assess import SEVERITY
from addons.safety_net import SAFETY_INTENTS, SAFETY_KEY

PARTS_KEY = "question_parts"
# Set on the extra messages so the joiner knows them; never in the output.
PART_FLAG = "question_part"
ANSWER_INTENTS = ("faq", "follow_up")
RESPONSE_SELECTOR_KEY = "response_selector"
# At most this many questions from one message are understood (the first in full, the next briefly).
MAX_PARTS = 2

_WH = r"(?:who|whom|whose|what|whats|what's|when|where|why|how|which)"
_AUX = (
    r"(?:can|could|do|does|did|is|isn't|are|aren't|was|were|will|would|should|shall|may|might|must|" r"have|has|had|am)"
)
_SUBJECT = (
    r"(?:i|you|u|he|she|it|we|they|my|your|his|her|our|their|staff|someone|anyone|there|this|"
    r"that|these|those|people|nurses|doctors|patients|children|kids)"
)
# A new question starts: a question word, or a verb like "can" or "is" then who it is about
# ("can I", "is it", "do they"), not "and has a learning disability".
_QUESTION_START = rf"(?:{_WH}|{_AUX}\s+{_SUBJECT})"
# "... my room, and can I see ...": a joining word followed by the start of a new question.
_JOIN = re.compile(
    rf"(?:\s*[,;]\s*|\s+)(?:and|also|plus|&|but|or)\s+(?:also\s+|then\s+)?(?={_QUESTION_START}\b)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# A sentence that asks without a question mark: "how long can it last", "I want to know if ...".
_ASKS = re.compile(
    rf"^\s*(?:(?:so|and|but|ok|okay|well|also|please|basically|honestly|sorry)[\s,]+)*(?:{_WH}|{_AUX})\b"
    r"|\b(?:i want to know|i'd like to know|i would like to know|i wonder|i'm wondering|"
    r"im wondering|i am wondering|can you tell me|please explain|can you explain)\b",
    re.IGNORECASE,
)
MIN_WORDS = 2


def is_question(sentence: str) -> bool:
    """True if a sentence asks something: it ends with "?" or starts like a question."""
    return sentence.rstrip().endswith("?") or bool(_ASKS.search(sentence))


def clauses(text: str) -> List[str]:
    """The sentences of a message, with "..., and can I ..." joins split into two."""
    found = []
    for sentence in _SENTENCE.split(text.strip()):
        found.extend(_split_joined(sentence))
    return found


def _split_joined(sentence: str) -> List[str]:
    return [piece.strip(" ,;") for piece in _JOIN.split(sentence) if piece.strip(" ,;")]


def question_parts(text: str) -> List[str]:
    """The questions a message holds when it holds more than one sentence or question; [] when
    the message is one question or no question at all (then the whole text is understood).

    Sentences ending in "?" are the questions; only if there are none, sentences that start like
    a question ("how long can it last") or say "I want to know". A question joined to another
    ("can they search my room, and can I see it?") counts as two."""
    if not text or text.startswith("/"):
        return []
    sentences = [s for s in _SENTENCE.split(text.strip()) if s.strip()]
    asked = [s for s in sentences if s.rstrip().endswith("?")] or [s for s in sentences if is_question(s)]
    parts = [c for s in asked for c in _split_joined(s) if len(c.split()) >= MIN_WORDS]
    if len(sentences) < 2 and len(parts) < 2:
        return []
    return parts[:MAX_PARTS]


def _summary(message: Message) -> Dict[str, Any]:
    """What the action needs from one understood question: intent, the ResponseSelectors' rankings
    and the safety flags. Never the text."""
    selectors = {}
    for name, output in (message.get(RESPONSE_SELECTOR_KEY) or {}).items():
        if isinstance(output, dict):
            response = output.get("response") or {}
            selectors[name] = {
                "response": {key: response.get(key) for key in ("intent_response_key", "confidence")},
                "ranking": output.get("ranking") or [],
            }
    return {
        "intent": message.get(INTENT) or {},
        RESPONSE_SELECTOR_KEY: selectors,
        SAFETY_KEY: message.get(SAFETY_KEY) or {},
    }


def merged_safety(whole: Dict[str, Any], parts: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The whole message's safety reading (addons/safety_assess.py already read every sentence),
    made more serious by a question's reading where that is more serious: a worse kind (with who
    it is about), a disclosure the whole did not show (with who told it), a question asked."""
    flags = dict(whole)
    for part in parts:
        if not part:
            continue
        if SEVERITY.get(part.get("kind"), 0) > SEVERITY.get(flags.get("kind"), 0):
            flags.update(kind=part.get("kind"), about=part.get("about", "self"), crisis=part.get("crisis", False))
        if part.get("disclosure") and not flags.get("disclosure"):
            flags.update({key: part.get(key) for key in ("disclosure", "who", "injury", "crime", "safeguarding")})
        flags["asked"] = bool(flags.get("asked")) or bool(part.get("asked"))
        flags["layers"] = sorted({*(flags.get("layers") or ()), *(part.get("layers") or ())})
    return flags


class _Stateless(Built, GraphComponent):
    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # training examples are single questions: nothing to split


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionSplitter(_Stateless):
    """First in the pipeline: adds a message for each question found inside a longer message."""

    def process(self, messages: List[Message]) -> List[Message]:
        out = []
        for message in messages:
            out.append(message)
            for part in question_parts(message.get(TEXT) or ""):
                out.append(Message(data={TEXT: part, PART_FLAG: True}))
        return out


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionJoiner(_Stateless):
    """Last in the pipeline: folds each message's questions back into it, under "question_parts"."""

    def process(self, messages: List[Message]) -> List[Message]:
        out: List[Message] = []
        parts: List[Message] = []
        for message in messages + [None]:
            if message is not None and message.get(PART_FLAG):
                parts.append(message)
                continue
            if out and parts:
                self._join(out[-1], parts)
            parts = []
            if message is not None:
                out.append(message)
        return out

    @staticmethod
    def _join(whole: Message, parts: List[Message]) -> None:
        whole.set(PARTS_KEY, [_summary(part) for part in parts], add_to_output=True)
        flags = merged_safety(whole.get(SAFETY_KEY) or {}, [part.get(SAFETY_KEY) or {} for part in parts])
        if flags:
            whole.set(SAFETY_KEY, flags, add_to_output=True)
        intent = (whole.get(INTENT) or {}).get("name")
        if intent in SAFETY_INTENTS:
            return
        winner: Optional[Dict[str, Any]] = None
        for name in SAFETY_INTENTS:  # a crisis, distress or a disclosure in any question wins, in that order
            winner = winner or next((p.get(INTENT) for p in parts if (p.get(INTENT) or {}).get("name") == name), None)
        if winner is None and intent not in ANSWER_INTENTS:
            # The whole message read as something else (not understood, "thanks", ...), but a
            # question in it is one Speak Up answers: route the message to the answer.
            winner = next((p.get(INTENT) for p in parts if (p.get(INTENT) or {}).get("name") in ANSWER_INTENTS), None)
        if winner is not None:
            whole.set(INTENT, dict(winner), add_to_output=True)
            ranking = [r for r in whole.get(INTENT_RANKING_KEY) or [] if r.get("name") != winner.get("name")]
            whole.set(INTENT_RANKING_KEY, [dict(winner), *ranking], add_to_output=True)
