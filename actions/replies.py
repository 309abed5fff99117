"""Builds the messages the actions send: an answer with its follow-up buttons, and the short
answer to the second question of a two-part message."""

from __future__ import annotations

from typing import Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import plan_content, readability
from actions.content import MAX_OFFERED, Answer, Library, Topic
from actions.conversation import first_turn, payload

HELP_TOPIC = "who_can_help"
# Groups whose answers offer "Who can help?".
NEEDS_HELP_BUTTON = ("restrictive_practices", "rights")
# Groups whose answers are not information, so offer no other reading levels.
NO_LEVEL_BUTTONS = ("limits", "safety")
# Answers about meetings also offer the speak-up plan ("Get ready for a meeting").
OFFERS_PLAN = ("care_plan", "ctr", "tribunal", "imha")
# At most this many buttons under one answer: levels, "people also ask" questions, help, related.
MAX_BUTTONS = 8
# A specific answer offers this many of its topic's other questions, and then the overview.
OTHER_QUESTIONS = 2


def button(title: str, intent: str, **entities: str) -> Dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}


def topic_button(topic: Topic) -> Dict[str, str]:
    return button(topic.title, "faq", topic=topic.id)


def questions_offered(library: Library, topic: Topic) -> List[Topic]:
    """The questions an answer offers: an overview its most asked specific questions ("people also
    ask"); a specific answer a few of its topic's other questions, then the overview."""
    if isinstance(topic, Answer):
        others = [a for a in library.offered(topic.topic) if a.id != topic.id][:OTHER_QUESTIONS]
        return [*others, library.topics[topic.topic]]
    return list(library.offered(topic.id)[:MAX_OFFERED])


def follow_ups(library: Library, topic: Topic, level: str) -> List[Dict[str, str]]:
    """Easier words, More detail, the questions offered, Who can help? and related topics, in that
    order, at most MAX_BUTTONS (related topics are dropped first)."""
    buttons = []
    if topic.group not in NO_LEVEL_BUTTONS and readability.simpler(level):
        buttons.append(button(library.messages["button_simpler"], "simpler"))
    if topic.group not in NO_LEVEL_BUTTONS and readability.harder(level):
        buttons.append(button(library.messages["button_more_detail"], "more_detail"))
    buttons.extend(topic_button(question) for question in questions_offered(library, topic))
    if topic.group in NEEDS_HELP_BUTTON and HELP_TOPIC in library and topic.id != HELP_TOPIC:
        buttons.append(button(library.messages["button_who_can_help"], "faq", topic=HELP_TOPIC))
    last = []
    if topic.id in OFFERS_PLAN:
        last.append(button(plan_content.plan().labels["start"], "plan"))
    if topic.group == "limits":
        last.append(button(library.messages["show_topics"], "topic_menu"))
    related = [topic_button(library.entry(r)) for r in topic.related[:3]]
    unique = list({b["payload"]: b for b in buttons + related + last}.values())
    while len(unique) > MAX_BUTTONS and any(b in unique for b in related):
        unique.remove(next(b for b in reversed(unique) if b in related))
    return unique[:MAX_BUTTONS]


def answer(library: Library, entry_id: str, level: str) -> Tuple[str, str, List[Dict[str, str]]]:
    """(level used, text, buttons) for a topic or specific answer at the level asked for."""
    used, text = library.choose(entry_id, level)
    return used, text, follow_ups(library, library.entry(entry_id), used)


def also_asked(library: Library, entry_id: str, level: str) -> Tuple[str, str, List[Dict[str, str]]]:
    """(level used, text, buttons) for the second question of a two-part message: the question,
    the first sentence of its answer (which says the answer in short), and a button to all of it."""
    used, text = library.choose(entry_id, level)
    entry = library.entry(entry_id)
    short = f"{library.messages['also_asked']} {entry.title}\n{text.splitlines()[0]}"
    return used, short, [button(library.messages["read_whole_answer"], "faq", topic=entry_id)]


def introduce_if_first(dispatcher: CollectingDispatcher, tracker: Tracker, library: Library) -> None:
    """On Speak Up's first turn, say what it is: a computer, information not advice, no access to
    records, nothing kept. (Not in action_session_start: that runs before the message is read,
    and a crisis reply must come first.)"""
    if first_turn(tracker):
        dispatcher.utter_message(text=library.messages["intro"])
