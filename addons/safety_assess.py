"""Puts the three safety layers together: what kind of message this is, sentence by sentence.

Layer 1, the patterns (addons/safety_patterns.py), read every sentence with negation, the past,
figures of speech and who it is about. Layer 2, the NLU intents (crisis, distress, safeguarding),
read the whole message. Layer 3, the semantic detector (addons/safety_semantic.py), compares every
sentence, and every 14-word piece of a long run-on sentence, with the exemplars.

The most serious kind any sentence shows wins: imminent, then distress, then mention, then a plain
figure of speech. A disclosure of harm is kept beside the kind, so a message can be both. A sentence
that the patterns read as denied, in the past, about guidance or a figure of speech cannot be made
imminent or distress by the other two layers: they do not understand those."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from addons.safety_patterns import CRIMES, SafetyPatterns, SentenceReading
from addons.safety_semantic import SemanticDetector, SemanticReading, counter_score
from addons.safety_text import sentences, windows

SEVERITY = {None: 0, "figurative": 1, "mention": 2, "distress": 3, "imminent": 4}
BLOCKING = {"negated", "past", "guidance", "figurative"}
# A disclosure is often told in the past ("last week a nurse hit me"): only these stop one.
DISCLOSURE_BLOCKING = {"negated", "figurative", "general"}
# NLU intent -> the kind it stands for.
INTENT_KINDS = {"crisis": "imminent", "distress": "distress", "safeguarding": "disclosure"}
MIN_WORDS = 3
LEAN_MARGIN = -0.1


@dataclass(frozen=True)
class Assessment:
    """What the safety layers found in one message. Holds no text."""

    kind: Optional[str] = None  # imminent, distress, mention, figurative, or None
    about: str = "self"  # other: someone else is in danger now
    disclosure: Optional[str] = None  # the category of harm told, or None
    who: str = "self"  # who is telling of harm: self, family, witness or staff
    injury: bool = False
    crime: bool = False
    asked: bool = False  # the message also asks a question
    layers: Sequence[str] = field(default_factory=tuple)  # which layers found something

    def as_dict(self) -> Dict:
        data = asdict(self)
        data["layers"] = list(self.layers)
        # The names the actions and the older code read.
        data["crisis"] = self.kind == "imminent"
        data["safeguarding"] = self.disclosure is not None
        return data


class Assessor:
    """The patterns, the semantic detector and the intent thresholds, used together."""

    def __init__(
        self,
        patterns: SafetyPatterns,
        detector: Optional[SemanticDetector],
        intent_thresholds: Optional[Dict[str, float]] = None,
    ):
        self.patterns = patterns
        self.detector = detector
        self.intent_thresholds = intent_thresholds or {}

    def units(self, text: str) -> List[List[str]]:
        """For each sentence, the pieces the semantic detector reads: the sentence, and its
        14-word windows if it is a long run-on sentence."""
        return [[sentence, *windows(sentence)] for sentence in sentences(text)]

    def semantic(
        self, units: List[List[str]], embed: Callable[[List[str]], np.ndarray], whole: Optional[np.ndarray] = None
    ) -> List[List[SemanticReading]]:
        """The detector's readings for every piece. `whole` is the message's own sentence vector
        (from the NLU featurizer): used as is when the message is one short sentence."""
        if self.detector is None:
            return [[] for _ in units]
        flat = [piece for pieces in units for piece in pieces]
        if len(flat) > 1:  # in a longer message, a piece of one or two words ("It hurt.") says too little
            flat = [piece if len(piece.split()) >= MIN_WORDS else None for piece in flat]
        wanted = [piece for piece in flat if piece]
        if whole is not None and len(flat) == 1:
            vectors = [whole]
        else:
            vectors = list(embed(wanted)) if wanted else []
        found = iter(self.detector.read(vectors))
        readings = [next(found) if piece else None for piece in flat]
        out, start = [], 0
        for pieces in units:
            out.append([r for r in readings[start : start + len(pieces)] if r is not None])
            start += len(pieces)
        return out

    def question_part(self, text: str) -> str:
        """The sentences that ask something and are not themselves a risk (else every sentence
        that is not a risk): what the question is about, without the words around it."""
        readings = [(sentence, self.patterns.read(sentence)) for sentence in sentences(text)]
        calm = [(s, r) for s, r in readings if r.kind not in ("imminent", "distress") and not r.disclosure]
        asking = [r.plain or s for s, r in calm if r.question]
        return " ".join(asking or [r.plain or s for s, r in calm] or [s for s, _ in readings])

    def assess(
        self,
        text: str,
        embed: Callable[[List[str]], np.ndarray] = None,
        intent_ranking: Sequence[Dict] = (),
        whole: Optional[np.ndarray] = None,
    ) -> Assessment:
        units = self.units(text)
        pattern_readings = [self.patterns.read(pieces[0]) for pieces in units]
        self._abouts = [self.patterns.about(pieces[0]) for pieces in units]
        semantic_readings = (
            self.semantic(units, embed, whole) if embed is not None or whole is not None else [[] for _ in units]
        )
        assessment = self.combine(pattern_readings, semantic_readings, intent_ranking)
        if assessment.kind != "imminent" and len(units) > 1 and self.patterns.whole_message_imminent(text):
            assessment = replace(assessment, kind="imminent", layers=tuple(sorted({*assessment.layers, "patterns"})))
        return assessment

    def combine(
        self,
        pattern_readings: List[SentenceReading],
        semantic_readings: List[List[SemanticReading]],
        intent_ranking: Sequence[Dict] = (),
    ) -> Assessment:
        kind, about, disclosure, who, injury, asked = None, "self", None, None, False, False
        layers = set()
        blocked_anywhere = False
        abouts = getattr(self, "_abouts", None) or [r.about for r in pattern_readings]
        for reading, semantic, sentence_about_default in zip(pattern_readings, semantic_readings, abouts):
            blocked = bool(reading.contexts & BLOCKING)
            blocked_anywhere = blocked_anywhere or blocked
            sentence_kind, sentence_about = reading.kind, reading.about
            if reading.kind in ("imminent", "distress") or reading.disclosure:
                layers.add("patterns")
            found = [s for s in semantic if s.kind]
            semantic_only = False
            for s in found:
                if s.kind in ("imminent", "distress"):
                    wanted = s.kind if not blocked else "mention"
                    if reading.kind == "distress" and wanted == "imminent":
                        continue  # the patterns read this sentence as distress: they know the difference
                    if SEVERITY[wanted] > SEVERITY[sentence_kind]:
                        sentence_kind, sentence_about = wanted, sentence_about_default
                        semantic_only = wanted in ("imminent", "distress")
                        layers.add("semantic")
                elif s.kind == "disclosure" and not blocked and "general" not in reading.contexts:
                    if disclosure is None and reading.disclosure is None:
                        disclosure = s.category
                        layers.add("semantic")
            if SEVERITY[sentence_kind] > SEVERITY[kind] or (
                sentence_kind == kind == "imminent" and sentence_about == "self"
            ):
                kind, about = sentence_kind, sentence_about
            if reading.disclosure and disclosure is None:
                disclosure = reading.disclosure
            who = who or reading.who
            injury = injury or reading.injury
            asked = asked or (reading.question and not semantic_only)
        intent_kind = self.intent_kind(intent_ranking)
        if intent_kind and not self.leans(intent_kind, pattern_readings, semantic_readings):
            intent_kind = None  # the classifier alone is not enough: the exemplars must lean the same way
        told_blocked = any(r.contexts & DISCLOSURE_BLOCKING for r in pattern_readings)
        if intent_kind and kind is None and disclosure is None and all(r.question for r in pattern_readings):
            intent_kind = None  # a plain question with no risk words: the classifier alone does not decide
        if intent_kind == "distress" and kind == "imminent" and layers == {"semantic"}:
            kind = "distress"  # only the examples said imminent; the classifier is sure it is distress
        if intent_kind and (not blocked_anywhere or (intent_kind == "disclosure" and not told_blocked)):
            if intent_kind == "disclosure":
                # Only a statement: a question the patterns do not read as a disclosure is a question.
                if disclosure is None and not any(r.question or "general" in r.contexts for r in pattern_readings):
                    disclosure = "unspecified"
                    layers.add("intent")
            elif intent_kind == "imminent" and kind == "distress" and "patterns" in layers:
                pass  # the patterns read distress: they know the difference
            elif SEVERITY[intent_kind] > SEVERITY[kind]:
                kind = intent_kind
                layers.add("intent")
        return Assessment(
            kind=kind,
            about=about if kind == "imminent" else "self",
            disclosure=disclosure,
            who=(who or "self") if disclosure else "self",
            injury=bool(disclosure) and injury,
            crime=disclosure in CRIMES,
            asked=asked,
            layers=tuple(sorted(layers)),
        )

    @staticmethod
    def leans(
        kind: str, pattern_readings: List[SentenceReading], semantic_readings: List[List[SemanticReading]]
    ) -> bool:
        """Whether some sentence is about as near to this kind's exemplars as to any counter-kind:
        the weaker check of the semantic layer that the intent layer needs beside it."""
        blocking = BLOCKING if kind != "disclosure" else DISCLOSURE_BLOCKING
        for reading, semantic in zip(pattern_readings, semantic_readings):
            if reading.contexts & blocking:
                continue
            for s in semantic:
                counter = counter_score(s.scores)
                if s.scores[kind] - counter >= LEAN_MARGIN:
                    return True
        return False

    def intent_kind(self, ranking: Sequence[Dict]) -> Optional[str]:
        """The kind the NLU intent shows, if the classifier is sure enough of it."""
        for entry in ranking or ():
            name, confidence = entry.get("name"), float(entry.get("confidence") or 0.0)
            limit = self.intent_thresholds.get(name)
            if name in INTENT_KINDS and limit is not None and confidence >= limit:
                return INTENT_KINDS[name]
        return None
