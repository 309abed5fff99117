"""Long conversations are cut into continued sessions: the slots and an active form carry over,
Speak Up does not introduce itself again, and the walk-through goes on across the cut."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions import content, conversation
from actions.walkthrough_content import situations
from addons.session_cut import TURNS_PER_SESSION, cut_if_long, turns_in_last_session
from bot.settings import ROOT
from tests.helpers import chat

DOMAIN = Domain.load(ROOT / "domain.yml")
LIBRARY = content.library()


def tracker_with(turns: int, form: bool = False) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for number in range(turns):
        events += [
            UserUttered(f"question {number}", {"name": "faq"}),
            ActionExecuted("action_answer"),
            BotUttered("an answer"),
            SlotSet("topic", "seclusion"),
            SlotSet("reading_level", "easy"),
        ]
        if form and number == turns - 1:
            events += [
                ActiveLoop("walkthrough_form"),
                SlotSet("wt_situation", "held"),
                SlotSet("requested_slot", "wt_what"),
            ]
        events.append(ActionExecuted("action_listen"))
    return DialogueStateTracker.from_events("someone", events, slots=DOMAIN.slots)


def test_a_short_conversation_is_kept_whole():
    tracker = tracker_with(TURNS_PER_SESSION - 1)
    assert cut_if_long(tracker) is tracker


def test_a_long_conversation_continues_in_a_short_session_with_its_slots_and_form():
    cut = cut_if_long(tracker_with(TURNS_PER_SESSION, form=True))
    assert turns_in_last_session(cut) == 0
    assert len(cut.events) < 15
    assert cut.get_slot("topic") == "seclusion" and cut.get_slot("reading_level") == "easy"
    assert cut.get_slot("wt_situation") == "held" and cut.get_slot("requested_slot") == "wt_what"
    assert cut.active_loop_name == "walkthrough_form"
    assert not any(isinstance(e, UserUttered) for e in cut.events)  # the old words are forgotten


def test_a_turn_in_progress_is_never_cut():
    tracker = tracker_with(TURNS_PER_SESSION)
    tracker.update(UserUttered("one more", {"name": "faq"}))
    assert cut_if_long(tracker) is tracker


def test_a_continued_session_is_not_a_first_turn():
    from rasa_sdk import Tracker

    cut = cut_if_long(tracker_with(TURNS_PER_SESSION))
    from rasa.shared.core.trackers import EventVerbosity

    state = cut.current_state(EventVerbosity.ALL)
    sdk = Tracker(
        state["sender_id"], state["slots"], state["latest_message"], state["events"], False, None, None, "action_listen"
    )
    assert not conversation.first_turn(sdk)


@pytest.mark.stack
def test_the_walk_through_and_the_level_go_on_across_the_cut(stack):
    intro = LIBRARY.messages["intro"]
    first = chat(stack.gateway_url, "what is seclusion", reading_level="easy").json()
    session = first["session_id"]
    assert first["replies"][0]["text"] == intro
    for _ in range(TURNS_PER_SESSION - 4):
        replies = chat(stack.gateway_url, "what is PALS", session_id=session).json()["replies"]
        assert intro not in [r["text"] for r in replies]
    menu = chat(stack.gateway_url, "/walkthrough", session_id=session).json()["replies"][-1]
    held = next(b["payload"] for b in menu["buttons"] if b["title"] == situations()["held"].title)
    start = chat(stack.gateway_url, held, session_id=session).json()["replies"]
    assert "Step 1 of 4" in start[-1]["text"]
    for number in (2, 3, 4):  # the cut falls inside these steps
        step = chat(stack.gateway_url, "/walkthrough_next", session_id=session).json()["replies"]
        assert f"Step {number} of 4" in step[-1]["text"], step
        assert intro not in [r["text"] for r in step]
    summary = chat(stack.gateway_url, "/walkthrough_next", session_id=session).json()["replies"][-1]
    assert summary.get("kind") == "summary"
    later = chat(stack.gateway_url, "what is seclusion", session_id=session).json()["replies"]
    assert (
        later[0]["text"] == LIBRARY.topics["seclusion"].text("easy", LIBRARY.filled)
        or LIBRARY.choose("seclusion", "easy")[1] == later[0]["text"]
    )
