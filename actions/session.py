"""Starts each conversation by saying what Speak Up is, keeping the reading level chosen before."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from actions import content

CARRIED_SLOTS = ("reading_level",)


class ActionSessionStart(Action):
    """Says "I am a computer, I give information not advice, I cannot see your records, I do not
    keep what you type" first, so even a first message that is a question gets this and then
    its answer."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=content.library().messages["intro"])
        carried = [
            SlotSet(name, tracker.get_slot(name))
            for name in CARRIED_SLOTS
            if tracker.get_slot(name) is not None
        ]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]
