"""Builds the messages the actions send: a topic's answer with its follow-up buttons."""

from __future__ import annotations

from typing import Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import plan_content, readability
from actions.content import Library, Topic
from actions.conversation import first_turn, payload

HELP_TOPIC = "who_can_help"
# Groups whose answers offer "Who can help?".
NEEDS_HELP_BUTTON = ("restrictive_practices", "rights")
# Groups whose answers are not information, so offer no other reading levels.
NO_LEVEL_BUTTONS = ("limits", "safety")
# Answers about meetings also offer the speak-up plan ("Get ready for a meeting").
OFFERS_PLAN = ("care_plan", "ctr", "tribunal", "imha")


def button(title: str, intent: str, **entities: str) -> Dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}


def topic_button(topic: Topic) -> Dict[str, str]:
    return button(topic.title, "faq", topic=topic.id)


def follow_ups(library: Library, topic: Topic, level: str) -> List[Dict[str, str]]:
    """Easier words, More detail, Who can help? and up to 3 related topics."""
    buttons = []
    if topic.group not in NO_LEVEL_BUTTONS and readability.simpler(level):
        buttons.append(button("Easier words", "simpler"))
    if topic.group not in NO_LEVEL_BUTTONS and readability.harder(level):
        buttons.append(button("More detail", "more_detail"))
    if topic.group in NEEDS_HELP_BUTTON and HELP_TOPIC in library and topic.id != HELP_TOPIC:
        buttons.append(button("Who can help?", "faq", topic=HELP_TOPIC))
    buttons.extend(topic_button(library.topics[related]) for related in topic.related[:3])
    if topic.id in OFFERS_PLAN:
        buttons.append(button(plan_content.plan().labels["start"], "plan"))
    if topic.group == "limits":
        buttons.append(button(library.messages["show_topics"], "topic_menu"))
    return buttons


def answer(library: Library, topic_id: str, level: str) -> Tuple[str, str, List[Dict[str, str]]]:
    """(level used, text, buttons) for a topic at the level asked for."""
    used, text = library.choose(topic_id, level)
    return used, text, follow_ups(library, library.topics[topic_id], used)


def introduce_if_first(dispatcher: CollectingDispatcher, tracker: Tracker, library: Library) -> None:
    """On Speak Up's first turn, say what it is: a computer, information not advice, no access to
    records, nothing kept. (Not in action_session_start: that runs before the message is read,
    and a crisis reply must come first.)"""
    if first_turn(tracker):
        dispatcher.utter_message(text=library.messages["intro"])
