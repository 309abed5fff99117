"""Text helpers for the safety layers: normalising typed text and cutting it into sentences."""

from __future__ import annotations

import re
import unicodedata
from typing import List

# Text-speak spelled out before the patterns run (whole words only).
SPELLED_OUT = [
    (r"\bod['\u2019]?d\b", "overdosed"),
    (r"\bo\.d\.?\b", "od"),
    (r"\bgonna\b", "going to"),
    (r"\bgunna\b", "going to"),
    (r"\bgna\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bwana\b", "want to"),
    (r"\bwnt\b", "want"),
    (r"\bgotta\b", "got to"),
    (r"\btryna\b", "trying to"),
    (r"\brn\b", "right now"),
    (r"\b2nite\b|\btonite\b|\b2night\b", "tonight"),
    (r"\b2day\b", "today"),
    (r"\b2moro\b|\b2morrow\b|\btmrw\b|\btmr\b", "tomorrow"),
    (r"\b2 many\b", "too many"),
    (r"\b(want|wanted|going|need|have|got|about|trying|try|like|able|ready|wish|plan|planning) 2\b", r"\1 to"),
    (r"\bu\b", "you"),
    (r"\bur\b", "your"),
    (r"\bim+\b", "im"),
    (r"\bi m\b", "im"),
    (r"\bself[\s-]*harm", "self harm"),
    (r"\bmy self\b(?! harm)|\bmyslef\b|\bmyslf\b|\bmeself\b|\bmyselff\b", "myself"),
    (r"\bkms\b", "kill myself"),
    (r"\bbout to\b", "about to"),
    (r"\bwats\b|\bwotz\b|\bwots\b", "whats"),
    (r"\bwat\b|\bwot\b", "what"),
    (r"\bb4\b", "before"),
    (r"\bdnt\b|\bdon\b(?= (t|wanna|want|know|care|feel))", "dont"),
    (r"\bcnt\b", "cant"),
    (r"\bmsgs\b", "messages"),
    (r"\bmsg\b", "message"),
    (r"\bevry1\b|\bevery1\b|\bevryone\b|\beveryon\b", "everyone"),
    (r"\bevrything\b|\beverythin\b|\bevrythin\b|\beverythink\b", "everything"),
    (r"\bany1\b", "anyone"),
    (r"\bidk\b", "i dont know"),
    (r"\bidc\b", "i dont care"),
    (r"\brly\b", "really"),
    (r"\btho\b", "though"),
    (r"\bwen\b", "when"),
    (r"\bi no (how|what|where|why|when|that)\b", r"i know \1"),
    (r"\b2 (deep|much|many|far|late|hard)\b", r"too \1"),
    (
        r"\b(bleed|cutt|kill|dy|noth|someth|go|do|feel|try|tak|jump|hang|hurt|harm|say|gett|ly|cry|liv|think|plann|overdos|starv|drink)in\b",
        r"\1ing",
    ),
    (r"\bsewer ?slide\b", "suicide"),
    (r"\bcos\b|\bcoz\b|\bcuz\b", "because"),
    (r"\bpls\b|\bplz\b", "please"),
    (r"\bnite\b", "night"),
    (r"\bsum1\b", "someone"),
    (r"\bno1\b", "no one"),
    (r"\bppl\b", "people"),
    (r"\bbcos\b|\bbc\b", "because"),
]
_SPELLED = [(re.compile(pattern), replacement) for pattern, replacement in SPELLED_OUT]

# Sentence ends: . ! ? ; and line breaks. Commas are not ends: "i'm fine, i just want to go home".
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[.!?])(?=[A-Za-z])")
WINDOW_WORDS = 14
LONG_SENTENCE_WORDS = 24


def clean(text: str) -> str:
    """Accents, zero-width and control characters removed, curly quotes straight, spaces squeezed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(
        c for c in text if not unicodedata.combining(c) and unicodedata.category(c) not in ("Cf", "Cc") or c == "\n"
    )
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"[ \t]+", " ", text).strip()


def normalise(text: str) -> str:
    """What the patterns see: lower case, no apostrophes, text-speak spelled out, spaces squeezed."""
    text = clean(text).lower()
    text = re.sub(r"\bod'd\b", "overdosed", text)
    text = text.replace("'", "")
    text = re.sub(r"[\u201c\u201d\"]", " ", text)
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)  # "byeeee", "soooo": letters typed over and over
    for pattern, replacement in _SPELLED:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def sentences(text: str) -> List[str]:
    """The sentences of a message, in order; a message with no sentence ends is one sentence."""
    parts = [p.strip() for p in _SENTENCE_END.split(clean(text))]
    return [p for p in parts if re.search(r"\w", p)]


def windows(sentence: str) -> List[str]:
    """A long sentence typed without full stops, also as overlapping pieces of about 14 words, so
    that one risky clause in a run-on message is looked at on its own."""
    words = sentence.split()
    if len(words) <= LONG_SENTENCE_WORDS:
        return []
    step = WINDOW_WORDS // 2
    return [" ".join(words[start : start + WINDOW_WORDS]) for start in range(0, len(words) - step, step)]
