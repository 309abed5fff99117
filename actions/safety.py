"""Crisis and safeguarding replies: helplines first, at the person's reading level, logged by topic."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import content, conversation, replies, topic_events

CRISIS_TOPIC = "crisis"
SAFEGUARDING_TOPIC = "safeguarding"


def send_safety_reply(dispatcher: CollectingDispatcher, tracker: Tracker, topic_id: str) -> None:
    """Send a crisis or safeguarding text (easy or plain: never a longer version), and log it."""
    library = content.library()
    level = "easy" if conversation.reading_level(tracker) == "easy" else "plain"
    used, text = library.choose(topic_id, level)
    topic = library.topics[topic_id]
    buttons = [replies.topic_button(library.topics[r]) for r in topic.related if r in library]
    dispatcher.utter_message(text=text, buttons=buttons)
    topic_events.record(tracker, topic_id, used)


def safety_flags(tracker: Tracker) -> Dict[str, bool]:
    """What the NLU safety net (addons/safety_net.py) found in the latest message."""
    return tracker.latest_message.get("safety") or {}


class ActionCrisis(Action):
    """Sends the crisis helplines, first. Never asks the person to wait or to rephrase.
    If the same message also disclosed harm, the safeguarding reply follows."""

    def name(self) -> Text:
        return "action_crisis"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        first = conversation.first_turn(tracker)
        send_safety_reply(dispatcher, tracker, CRISIS_TOPIC)
        if safety_flags(tracker).get("safeguarding"):
            send_safety_reply(dispatcher, tracker, SAFEGUARDING_TOPIC)
        if first:  # the helplines come first; then say that this is a computer
            dispatcher.utter_message(text=content.library().messages["intro"])
        return []


class ActionSafeguarding(Action):
    """Answers a disclosure of harm or abuse: believed, not your fault, who to tell."""

    def name(self) -> Text:
        return "action_safeguarding"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        send_safety_reply(dispatcher, tracker, SAFEGUARDING_TOPIC)
        replies.introduce_if_first(dispatcher, tracker, content.library())
        return []
