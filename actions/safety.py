"""The crisis reply: helplines first, at the person's reading level, logged as topic "crisis"."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker

from actions import content, conversation, topic_events

CRISIS_TOPIC = "crisis"


class ActionCrisis(Action):
    """Sends the crisis helplines. Never asks the person to wait or to rephrase."""

    def name(self) -> Text:
        return "action_crisis"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        level = conversation.reading_level(tracker)
        used, text = content.library().choose(CRISIS_TOPIC, level)
        dispatcher.utter_message(text=text)
        topic_events.record(tracker, CRISIS_TOPIC, used)
        return []
