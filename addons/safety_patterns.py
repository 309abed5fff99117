"""The safety patterns (content/safety/patterns.yml): what one sentence says, read with negation,
the past, figures of speech and who it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional

import yaml

from addons.safety_text import normalise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATTERNS = ROOT / "content" / "safety" / "patterns.yml"

LISTS = (
    "figurative",
    "negated",
    "reassurance",
    "reported",
    "past",
    "recent",
    "past_act",
    "imminent",
    "imminent_message",
    "imminent_other",
    "distress",
    "risk_words",
    "guidance",
    "third_party",
    "general_question",
    "injury",
    "question",
)
# Checked in this order: the first that matches names the harm (physical, the broadest, last).
CATEGORIES = (
    "restraint_injury",
    "sexual",
    "financial",
    "neglect",
    "punishment",
    "humiliation",
    "emotional",
    "physical",
)
WHO = ("staff", "family", "witness")  # checked in this order; otherwise the person themself
# Categories whose disclosure may be a crime: the reply adds the police.
CRIMES = ("physical", "sexual", "financial")
FIRST_PERSON = re.compile(r"\b(i|im|ive|id|ill|me|my|myself)\b")
# Who is at risk in an imminent sentence: the person writing, or someone they write about.
SELF_AT_RISK = re.compile(
    r"\b(myself|my (neck|arm|arms|wrist|wrists|leg|legs|throat|skin|life)|(kill|stab|hurt|attack|rape|strangle|murder)"
    r" (me|us)|(i|im|ive|ill|id|i am|i have|i will)\s+((\w+\s+){0,3})(going|want|wanna|will|have|took|taken|cut|tied|"
    r"swallowed|drank|am|cant|dont|need|plan|planning|decided|overdosed|got|made))\b"
)
THIRD_SUBJECT = re.compile(
    r"\b(he|she|they|hes|shes|theyre)\b(\s+\w+){0,4}?\s+(is|was|s|has|had|said|says|going|will|wants|wanted|"
    r"took|taken|swallowed|cut|tied|tying|drank|jumped|hanged)\b|\b(himself|herself|themselves|his neck|her neck)\b"
)


@dataclass(frozen=True)
class SentenceReading:
    """What the patterns found in one sentence."""

    kind: Optional[str] = None  # imminent, distress, mention, figurative or None
    about: str = "self"  # self, or other: someone else is in danger now
    disclosure: Optional[str] = None  # the category of harm told, if any
    who: Optional[str] = None  # staff, family or witness, if the sentence says so
    injury: bool = False
    question: bool = False  # asks something, once the risk words are taken out
    contexts: FrozenSet[str] = field(default_factory=frozenset)  # figurative, negated, past, guidance, general
    plain: str = ""  # the sentence with figures of speech, denied and past risks taken out (for the topic)


class SafetyPatterns:
    """The compiled patterns, and the reading of a sentence with them."""

    def __init__(self, data: Dict):
        def compile_all(items) -> List[re.Pattern]:
            return [re.compile(pattern) for pattern in items or []]

        missing = [name for name in ("imminent", "distress", "risk_words") if not data.get(name)]
        if missing:
            raise ValueError(f"the safety patterns file has no {', '.join(missing)} patterns")
        self.lists = {name: compile_all(data.get(name)) for name in LISTS}
        self.disclosure = {name: compile_all((data.get("disclosure") or {}).get(name)) for name in CATEGORIES}
        self.who = {name: compile_all((data.get("who") or {}).get(name)) for name in WHO}

    @classmethod
    def load(cls, path: Path = DEFAULT_PATTERNS) -> "SafetyPatterns":
        return cls(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})

    def _any(self, name: str, text: str) -> bool:
        return any(p.search(text) for p in self.lists[name])

    def _strip(self, name: str, text: str) -> (str, bool):
        """The text with every match of a list blanked out, and whether anything matched."""
        found = False
        for pattern in self.lists[name]:
            text, count = pattern.subn(" ~ ", text)
            found = found or bool(count)
        return re.sub(r"\s+", " ", text).strip(), found

    def _risk_spans_removed(self, text: str) -> str:
        for name in ("imminent", "imminent_other", "distress"):
            text, _ = self._strip(name, text)
        return text

    def about(self, text: str, rest: Optional[str] = None, other: bool = False) -> str:
        """Who is at risk in a sentence: "self" (the person writing) or "other" (someone they
        write about: "my son has taken...", "she said she was going to...")."""
        rest = normalise(text) if rest is None else rest
        if SELF_AT_RISK.search(rest):
            return "self"  # "i want to...", "...going to stab me"
        if other or THIRD_SUBJECT.search(rest) or self._any("third_party", normalise(text)):
            return "other"
        return "self"

    def whole_message_imminent(self, text: str) -> bool:
        """Signs that only show across sentences (a goodbye in short pieces)."""
        return self._any("imminent_message", normalise(text))

    def read(self, sentence: str) -> SentenceReading:
        """Read one sentence."""
        text = normalise(sentence)
        contexts = set()
        rest, figurative = self._strip("figurative", text)
        rest, negated = self._strip("negated", rest)
        rest, reassured = self._strip("reassurance", rest)
        told = rest  # disclosures are read before someone else's words are taken out
        rest, _ = self._strip("reported", rest)
        if figurative:
            contexts.add("figurative")
        if negated or reassured:
            contexts.add("negated")
        past_act = False
        if self._any("past", text) and not self._any("recent", text):
            rest, past_act = self._strip("past_act", rest)
            contexts.add("past")
        guidance = self._any("guidance", text)
        if guidance:
            contexts.add("guidance")

        kind = None
        long_ago = self._any("past", text) and not self._any("recent", text)
        other = self._any("imminent_other", rest) and not long_ago
        if self._any("imminent", rest) or other:
            kind = "imminent"
        elif self._any("distress", rest):
            kind = "distress"
        about = self.about(text, rest, other) if kind == "imminent" else "self"
        if kind and guidance:
            kind = "mention"
        if kind is None:
            if self._any("risk_words", rest) or negated or past_act:
                kind = "mention"
            elif figurative:
                kind = "figurative"

        disclosure = next(
            (category for category in CATEGORIES if any(p.search(told) for p in self.disclosure[category])), None
        )
        if disclosure and self._any("general_question", text):
            contexts.add("general")  # "what should I do if staff hurt me?": a question, not a disclosure
            disclosure = None
        who = next((name for name in WHO if any(p.search(text) for p in self.who[name])), None)
        return SentenceReading(
            kind=kind,
            about=about,
            disclosure=disclosure,
            who=who,
            injury=self._any("injury", text),
            question=self._any("question", self._risk_spans_removed(text)),
            contexts=frozenset(contexts),
            plain=re.sub(r"\s*~\s*", " ", rest).strip(),
        )
