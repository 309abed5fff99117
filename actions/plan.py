"""The speak-up plan, built on a Rasa form: choose the meeting, what to talk about, who to bring and
how you like to communicate, then read questions, a right and a tip for each thing chosen, with
Back, Next, "Step n of 5" and Stop, ending in one printable page. Works the same in `rasa shell`.

Only button choices are held, in the conversation's slots. The form has one required slot,
`plan_ready`; `validate_plan_form` reads each button press and moves the steps on."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions import content, conversation, replies, topic_events
from actions.plan_content import MULTI, STEPS, PlanContent, plan

FORM = "plan_form"
CHOOSE, NEXT, BACK = "plan_choose", "walkthrough_next", "walkthrough_back"  # Back, Next, Stop are shared
STOP = "walkthrough_stop"  # with the walk-through
OPTION_ENTITY = "plan_option"
MODE_ENTITY = "plan_mode"
WITH_STAFF = "with_staff"  # started from the walk-through: a staff member is making it with the person
WALKTHROUGH_CHANNEL = "walkthrough"
SLOTS = ("plan_step", "plan_item", "plan_meeting", "plan_topics", "plan_people", "plan_ways", "plan_mode", "plan_ready")


@dataclass(frozen=True)
class PlanState:
    """Where the person is in the plan, and what they have chosen (ids only)."""

    step: str = STEPS[0]
    item: int = 0
    meeting: Optional[str] = None
    chosen: Dict[str, Tuple[str, ...]] = field(default_factory=lambda: {s: () for s in MULTI})
    mode: Optional[str] = None
    ready: bool = False

    @classmethod
    def from_tracker(cls, tracker: Tracker, content_: PlanContent) -> "PlanState":
        """The state in the slots, keeping only ids the content knows (so nothing else is shown)."""
        step = tracker.get_slot("plan_step")
        meeting = tracker.get_slot("plan_meeting")
        chosen = {s: tuple(v for v in (tracker.get_slot(f"plan_{s}") or []) if v in content_.options(s)) for s in MULTI}
        item = tracker.get_slot("plan_item")
        return cls(
            step=step if step in STEPS else STEPS[0],
            item=int(item) if isinstance(item, (int, float)) else 0,
            meeting=meeting if meeting in content_.meetings else None,
            chosen=chosen,
            mode=WITH_STAFF if tracker.get_slot("plan_mode") == WITH_STAFF else None,
            ready=bool(tracker.get_slot("plan_ready")),
        )

    def events(self) -> List[Dict[Text, Any]]:
        return [
            SlotSet("plan_step", self.step),
            SlotSet("plan_item", self.item),
            SlotSet("plan_meeting", self.meeting),
            SlotSet("plan_mode", self.mode),
            *(SlotSet(f"plan_{s}", list(v)) for s, v in self.chosen.items()),
            SlotSet("plan_ready", True if self.ready else None),
        ]

    @property
    def number(self) -> int:
        return STEPS.index(self.step) + 1

    def at(self, step: str, item: int = 0) -> "PlanState":
        return replace(self, step=step, item=item)


def _level(tracker: Tracker) -> str:
    return conversation.reading_level(tracker)


def choose(state: PlanState, option: Optional[str], content_: PlanContent) -> Tuple[PlanState, Optional[str]]:
    """A button at the current step: choose the meeting, or add or take off one of several.
    Returns the new state and the name of a message to say first, if any."""
    if option not in content_.options(state.step):
        return state, None  # a button from another step: show where the person is
    if state.step == "meeting":
        return replace(state, meeting=option).at("topics"), None
    chosen = list(state.chosen[state.step])
    if option in chosen:
        chosen.remove(option)
    else:
        limit = MULTI[state.step]
        if limit is not None and len(chosen) >= limit:
            return state, "three_already"
        if state.step == "people":  # "No one" cannot go with anyone else
            chosen = [c for c in chosen if (c == "no_one") == (option == "no_one")]
        chosen.append(option)
    return replace(state, chosen={**state.chosen, state.step: tuple(chosen)}), None


def forward(state: PlanState) -> Tuple[PlanState, Optional[str]]:
    """Next: on to the next step, or the next thing chosen, or the end (`ready`)."""
    if state.step == "meeting" and state.meeting is None:
        return state, "choose_meeting"
    if state.step == "topics" and not state.chosen["topics"]:
        return state, "choose_topic"
    if state.step == "questions":
        if state.item + 1 < len(state.chosen["topics"]):
            return state.at("questions", state.item + 1), None
        return replace(state, ready=True), None
    return state.at(STEPS[STEPS.index(state.step) + 1]), None


def back(state: PlanState) -> PlanState:
    """Back: the thing chosen before, or the step before (the first step stays where it is)."""
    if state.step == "questions" and state.item > 0:
        return state.at("questions", state.item - 1)
    return state.at(STEPS[max(STEPS.index(state.step) - 1, 0)])


class ActionPlanStart(Action):
    """Starts a fresh plan (from the menu, a typed request, or the walk-through with staff)."""

    def name(self) -> Text:
        return "action_plan_start"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        replies.introduce_if_first(dispatcher, tracker, content.library())
        mode = WITH_STAFF if conversation.entity(tracker, MODE_ENTITY) == WITH_STAFF else None
        return PlanState(mode=mode).events()


def _buttons(state: PlanState, content_: PlanContent) -> List[Dict[str, str]]:
    labels = content_.labels
    buttons = []
    if state.step in ("meeting", *MULTI):
        for option_id, option in content_.options(state.step).items():
            picked = option_id == state.meeting or option_id in state.chosen.get(state.step, ())
            title = f"{option.title} ({labels['chosen_mark']})" if picked else option.title
            buttons.append(replies.button(title, CHOOSE, **{OPTION_ENTITY: option_id}))
    last = state.step == "questions" and state.item + 1 >= len(state.chosen["topics"])
    buttons += [
        replies.button(labels["back"], BACK),
        replies.button(labels["finish" if last else "next"], NEXT),
        replies.button(labels["stop"], STOP),
    ]
    return buttons


def step_message(state: PlanState, level: str, content_: PlanContent, filled: Dict[str, str]) -> str:
    """What one step says: the progress line, the step's words, and what is chosen so far."""
    labels = content_.labels
    heading = (
        f"{content_.title}. {labels['step']} {state.number} {labels['of']} {len(STEPS)}: "
        f"{content_.step_titles[state.step]}."
    )
    parts = [heading]
    if state.step == "meeting" and state.mode == WITH_STAFF:
        parts.append(content_.messages["with_staff"])
    if state.step == "topics" and state.meeting:  # what the chosen meeting is, before choosing what to say
        meeting = content_.meetings[state.meeting]
        about = meeting.about_text(level, filled)
        if level == "detailed":
            about += f"\n{labels['meeting_source']}: {meeting.source.rstrip('.')}."
        parts.append(f"{labels['about']}: {meeting.title}.\n{about}")
    if state.step != "questions":
        parts.append(content_.step_text(state.step, level, filled))
        picked = [state.meeting] if state.step == "meeting" and state.meeting else state.chosen.get(state.step, ())
        if picked:
            titles = ", ".join(content_.options(state.step)[p].title for p in picked)
            parts.append(f"{labels['chosen']}: {titles}.")
        return "\n\n".join(parts)
    topics = state.chosen["topics"]
    subject = content_.subjects[topics[min(state.item, len(topics) - 1)]]
    parts[0] += f" {subject.title}: {min(state.item, len(topics) - 1) + 1} {labels['of']} {len(topics)}."
    if state.item == 0:
        parts.append(content_.step_text("questions", level, filled))
    parts.append(f"{labels['questions']}:\n" + "\n".join(subject.question_list(level, filled)))
    parts.append(f"{labels['right']}:\n" + subject.part("right", level, filled))
    parts.append(f"{labels['tip']}:\n" + subject.part("tip", level, filled))
    parts.append(f"{labels['comes_from']}: {subject.source.rstrip('.')}.")
    return "\n\n".join(parts)


class ActionAskPlanReady(Action):
    """Shows the step the person is at, at their reading level, with its buttons."""

    def name(self) -> Text:
        return "action_ask_plan_ready"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        content_ = plan()
        state = PlanState.from_tracker(tracker, content_)
        if state.step == "questions" and not state.chosen["topics"]:
            state = state.at("topics")
        text = step_message(state, _level(tracker), content_, content.library().filled)
        dispatcher.utter_message(text=text, buttons=_buttons(state, content_))
        return []


class ValidatePlanForm(FormValidationAction):
    """Reads each button press (a choice, Back or Next) and moves the plan on. Anything else
    (a crisis, a disclosure, a question) is left to the rules, and the plan goes on after."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent not in (CHOOSE, NEXT, BACK):
            return []
        content_ = plan()
        state = PlanState.from_tracker(tracker, content_)
        notice = None
        if intent == CHOOSE:
            state, notice = choose(state, conversation.entity(tracker, OPTION_ENTITY), content_)
        elif intent == NEXT:
            state, notice = forward(state)
        else:
            state = back(state)
        if notice:
            dispatcher.utter_message(text=content_.messages[notice])
        return state.events()


def summary(state: PlanState, level: str, content_: PlanContent, filled: Dict[str, str]) -> str:
    """The one-page plan: only what the person chose, at their level, with the local contacts.
    A sentence two rights share (such as "the law is changing") is said once. In easy read each
    idea has a line of its own; at the other levels a list of choices is one short paragraph."""
    labels = content_.labels
    meeting = content_.meetings[state.meeting]
    blocks = [[f"{labels['plan']}.", f"{labels['meeting']}: {meeting.title}."]]
    said: set = set()
    for number, topic_id in enumerate(state.chosen["topics"]):
        subject = content_.subjects[topic_id]
        right = [line for line in subject.part("right", level, filled).splitlines() if line not in said]
        said.update(right)
        blocks.append(
            [
                *([f"{labels['topics']}:"] if number == 0 else []),
                f"{subject.title}.",
                f"{labels['my_questions']}:",
                *(f"- {q}" for q in subject.question_list(level, filled)),
                f"{labels['my_right']}: {right[0]}" if right else f"{labels['my_right']}:",
                *right[1:],
                f"{labels['comes_from']}: {subject.point_to.rstrip('.')}.",
            ]
        )
    last = []
    contacts = [filled[name] for name in ("advocacy_contact", "pals_contact") if filled.get(name)]
    for heading, lines in (
        (labels["people"], [content_.people[o].on_plan for o in state.chosen["people"]]),
        (labels["ways"], [content_.ways[o].on_plan for o in state.chosen["ways"]]),
        (labels["help"], contacts),
    ):
        if lines:
            last += [f"{heading}:", *lines] if level == "easy" else [f"{heading}: {' '.join(lines)}"]
    blocks.append(last)
    return "\n\n".join("\n".join(block) for block in blocks)


class ActionPlanSummary(Action):
    """The end: the plan as one printable page, and one line in the topic log ("plan made")."""

    def name(self) -> Text:
        return "action_plan_summary"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        content_ = plan()
        state = PlanState.from_tracker(tracker, content_)
        if state.meeting is None or not state.chosen["topics"]:
            return []
        dispatcher.utter_message(
            text=summary(state, _level(tracker), content_, content.library().filled),
            buttons=[
                replies.button(content_.labels["start_again"], "plan"),
                replies.button(content_.labels["show_topics"], "topic_menu"),
            ],
            json_message={"kind": "summary"},
        )
        channel = WALKTHROUGH_CHANNEL if state.mode == WITH_STAFF else conversation.channel(tracker)
        topic_events.record_plan(state.meeting, channel)
        return []


class ActionPlanStop(Action):
    """Stop: forget the choices and say how to go on."""

    def name(self) -> Text:
        return "action_plan_stop"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        content_ = plan()
        dispatcher.utter_message(
            text=content_.messages["stopped"], buttons=[replies.button(content_.labels["show_topics"], "topic_menu")]
        )
        return [SlotSet(slot, None) for slot in SLOTS]


def start_button() -> Dict[str, str]:
    """The button that starts a plan (the topic menu offers it)."""
    return replies.button(plan().labels["start"], "plan")


def start_with_staff_button() -> Dict[str, str]:
    """The walk-through's button: a staff member and the person make a plan together."""
    return replies.button(plan().labels["start"], "plan", **{MODE_ENTITY: WITH_STAFF})
