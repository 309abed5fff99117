"""Loads the answers in content/topics/ (overviews) and content/questions/ (specific answers), and
gives each one's text at a reading level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

import yaml

from actions import claims as claims_module
from actions import contacts, readability

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
TOPICS_DIR = CONTENT_DIR / "topics"
QUESTIONS_DIR = CONTENT_DIR / "questions"
ASPECTS_FILE = CONTENT_DIR / "aspects.yml"
MESSAGES_FILE = CONTENT_DIR / "messages.yml"
GROUPS = ("restrictive_practices", "rights", "help", "conversation", "limits", "safety")
REQUIRED = ("topic", "title", "group", "source", "reviewed", "easy", "plain", "detailed")
ANSWER_REQUIRED = ("answer", "topic", "question", "aspect", "source", "reviewed", "easy", "plain", "detailed")
# An answer offered on its topic's overview has `offer: 1` (first) to `offer: 4`.
MAX_OFFERED = 4


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


@dataclass(frozen=True)
class Answer(Topic):
    """A specific answer to one question about a topic ("How long can seclusion last?"): the same
    three texts as a topic, with the question as its title, its topic, and the aspect it answers."""

    topic: str = ""
    aspect: str = ""
    # Its place among the questions the overview offers (1 first), or None if not offered there.
    offer: Optional[int] = None


def _read(path: Path, required: Tuple[str, ...], id_field: str) -> dict:
    """A content file's fields, checked for the ones every answer needs."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected fields such as '{id_field}:' and 'easy:'")
    missing = [name for name in required if not data.get(name)]
    if missing:
        raise ContentError(f"{path}: missing {', '.join(missing)}")
    if data[id_field] != path.stem:
        raise ContentError(f"{path}: '{id_field}: {data[id_field]}' must match the file name")
    if not isinstance(data["reviewed"], dt.date):
        raise ContentError(f"{path}: reviewed must be a date like 2026-11-27")
    if len(data.get("related") or ()) > 3:
        raise ContentError(f"{path}: at most 3 related topics")
    return data


def _common(data: dict, path: Path) -> dict:
    """The fields topics and specific answers share."""
    return dict(
        source=str(data["source"]).strip(),
        reviewed=data["reviewed"],
        texts={level: str(data[level]) for level in readability.LEVELS},
        related=tuple(data.get("related") or ()),
        path=path,
        claims=parse_claims(data, path),
    )


def _parse(path: Path) -> Topic:
    data = _read(path, REQUIRED, "topic")
    if data["group"] not in GROUPS:
        raise ContentError(f"{path}: group must be one of {', '.join(GROUPS)}")
    return Topic(id=data["topic"], title=str(data["title"]).strip(), group=data["group"], **_common(data, path))


def _parse_answer(path: Path, topics: Mapping[str, Topic], aspects: Mapping[str, str]) -> Answer:
    data = _read(path, ANSWER_REQUIRED, "answer")
    topic = topics.get(data["topic"])
    if topic is None or data["topic"] != path.parent.name:
        raise ContentError(
            f"{path}: 'topic: {data['topic']}' must be a topic in content/topics/ "
            f"and the name of the folder the file is in"
        )
    if data["aspect"] not in aspects:
        raise ContentError(f"{path}: aspect must be one of {', '.join(aspects)} (content/aspects.yml)")
    offer = data.get("offer")
    if offer is not None and (not isinstance(offer, int) or not 1 <= offer <= MAX_OFFERED):
        raise ContentError(f"{path}: offer must be a number from 1 to {MAX_OFFERED}")
    if "claims" not in data:
        raise ContentError(f"{path}: missing claims (use 'claims: []' if the answer states no legal rule)")
    return Answer(
        id=data["answer"],
        title=str(data["question"]).strip(),
        group=topic.group,
        topic=topic.id,
        aspect=data["aspect"],
        offer=offer,
        **_common(data, path),
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


def _check_related(entries: Mapping[str, Topic], known: Mapping[str, Topic]) -> None:
    for entry in entries.values():
        unknown = [name for name in entry.related if name not in known]
        if unknown:
            raise ContentError(f"{entry.path}: related topics not found: {', '.join(unknown)}")


def load_topics(directory: Path = TOPICS_DIR, check_related: bool = True) -> Dict[str, Topic]:
    """Every topic in the folder, checked for the fields an answer needs."""
    topics = {path.stem: _parse(path) for path in sorted(directory.glob("*.yml"))}
    if check_related:
        _check_related(topics, topics)
    return topics


def load_aspects(path: Path = ASPECTS_FILE) -> Dict[str, str]:
    """The fixed list of aspects a specific answer can answer (how_long, children, ...), each with
    the words that describe it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ContentError(f"{path}: expected 'aspect: what it is about' lines")
    return {name: text.strip() for name, text in data.items()}


def load_answers(
    topics: Mapping[str, Topic], directory: Path = QUESTIONS_DIR, aspects: Optional[Mapping[str, str]] = None
) -> Dict[str, Answer]:
    """Every specific answer in content/questions/<topic>/<answer>.yml, checked like a topic, with
    at most one answer per topic and aspect (follow-ups such as "what about children?" pick it)."""
    aspects = load_aspects() if aspects is None else aspects
    answers: Dict[str, Answer] = {}
    for path in sorted(directory.glob("*/*.yml")):
        answer = _parse_answer(path, topics, aspects)
        if answer.id in topics or answer.id in answers:
            raise ContentError(f"{path}: the id {answer.id} is already used")
        twin = next((a for a in answers.values() if (a.topic, a.aspect) == (answer.topic, answer.aspect)), None)
        if twin:
            raise ContentError(f"{path}: {twin.id} already answers '{answer.aspect}' for {answer.topic}")
        answers[answer.id] = answer
    _check_related(answers, {**topics, **answers})
    return answers


def load_messages(path: Path = MESSAGES_FILE) -> Dict[str, str]:
    """The short messages said around answers (intro, menu, fallback, level changes)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ContentError(f"{path}: expected 'name: text' lines")
    return {name: text.strip() for name, text in data.items()}


# Placeholders the code fills when it says the message ({seconds}: how long to wait; a walk-through
# step's {title}, {number}, {count} and {step}), left in place here.
RUNTIME_PLACEHOLDERS = ("seconds", "choices", "title", "number", "count", "step")


def fill_messages(messages: Mapping[str, str], filled: Mapping[str, str], path: Path = MESSAGES_FILE) -> Dict[str, str]:
    """The messages with the same placeholders as topics ({advocacy_contact}, {pals_contact})
    filled in from the deployment's contacts."""
    done = {}
    known = {**filled, **{name: "{" + name + "}" for name in RUNTIME_PLACEHOLDERS}}
    for name, text in messages.items():
        try:
            done[name] = text.format_map(known).strip()
        except KeyError as missing:
            raise ContentError(f"{path}: unknown placeholder {missing} in {name}") from None
    return done


@lru_cache(maxsize=1)
def library() -> "Library":
    """The content of this deployment, loaded once per process."""
    topics = load_topics()
    filled = contacts.sentences(contacts.load())
    return Library(topics, filled, fill_messages(load_messages(), filled), load_answers(topics))


class Library:
    """All topics and specific answers with the deployment's contacts, and the readability-checked
    choice of text."""

    def __init__(
        self,
        topics: Mapping[str, Topic],
        filled: Mapping[str, str],
        messages: Mapping[str, str],
        answers: Optional[Mapping[str, Answer]] = None,
    ):
        self.topics = dict(topics)
        self.answers = dict(answers or {})
        self.entries: Dict[str, Topic] = {**self.topics, **self.answers}
        self.filled = dict(filled)
        self.messages = dict(messages)
        self._chosen: Dict[Tuple[str, str], Tuple[str, str]] = {}
        self._questions: Dict[str, List[Answer]] = {}
        for answer in sorted(self.answers.values(), key=lambda a: (a.offer or MAX_OFFERED + 1, a.id)):
            self._questions.setdefault(answer.topic, []).append(answer)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def entry(self, entry_id: str) -> Topic:
        """A topic's overview or a specific answer, by id."""
        return self.entries[entry_id]

    def topic_of(self, entry_id: str) -> str:
        """The topic an entry belongs to: a specific answer's topic, or the topic itself."""
        entry = self.entries[entry_id]
        return entry.topic if isinstance(entry, Answer) else entry.id

    def questions(self, topic_id: str) -> List[Answer]:
        """A topic's specific answers, the ones its overview offers first (by `offer:`)."""
        return list(self._questions.get(topic_id, ()))

    def offered(self, topic_id: str) -> List[Answer]:
        """The specific questions a topic's overview offers as buttons, most asked first."""
        return [answer for answer in self.questions(topic_id) if answer.offer]

    def answer_for(self, topic_id: str, aspect: str) -> Optional[Answer]:
        """The topic's specific answer about one aspect (how_long, children, ...), if it has one."""
        return next((a for a in self.questions(topic_id) if a.aspect == aspect), None)

    def choose(self, topic_id: str, level: str) -> Tuple[str, str]:
        """(level used, text): the text at the level asked for if it meets that level's
        limits, otherwise the next simpler version that does."""
        key = (topic_id, level)
        if key not in self._chosen:
            topic = self.entries[topic_id]
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
