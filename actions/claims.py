"""The legal claims an answer file states (`claims:`), and the section numbers and time limits
its texts name that no claim covers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Set, Tuple

NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fourteen": "14",
    "twenty-four": "24",
    "twenty-eight": "28",
    "thirty": "30",
    "seventy-two": "72",
}
# "section 17", "sections 135 and 136", "s132", "s5(2)", "s58A", "ss35-39D". Not "it's 2 hours"
# (an apostrophe before the s), and not a time limit after a list word ("section 2 and 72 hours").
_ONE_SECTION = r"(?!\d+[\s-]*(?:hour|day|week|month|year)s?\b)\d+[A-Z]?(?:\(\d+\))?"
_SECTION = re.compile(
    rf"(?<!['’])\b(?:sections?|ss?\.?)\s?({_ONE_SECTION}(?:\s*(?:,|and|or|to|-|–)\s*{_ONE_SECTION})*)",
    re.IGNORECASE,
)
_SECTION_NUMBER = re.compile(r"\d+[A-Z]?", re.IGNORECASE)
# Compound number words may be written with a hyphen or a space: "twenty-eight", "twenty eight".
_NUMBER = r"\d+|" + "|".join(
    re.escape(word).replace(r"\-", r"[\s-]") for word in sorted(NUMBER_WORDS, key=len, reverse=True)
)
_TIME = re.compile(rf"\b({_NUMBER})[\s-]+(hour|day|week|month|year)s?\b", re.IGNORECASE)


class ClaimsError(ValueError):
    """A `claims:` list that cannot be used, with a message that says how to fix it."""


@dataclass(frozen=True)
class Claim:
    """One legal rule an answer states, and where it comes from."""

    rule: str
    source: str


def parse(value: object, path: Optional[Path] = None) -> Tuple[Claim, ...]:
    """The claims of one file, from its `claims:` field (required; may be an empty list)."""
    if value is None:
        raise ClaimsError(f"{path}: missing claims (use 'claims: []' if the answer states no legal rule)")
    if not isinstance(value, list):
        raise ClaimsError(f"{path}: claims must be a list of '- rule: ... source: ...' entries")
    found = []
    for number, entry in enumerate(value, 1):
        if not isinstance(entry, dict) or not entry.get("rule") or not entry.get("source"):
            raise ClaimsError(f"{path}: claim {number} needs both 'rule:' and 'source:'")
        found.append(Claim(str(entry["rule"]).strip(), str(entry["source"]).strip()))
    return tuple(found)


def sections(text: str) -> Set[str]:
    """The section numbers a text names, upper case, without subsections: {"2", "5", "58A"}."""
    numbers = set()
    for match in _SECTION.finditer(text):
        numbers.update(n.upper() for n in _SECTION_NUMBER.findall(re.sub(r"\(\d+\)", "", match.group(1))))
    return numbers


def time_limits(text: str) -> Set[str]:
    """The time limits a text names, in digits: "28 days", "72 hours", "1 hour"."""
    found = set()
    for number, unit in _TIME.findall(text):
        digits = NUMBER_WORDS.get(re.sub(r"\s+", "-", number.lower()), number)
        found.add(f"{digits} {unit.lower()}" + ("" if digits == "1" else "s"))
    return found


def uncovered(texts: Iterable[str], claims: Iterable[Claim]) -> List[str]:
    """Section numbers and time limits the texts name that no claim covers, sorted."""
    claims = list(claims)
    joined = "\n".join(texts)
    covered_sections = set().union(*(sections(f"{c.rule} {c.source}") for c in claims)) if claims else set()
    covered_times = set().union(*(time_limits(c.rule) for c in claims)) if claims else set()
    missing = [f"section {s}" for s in sorted(sections(joined) - covered_sections)]
    missing += sorted(time_limits(joined) - covered_times)
    return missing
