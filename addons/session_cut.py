"""Keeps a turn's cost flat however long a conversation goes on: after a number of turns, the
stored conversation starts a new Rasa session that carries over the slots and any active form,
and the old turns are forgotten. Rasa's tracker stores already return only the last session, so
each turn reads, writes and sends the action server a short tracker (issue: turn 300 cost 10
times turn 1)."""

from __future__ import annotations

from typing import List

from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME, SESSION_START_METADATA_SLOT
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

# Marks the session as a continuation, so Speak Up does not introduce itself again.
from actions.conversation import CONTINUED_SESSION as CONTINUED

# A new session after this many of the person's messages. Turns 1 to 10 then cost what turns
# 290 to 300 cost. The history the policies look at (max_history 3 in config.yml) stays inside it.
TURNS_PER_SESSION = 10


def turns_in_last_session(tracker: DialogueStateTracker) -> int:
    turns = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        turns += isinstance(event, UserUttered)
    return turns


def continued_events(tracker: DialogueStateTracker) -> List[Event]:
    """A new session that goes on where the last one stopped: the slots, the active form."""
    events: List[Event] = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(metadata={CONTINUED: True})]
    events += [
        SlotSet(name, value)
        for name, value in tracker.current_slot_values().items()
        if value is not None and name != SESSION_START_METADATA_SLOT
    ]
    if tracker.active_loop_name:
        events.append(ActiveLoop(tracker.active_loop_name))
    events.append(ActionExecuted(ACTION_LISTEN_NAME))
    return events


def cut_if_long(tracker: DialogueStateTracker, turns: int = TURNS_PER_SESSION) -> DialogueStateTracker:
    """The tracker to store: itself, or, at the end of a turn once the session is long, only a
    continued session."""
    latest = tracker.events[-1] if tracker.events else None
    at_turn_end = isinstance(latest, ActionExecuted) and latest.action_name == ACTION_LISTEN_NAME
    if not at_turn_end or turns_in_last_session(tracker) < turns:
        return tracker
    return DialogueStateTracker.from_events(
        tracker.sender_id, continued_events(tracker), slots=list(tracker.slots.values())
    )
