"""What the actions read from a conversation: the reading level, the channel, the audience and entities."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from actions import readability
from bot.labels import AUDIENCES, GATEWAY_CHANNELS, RASA_CHANNELS

# Metadata of a session that continues a long conversation (addons/session_cut.py): not a new start.
CONTINUED_SESSION = "speakup_continued"


def _metadata(tracker: Tracker) -> Dict[str, Any]:
    metadata = tracker.latest_message.get("metadata") or {}
    return metadata if isinstance(metadata, dict) else {}


def reading_level(tracker: Tracker) -> str:
    """The level to answer at: the gateway's choice for this message, else the slot, else plain."""
    chosen = _metadata(tracker).get("reading_level")
    if chosen in readability.LEVELS:
        return chosen
    slot = tracker.get_slot("reading_level")
    return slot if slot in readability.LEVELS else readability.DEFAULT_LEVEL


def level_to_remember(tracker_state: Dict[str, Any], events: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """A slot event that keeps the reading level the person chose with this message (the widget
    sends it once, when they change it), if the action did not set the level itself."""
    metadata = (tracker_state.get("latest_message") or {}).get("metadata") or {}
    chosen = metadata.get("reading_level") if isinstance(metadata, dict) else None
    if chosen not in readability.LEVELS or (tracker_state.get("slots") or {}).get("reading_level") == chosen:
        return None
    if any(e.get("event") == "slot" and e.get("name") == "reading_level" for e in events):
        return None
    return {"event": "slot", "name": "reading_level", "value": chosen, "timestamp": None}


def audience(tracker: Tracker) -> Optional[str]:
    """Who the person said they are (young person, family, staff, patient), if they chose."""
    chosen = _metadata(tracker).get("audience")
    return chosen if chosen in AUDIENCES else None


def channel(tracker: Tracker) -> str:
    """Where the conversation is happening, as a fixed label for the topic log."""
    named = _metadata(tracker).get("channel")
    if named in GATEWAY_CHANNELS:
        return named
    return RASA_CHANNELS.get(tracker.get_latest_input_channel() or "", "other")


def entity(tracker: Tracker, name: str) -> Optional[str]:
    """The value of an entity in the latest message (from a button payload), if any."""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == name and isinstance(found.get("value"), str):
            return found["value"]
    return None


def first_turn(tracker: Tracker) -> bool:
    """True if Speak Up has not said anything yet in this conversation session."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return False
        if event.get("event") == "session_started":
            return not (event.get("metadata") or {}).get(CONTINUED_SESSION)
    return True


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa reads without NLU, e.g. /faq{"topic": "imha"}."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"
