"""The chat's starter buttons (content/starters.yml): their titles and the payloads they send."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import FrozenSet, Tuple

import yaml

from actions import content
from actions.conversation import payload
from actions.menu import MENU_GROUPS

STARTERS_FILE = content.CONTENT_DIR / "starters.yml"


@dataclass(frozen=True)
class Starter:
    title: str
    payload: str
    topic: str = ""  # the answer it opens, if it opens one


def _starter(entry: dict) -> Starter:
    title = str(entry.get("title") or "").strip()
    if not title:
        raise content.ContentError(f"{STARTERS_FILE}: every starter needs a title")
    if entry.get("topic"):
        if entry["topic"] not in content.library():
            raise content.ContentError(f"{STARTERS_FILE}: {title}: no topic {entry['topic']}")
        return Starter(title, payload("faq", topic=entry["topic"]), entry["topic"])
    if entry.get("group"):
        if entry["group"] not in MENU_GROUPS:
            raise content.ContentError(f"{STARTERS_FILE}: {title}: no menu group {entry['group']}")
        return Starter(title, payload("topic_menu", group=entry["group"]))
    if entry.get("intent"):
        return Starter(title, payload(str(entry["intent"])))
    raise content.ContentError(f"{STARTERS_FILE}: {title}: give a topic, a group or an intent")


@lru_cache(maxsize=1)
def starters() -> Tuple[Starter, ...]:
    data = yaml.safe_load(STARTERS_FILE.read_text(encoding="utf-8")) or {}
    return tuple(_starter(entry) for entry in data.get("starters") or [])


def payloads() -> FrozenSet[str]:
    """What the starters send: presses the gateway accepts before the bot has offered anything."""
    return frozenset(starter.payload for starter in starters())
