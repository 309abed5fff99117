"""Loads the speak-up plan's content in content/plan/: the steps, the meetings, who to bring and
how to communicate, and for each thing to talk about its questions, right and tip at three levels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

from actions import readability
from actions.claims import Claim
from actions.content import CONTENT_DIR, ContentError, parse_claims

PLAN_DIR = CONTENT_DIR / "plan"
STEPS = ("meeting", "topics", "people", "ways", "questions")
# Steps where the person may choose several options, and the most they may choose (None: any).
MULTI = {"topics": 3, "people": None, "ways": None}
# The order things to talk about are offered in (the order).
SUBJECTS = (
    "leave",
    "medicine",
    "kept_apart_or_held",
    "observation",
    "ward_rules",
    "family_contact",
    "going_home",
    "school",
    "staff_talk",
    "something_happened",
)
MESSAGES = ("choose_meeting", "choose_topic", "three_already", "with_staff", "stopped")
LABELS = (
    "start",
    "step",
    "of",
    "chosen",
    "chosen_mark",
    "back",
    "next",
    "finish",
    "stop",
    "questions",
    "right",
    "tip",
    "plan",
    "meeting",
    "about",
    "topics",
    "my_questions",
    "my_right",
    "comes_from",
    "people",
    "ways",
    "help",
    "meeting_source",
    "start_again",
    "show_topics",
)


def _fill(text: str, filled: Mapping[str, str], where: str) -> str:
    try:
        return "\n".join(line.rstrip() for line in text.format_map(filled).strip().splitlines() if line.strip())
    except KeyError as missing:
        raise ContentError(f"{where}: unknown placeholder {missing}") from None


def _levels(value: Any, where: str) -> Dict[str, str]:
    """A text at each reading level, all three present."""
    if not isinstance(value, dict) or not all(
        isinstance(value.get(level), str) and value[level].strip() for level in readability.LEVELS
    ):
        raise ContentError(f"{where}: needs easy, plain and detailed texts")
    return {level: value[level] for level in readability.LEVELS}


@dataclass(frozen=True)
class Option:
    """One button the person can press: who to bring, or how they like to communicate."""

    id: str
    title: str
    on_plan: str


@dataclass(frozen=True)
class Meeting:
    """A kind of meeting the person can get ready for."""

    id: str
    title: str
    source: str
    about: Mapping[str, str]

    def about_text(self, level: str, filled: Mapping[str, str]) -> str:
        return _fill(self.about[level], filled, f"meeting {self.id}/{level}")


@dataclass(frozen=True)
class Subject:
    """One thing the person may want to talk about: questions to ask, the right, one tip."""

    id: str
    title: str
    source: str
    point_to: str  # the short name of the right, printed on the plan ("Mental Health Act 1983, section 17")
    reviewed: dt.date
    questions: Mapping[str, str]
    right: Mapping[str, str]
    tip: Mapping[str, str]
    path: Path
    claims: Tuple[Claim, ...] = ()

    def part(self, name: str, level: str, filled: Mapping[str, str]) -> str:
        return _fill(getattr(self, name)[level], filled, f"{self.path}: {name}/{level}")

    def question_list(self, level: str, filled: Mapping[str, str]) -> List[str]:
        return self.part("questions", level, filled).splitlines()

    def text(self, level: str, filled: Mapping[str, str]) -> str:
        """Everything the person reads about this subject at a level (checked for readability)."""
        return "\n".join(self.part(name, level, filled) for name in ("questions", "right", "tip"))


@dataclass(frozen=True)
class PlanContent:
    """The whole plan: its steps, short messages, labels and every choice, in the order offered."""

    title: str
    source: str
    reviewed: dt.date
    steps: Mapping[str, Mapping[str, str]]
    step_titles: Mapping[str, str]
    messages: Mapping[str, str]
    labels: Mapping[str, str]
    meetings: Mapping[str, Meeting]
    subjects: Mapping[str, Subject]
    people: Mapping[str, Option]
    ways: Mapping[str, Option]
    claims: Tuple[Claim, ...] = ()

    def step_text(self, step: str, level: str, filled: Mapping[str, str]) -> str:
        return _fill(self.steps[step][level], filled, f"steps.{step}.{level}")

    def options(self, step: str) -> Mapping[str, Any]:
        """The choices offered at a step, by id."""
        return {"meeting": self.meetings, "topics": self.subjects, "people": self.people, "ways": self.ways}.get(
            step, {}
        )


def _read(path: Path) -> Dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{path}: cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected named fields")
    return data


def _date(data: Dict[str, Any], path: Path) -> dt.date:
    if not isinstance(data.get("reviewed"), dt.date):
        raise ContentError(f"{path}: reviewed must be a date like 2026-11-27")
    return data["reviewed"]


def _options(entries: Any, path: Path, name: str) -> Dict[str, Option]:
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{path}: {name} must be a list of '- id: ... title: ... on_plan: ...'")
    found = {}
    for entry in entries:
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("id", "title", "on_plan")):
            raise ContentError(f"{path}: each of {name} needs id, title and on_plan")
        found[str(entry["id"])] = Option(str(entry["id"]), str(entry["title"]).strip(), str(entry["on_plan"]).strip())
    return found


def _subject(path: Path) -> Subject:
    data = _read(path)
    for name in ("option", "title", "source", "point_to", "questions", "right", "tip"):
        if not data.get(name):
            raise ContentError(f"{path}: missing {name}")
    if data["option"] != path.stem:
        raise ContentError(f"{path}: 'option: {data['option']}' must match the file name")
    questions = _levels(data["questions"], f"{path}: questions")
    for level, text in questions.items():
        if not 2 <= len([line for line in text.splitlines() if line.strip()]) <= 3:
            raise ContentError(f"{path}: questions/{level} must have 2 or 3 questions, one a line")
    return Subject(
        id=data["option"],
        title=str(data["title"]).strip(),
        source=str(data["source"]).strip(),
        point_to=str(data["point_to"]).strip(),
        reviewed=_date(data, path),
        questions=questions,
        right=_levels(data["right"], f"{path}: right"),
        tip=_levels(data["tip"], f"{path}: tip"),
        path=path,
        claims=parse_claims(data, path),
    )


def load_plan(directory: Path = PLAN_DIR) -> PlanContent:
    """Every part of the plan, checked for what the steps and the printed plan need."""
    steps_path, meetings_path, choices_path = (directory / f"{n}.yml" for n in ("steps", "meetings", "choices"))
    steps_data, meetings_data, choices_data = _read(steps_path), _read(meetings_path), _read(choices_path)
    steps = steps_data.get("steps") or {}
    missing = [s for s in STEPS if not isinstance(steps.get(s), dict) or not steps[s].get("title")]
    if missing:
        raise ContentError(f"{steps_path}: missing steps {', '.join(missing)} (each with a title)")
    messages, labels = steps_data.get("messages") or {}, steps_data.get("labels") or {}
    for group, names, where in ((messages, MESSAGES, "messages"), (labels, LABELS, "labels")):
        absent = [n for n in names if not isinstance(group.get(n), str) or not group[n].strip()]
        if absent:
            raise ContentError(f"{steps_path}: {where} needs {', '.join(absent)}")
    meetings = {}
    for entry in meetings_data.get("meetings") or []:
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("id", "title", "source")):
            raise ContentError(f"{meetings_path}: each meeting needs id, title, source and about")
        meetings[str(entry["id"])] = Meeting(
            str(entry["id"]),
            str(entry["title"]).strip(),
            str(entry["source"]).strip(),
            _levels(entry.get("about"), f"{meetings_path}: {entry['id']}"),
        )
    if not meetings:
        raise ContentError(f"{meetings_path}: no meetings")
    found = {path.stem: _subject(path) for path in sorted((directory / "topics").glob("*.yml"))}
    unknown = sorted(set(found) - set(SUBJECTS))
    if unknown or set(SUBJECTS) - set(found):
        raise ContentError(f"{directory / 'topics'}: expected one file for each of {', '.join(SUBJECTS)}")
    people = _options(choices_data.get("people"), choices_path, "people")
    ways = _options(choices_data.get("ways"), choices_path, "ways")
    ids = [*meetings, *found, *people, *ways]
    if len(ids) != len(set(ids)):
        raise ContentError(f"{directory}: every choice needs its own id (ids are shared across steps)")
    return PlanContent(
        title=str(steps_data.get("title") or "").strip(),
        source=str(steps_data.get("source") or "").strip(),
        reviewed=_date(steps_data, steps_path),
        steps={s: _levels(steps[s], f"{steps_path}: steps.{s}") for s in STEPS},
        step_titles={s: str(steps[s]["title"]).strip() for s in STEPS},
        messages={n: messages[n].strip() for n in MESSAGES},
        labels={n: labels[n].strip() for n in LABELS},
        meetings=meetings,
        subjects={sid: found[sid] for sid in SUBJECTS},
        people=people,
        ways=ways,
        claims=parse_claims(steps_data, steps_path) + parse_claims(meetings_data, meetings_path),
    )


@lru_cache(maxsize=1)
def plan() -> PlanContent:
    return load_plan()
