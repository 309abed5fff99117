"""Loads the staff walk-through steps in content/walkthrough/: for each situation, four steps at
three reading levels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Tuple

import yaml

from actions import readability
from actions.claims import Claim
from actions.content import CONTENT_DIR, ContentError, parse_claims

WALKTHROUGH_DIR = CONTENT_DIR / "walkthrough"
STEPS = ("what", "when", "rights", "help")
# The order situations are offered in.
SITUATIONS = ("kept_apart", "held", "injection", "watched", "ward_rules", "moved", "medication", "sectioned")


@dataclass(frozen=True)
class Situation:
    """One thing that may be happening to the person, explained step by step."""

    id: str
    title: str
    source: str
    reviewed: dt.date
    steps: Mapping[str, Mapping[str, str]]
    path: Path
    claims: Tuple[Claim, ...] = ()

    def text(self, step: str, level: str, filled: Mapping[str, str]) -> str:
        try:
            return self.steps[step][level].format_map(filled).strip()
        except KeyError as missing:
            raise ContentError(f"{self.path}: {step}/{level}: unknown placeholder {missing}") from None


def step_title(messages: Mapping[str, str], step: str) -> str:
    """A step's title, from content/messages.yml (walkthrough_step_<step>)."""
    return messages[f"walkthrough_step_{step}"]


def step_heading(messages: Mapping[str, str], situation: "Situation", step: str) -> str:
    """The line above a step: the situation, where the step is in the walk-through, and its title."""
    return messages["walkthrough_step_heading"].format(
        title=situation.title, number=STEPS.index(step) + 1, count=len(STEPS), step=step_title(messages, step)
    )


def _parse(path: Path) -> Situation:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for name in ("situation", "title", "source", "reviewed", "steps"):
        if not data.get(name):
            raise ContentError(f"{path}: missing {name}")
    if data["situation"] != path.stem:
        raise ContentError(f"{path}: 'situation: {data['situation']}' must match the file name")
    steps = data["steps"]
    for step in STEPS:
        for level in readability.LEVELS:
            if not (steps.get(step) or {}).get(level):
                raise ContentError(f"{path}: missing steps.{step}.{level}")
    if not isinstance(data["reviewed"], dt.date):
        raise ContentError(f"{path}: reviewed must be a date like 2026-11-27")
    return Situation(
        id=data["situation"],
        title=str(data["title"]).strip(),
        source=str(data["source"]).strip(),
        reviewed=data["reviewed"],
        steps={s: dict(steps[s]) for s in STEPS},
        path=path,
        claims=parse_claims(data, path),
    )


def load_situations(directory: Path = WALKTHROUGH_DIR) -> Dict[str, Situation]:
    """Every situation, in the order they are offered."""
    found = {path.stem: _parse(path) for path in sorted(directory.glob("*.yml"))}
    return {sid: found[sid] for sid in SITUATIONS if sid in found} | {
        sid: s for sid, s in found.items() if sid not in SITUATIONS
    }


@lru_cache(maxsize=1)
def situations() -> Dict[str, Situation]:
    return load_situations()
