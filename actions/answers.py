"""Actions that answer what was asked (a specific answer or a topic's overview, each question of a
two-part message), and say it again at another reading level."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content, conversation, readability, replies, safety, topic_events, understanding
from actions.menu import fallback


def send_answer(dispatcher: CollectingDispatcher, tracker: Tracker, entry_id: str, level: str) -> List[Dict[Text, Any]]:
    """Send a topic or specific answer at a level (or the next simpler readable one), log its
    topic, remember it."""
    library = content.library()
    replies.introduce_if_first(dispatcher, tracker, library)
    used, text, buttons = replies.answer(library, entry_id, level)
    # The level it was written in and its answer id go with it: the gateway's `level` and `topic`.
    dispatcher.utter_message(text=text, buttons=buttons, json_message={"level": used, "topic": entry_id})
    topic_events.record(tracker, library.topic_of(entry_id), used)
    return [SlotSet("reading_level", level), SlotSet("topic", entry_id)]


def send_also_asked(dispatcher: CollectingDispatcher, tracker: Tracker, entry_id: str, level: str) -> None:
    """The second question of a two-part message: its short answer and a button to the whole one."""
    library = content.library()
    used, text, buttons = replies.also_asked(library, entry_id, level)
    dispatcher.utter_message(text=text, buttons=buttons)
    topic_events.record(tracker, library.topic_of(entry_id), used)


class ActionAnswer(Action):
    """Answers what the person asked, at their reading level: a button's topic or answer, else
    what actions/understanding.py makes of the message (both parts of a two-part question)."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        library = content.library()
        chosen = conversation.entity(tracker, "topic")
        if chosen:
            entries = [chosen] if chosen in library else []
            guesses: tuple = ()
        else:
            understood = understanding.understand(library, tracker.latest_message, tracker.get_slot("topic"))
            entries = [u.entry for u in understood if u.entry]
            guesses = understood[0].guesses
        if not entries:
            events = fallback(dispatcher, tracker, guesses)
        else:
            level = conversation.reading_level(tracker)
            events = send_answer(dispatcher, tracker, entries[0], level)
            for entry_id in entries[1:]:
                send_also_asked(dispatcher, tracker, entry_id, level)
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
                dispatcher.utter_message(text=library.messages["level_choose"], buttons=level_buttons(library))
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
