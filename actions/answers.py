"""Actions that answer a topic, and say it again at another reading level."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content, conversation, readability, replies, safety, topic_events
from actions.menu import fallback

# Below this ResponseSelector confidence Speak Up asks "Did you mean...?" instead of guessing.
# On the held-out questions, 0.3 turns 8 wrong answers and 16 right ones (of 415) into that
# question, whose buttons still offer the right topic first (scripts/evaluate.py).
MIN_TOPIC_CONFIDENCE = 0.3


def send_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic_id: str, level: str
) -> List[Dict[Text, Any]]:
    """Send a topic at a level (or the next simpler readable one), log it, remember it."""
    library = content.library()
    replies.introduce_if_first(dispatcher, tracker, library)
    used, text, buttons = replies.answer(library, topic_id, level)
    dispatcher.utter_message(text=text, buttons=buttons)
    topic_events.record(tracker, topic_id, used)
    return [SlotSet("reading_level", level), SlotSet("topic", topic_id)]


class ActionAnswer(Action):
    """Answers the topic the person asked about, at their reading level."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        topic_id = conversation.asked_topic(tracker, MIN_TOPIC_CONFIDENCE)
        if topic_id not in content.library():
            events = fallback(dispatcher, tracker)
        else:
            events = send_answer(dispatcher, tracker, topic_id, conversation.reading_level(tracker))
        safety.after_answer(dispatcher, tracker)  # a message that only mentions a risk: one short line
        return events


class ActionChangeLevel(Action):
    """Easier words, more detail, or a chosen level; then says the last topic again at it."""

    def name(self) -> Text:
        return "action_change_level"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        library = content.library()
        current = conversation.reading_level(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "simpler":
            new, limit_message = readability.simpler(current), "easiest_already"
        elif intent == "more_detail":
            new, limit_message = readability.harder(current), "most_detailed_already"
        else:
            new, limit_message = conversation.entity(tracker, "reading_level"), None
            if new not in readability.LEVELS:
                replies.introduce_if_first(dispatcher, tracker, library)
                dispatcher.utter_message(
                    text=library.messages["level_choose"], buttons=level_buttons(library)
                )
                return []
        if new is None:
            dispatcher.utter_message(text=library.messages[limit_message])
            new = current
        topic_id = tracker.get_slot("topic")
        if topic_id in library:
            return send_answer(dispatcher, tracker, topic_id, new)
        replies.introduce_if_first(dispatcher, tracker, library)
        dispatcher.utter_message(text=library.messages[f"level_{new}"])
        return [SlotSet("reading_level", new)]


def level_buttons(library: content.Library) -> List[Dict[str, str]]:
    return [
        replies.button(library.messages[f"level_title_{level}"], "set_level", reading_level=level)
        for level in readability.LEVELS
    ]

