"""Loads the answers in content/topics/ and gives each one's text at a reading level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple

import yaml

from actions import claims as claims_module
from actions import contacts, readability

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
TOPICS_DIR = CONTENT_DIR / "topics"
MESSAGES_FILE = CONTENT_DIR / "messages.yml"
GROUPS = ("restrictive_practices", "rights", "help", "conversation", "limits", "safety")
REQUIRED = ("topic", "title", "group", "source", "reviewed", "easy", "plain", "detailed")


class ContentError(ValueError):
    """A content file that cannot be used, with a message that says how to fix it."""


@dataclass(frozen=True)
class Topic:
    """One answer: its three texts and what is known about them."""

    id: str
    title: str
    group: str
    source: str
    reviewed: dt.date
    texts: Mapping[str, str]
    related: Tuple[str, ...] = field(default_factory=tuple)
    path: Optional[Path] = None
    # The legal rules the answer states, each with its source (actions/claims.py).
    claims: Tuple[claims_module.Claim, ...] = field(default_factory=tuple)

    def text(self, level: str, filled: Mapping[str, str]) -> str:
        """The text shown at a level, with local contacts filled in and, in detail, the source."""
        try:
            body = self.texts[level].format_map(filled).strip()
        except KeyError as missing:
            raise ContentError(f"{self.path}: unknown placeholder {missing} in {level}") from None
        body = "\n".join(line.rstrip() for line in body.splitlines())
        if level == "detailed":
            body += f"\n\nSource: {self.source.rstrip('.')}."
        return body


def _parse(path: Path) -> Topic:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected fields such as 'topic:' and 'easy:'")
    missing = [name for name in REQUIRED if not data.get(name)]
    if missing:
        raise ContentError(f"{path}: missing {', '.join(missing)}")
    if data["topic"] != path.stem:
        raise ContentError(f"{path}: 'topic: {data['topic']}' must match the file name")
    if data["group"] not in GROUPS:
        raise ContentError(f"{path}: group must be one of {', '.join(GROUPS)}")
    reviewed = data["reviewed"]
    if not isinstance(reviewed, dt.date):
        raise ContentError(f"{path}: reviewed must be a date like 2026-11-27")
    related = tuple(data.get("related") or ())
    if len(related) > 3:
        raise ContentError(f"{path}: at most 3 related topics")
    return Topic(
        id=data["topic"],
        title=str(data["title"]).strip(),
        group=data["group"],
        source=str(data["source"]).strip(),
        reviewed=reviewed,
        texts={level: str(data[level]) for level in readability.LEVELS},
        related=related,
        path=path,
        claims=parse_claims(data, path),
    )


def parse_claims(data: dict, path: Path) -> Tuple[claims_module.Claim, ...]:
    """The file's claims; a file without a `claims:` list loads with none (tests/test_claims.py
    requires one in every answer file)."""
    if "claims" not in data:
        return ()
    try:
        return claims_module.parse(data["claims"], path)
    except claims_module.ClaimsError as error:
        raise ContentError(str(error)) from None


def load_topics(directory: Path = TOPICS_DIR, check_related: bool = True) -> Dict[str, Topic]:
    """Every topic in the folder, checked for the fields an answer needs."""
    topics = {path.stem: _parse(path) for path in sorted(directory.glob("*.yml"))}
    for topic in topics.values() if check_related else ():
        unknown = [name for name in topic.related if name not in topics]
        if unknown:
            raise ContentError(f"{topic.path}: related topics not found: {', '.join(unknown)}")
    return topics


def load_messages(path: Path = MESSAGES_FILE) -> Dict[str, str]:
    """The short messages said around answers (intro, menu, fallback, level changes)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ContentError(f"{path}: expected 'name: text' lines")
    return {name: text.strip() for name, text in data.items()}


def fill_messages(messages: Mapping[str, str], filled: Mapping[str, str],
                  path: Path = MESSAGES_FILE) -> Dict[str, str]:
    """The messages with the same placeholders as topics ({advocacy_contact}, {pals_contact})
    filled in from the deployment's contacts."""
    done = {}
    for name, text in messages.items():
        try:
            done[name] = text.format_map(filled).strip()
        except KeyError as missing:
            raise ContentError(f"{path}: unknown placeholder {missing} in {name}") from None
    return done


@lru_cache(maxsize=1)
def library() -> "Library":
    """The content of this deployment, loaded once per process."""
    filled = contacts.sentences(contacts.load())
    return Library(load_topics(), filled, fill_messages(load_messages(), filled))


class Library:
    """All topics with the deployment's contacts, and the readability-checked choice of text."""

    def __init__(
        self, topics: Mapping[str, Topic], filled: Mapping[str, str], messages: Mapping[str, str]
    ):
        self.topics = dict(topics)
        self.filled = dict(filled)
        self.messages = dict(messages)
        self._chosen: Dict[Tuple[str, str], Tuple[str, str]] = {}

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self.topics

    def choose(self, topic_id: str, level: str) -> Tuple[str, str]:
        """(level used, text): the text at the level asked for if it meets that level's
        limits, otherwise the next simpler version that does."""
        key = (topic_id, level)
        if key not in self._chosen:
            topic = self.topics[topic_id]
            tried: Optional[str] = level
            chosen = None
            while tried is not None:
                text = topic.text(tried, self.filled)
                if not readability.problems(text, tried):
                    chosen = (tried, text)
                    break
                tried = readability.simpler(tried)
            self._chosen[key] = chosen or ("easy", topic.text("easy", self.filled))
        return self._chosen[key]
