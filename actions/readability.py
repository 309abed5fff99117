"""Readability limits for each reading level, measured with textstat."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import textstat

from bot.labels import LEVELS  # easy, plain, detailed (one source); re-exported here

DEFAULT_LEVEL = "plain"


@dataclass(frozen=True)
class Limits:
    """The limits one reading level must meet."""

    min_ease: float
    max_grade: float
    max_avg_words: Optional[float] = None
    max_words: Optional[int] = None


LIMITS = {
    "easy": Limits(min_ease=80, max_grade=4, max_avg_words=12, max_words=15),
    "plain": Limits(min_ease=65, max_grade=7),
    "detailed": Limits(min_ease=50, max_grade=10),
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


@dataclass(frozen=True)
class Score:
    """Readability figures for one text."""

    ease: float
    grade: float
    sentence_words: tuple

    @property
    def avg_words(self) -> float:
        return sum(self.sentence_words) / max(1, len(self.sentence_words))

    @property
    def longest(self) -> int:
        return max(self.sentence_words, default=0)


def sentences(text: str) -> list:
    """Split text into sentences: at . ! or ? followed by a space, and at line breaks."""
    parts = (_BULLET.sub("", p).strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if p]


def score(text: str) -> Score:
    """Measure a text: Flesch reading ease, Flesch-Kincaid grade and words per sentence."""
    return Score(
        ease=textstat.flesch_reading_ease(text),
        grade=textstat.flesch_kincaid_grade(text),
        sentence_words=tuple(textstat.lexicon_count(s) for s in sentences(text)),
    )


def problems(text: str, level: str) -> list:
    """Say, in words, every way the text misses the limits of its level (empty if none)."""
    limits = LIMITS[level]
    s = score(text)
    found = []
    if s.ease < limits.min_ease:
        found.append(f"reading ease {s.ease:.0f} is below {limits.min_ease:.0f}")
    if s.grade > limits.max_grade:
        found.append(f"grade {s.grade:.1f} is above {limits.max_grade:.0f}")
    if limits.max_avg_words is not None and s.avg_words > limits.max_avg_words:
        found.append(f"average sentence {s.avg_words:.1f} words is above {limits.max_avg_words:.0f}")
    if limits.max_words is not None and s.longest > limits.max_words:
        found.append(f"a sentence of {s.longest} words is over {limits.max_words}")
    unended = [line for line in text.splitlines() if line.strip() and line.strip()[-1] not in ".!?:"]
    if unended:
        found.append(f"a line does not end with . ! ? or : ({unended[0].strip()[:40]!r})")
    return found


def simpler(level: str) -> Optional[str]:
    """The next simpler level, or None for easy."""
    index = LEVELS.index(level)
    return LEVELS[index - 1] if index > 0 else None


def harder(level: str) -> Optional[str]:
    """The next more detailed level, or None for detailed."""
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None
