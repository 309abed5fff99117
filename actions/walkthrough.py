"""The staff walk-through, built on a Rasa form: choose what is happening, then step through
what it is, when staff can and cannot do it, your rights and who can help, with Back, Next and
a progress line, ending in a printable summary. Works the same in `rasa shell`."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions import content, conversation, plan, replies, topic_events
from actions.walkthrough_content import STEPS, situations, step_heading, step_title

FORM = "walkthrough_form"
SITUATION_SLOT = "wt_situation"
STEP_SLOTS = tuple(f"wt_{step}" for step in STEPS)
ALL_SLOTS = (SITUATION_SLOT, *STEP_SLOTS)
WALKTHROUGH_CHANNEL = "walkthrough"


def _level(tracker: Tracker) -> str:
    return conversation.reading_level(tracker)


def _navigation(step_index: int) -> List[Dict[str, str]]:
    said = content.library().messages
    last = step_index == len(STEPS) - 1
    return [
        replies.button(said["walkthrough_back"], "walkthrough_back"),
        replies.button(said["walkthrough_finish" if last else "walkthrough_next"], "walkthrough_next"),
        replies.button(said["walkthrough_stop"], "walkthrough_stop"),
    ]


class ActionWalkthroughStart(Action):
    """Starts a fresh walk-through, keeping a situation chosen on the way in."""

    def name(self) -> Text:
        return "action_walkthrough_start"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        chosen = conversation.entity(tracker, "situation")
        replies.introduce_if_first(dispatcher, tracker, content.library())
        return [SlotSet(slot, None) for slot in ALL_SLOTS] + [
            SlotSet(SITUATION_SLOT, chosen if chosen in situations() else None)
        ]


class ActionAskSituation(Action):
    """Asks what is happening, with a big button for each situation."""

    def name(self) -> Text:
        return "action_ask_wt_situation"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        buttons = [replies.button(s.title, "walkthrough_choose", situation=s.id) for s in situations().values()]
        buttons.append(plan.start_with_staff_button())  # or get ready for a meeting together
        said = content.library().messages
        buttons.append(replies.button(said["walkthrough_stop"], "walkthrough_stop"))
        dispatcher.utter_message(text=said["walkthrough_choose"], buttons=buttons)
        return []


class ActionAskStep(Action):
    """Shows one step of the chosen situation at the person's reading level."""

    step = "what"

    def name(self) -> Text:
        return f"action_ask_wt_{self.step}"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        situation = situations().get(tracker.get_slot(SITUATION_SLOT))
        if situation is None:
            return [SlotSet(SITUATION_SLOT, None)]
        index = STEPS.index(self.step)
        library = content.library()
        text = situation.text(self.step, _level(tracker), library.filled)
        heading = step_heading(library.messages, situation, self.step)
        dispatcher.utter_message(text=f"{heading}\n\n{text}", buttons=_navigation(index))
        return []


class ActionAskWhen(ActionAskStep):
    step = "when"


class ActionAskRights(ActionAskStep):
    step = "rights"


class ActionAskHelp(ActionAskStep):
    step = "help"


class ValidateWalkthroughForm(FormValidationAction):
    """Checks the situation chosen, and makes Back clear the step before the current one."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "walkthrough_back":
            return self._back(tracker)
        return await super().run(dispatcher, tracker, domain)

    @staticmethod
    def _back(tracker: Tracker) -> List[Dict[Text, Any]]:
        requested: Optional[str] = tracker.get_slot("requested_slot")
        if requested not in ALL_SLOTS:
            return []
        index = ALL_SLOTS.index(requested)
        previous = ALL_SLOTS[max(index - 1, 0)]
        return [SlotSet(previous, None), SlotSet(requested, None)]

    def validate_wt_situation(self, value: Any, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {SITUATION_SLOT: value if value in situations() else None}


class ActionWalkthroughSummary(Action):
    """The end: a one-page summary to print, with general information and local contacts only."""

    def name(self) -> Text:
        return "action_walkthrough_summary"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        situation = situations().get(tracker.get_slot(SITUATION_SLOT))
        if situation is None:
            return []
        level = "easy" if _level(tracker) == "easy" else "plain"
        library = content.library()
        said = library.messages
        parts = [f"{said['walkthrough_summary']} {situation.title}."]
        for step in STEPS:
            parts.append(f"{step_title(said, step)}.\n{situation.text(step, level, library.filled)}")
        parts.append(f"{said['walkthrough_source']} {situation.source.rstrip('.')}.")
        dispatcher.utter_message(
            text="\n\n".join(parts),
            buttons=[
                replies.button(said["walkthrough_start_again"], "walkthrough"),
                plan.start_with_staff_button(),
                replies.button(said["show_topics"], "topic_menu"),
            ],
            json_message={"kind": "summary"},
        )
        topic_events.record(tracker, f"walkthrough_{situation.id}", level, channel=WALKTHROUGH_CHANNEL)
        return []
