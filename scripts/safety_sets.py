"""Reads the safety test sets (tests/safety/training.yml and, once it exists, heldout.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "safety"
PARTS = {"training": SETS / "training.yml", "heldout": SETS / "heldout.yml"}
KINDS = ("imminent", "distress", "disclosure", "mention", "benign")


@dataclass(frozen=True)
class Item:
    """One test message and what it is."""

    kind: str
    text: str
    topic: Optional[str] = None
    about: str = "self"
    who: Optional[str] = None
    category: Optional[str] = None
    figurative: bool = False


def exists(part: str) -> bool:
    return PARTS[part].exists()


def load(part: str) -> List[Item]:
    """Every item of one part (training or heldout), in file order."""
    data: Dict = yaml.safe_load(PARTS[part].read_text(encoding="utf-8")) or {}
    items = []
    for kind in KINDS:
        for entry in data.get(kind) or []:
            items.append(
                Item(
                    kind=kind,
                    text=str(entry["text"]),
                    topic=entry.get("topic"),
                    about=entry.get("about") or "self",
                    who=entry.get("who"),
                    category=entry.get("category"),
                    figurative=bool(entry.get("figurative")),
                )
            )
    return items
