"""The speak-up plan (issue 17) through the real running bot: every meeting kind reaches the
printable page, Back works at every step, crisis and disclosures win and the plan goes on, the
page holds only what the person chose, and the topic log gets only "plan made"."""

from __future__ import annotations

import re
from typing import Dict, List, Optional

import httpx
import pytest
from sqlalchemy import select

from actions import content
from actions.plan import PlanState, back, choose, forward, summary
from actions.plan_content import STEPS, plan
from bot import db, insight, topic_log
from bot.models import TopicEvent
from bot.schemas import ChatRequest
from tests.helpers import topic_rows

PLAN = plan()
LIBRARY = content.library()
LABELS = PLAN.labels


def heading(number: int) -> str:
    return f"{PLAN.title}. {LABELS['step']} {number} {LABELS['of']} {len(STEPS)}: "


# The steps on their own (no stack): the same functions the form runs.


def test_next_needs_a_meeting_and_a_topic_and_back_stays_on_the_first_step():
    state = PlanState()
    assert forward(state) == (state, "choose_meeting")
    assert back(state) == state
    state, _ = choose(state, "tribunal", PLAN)
    assert (state.step, state.meeting) == ("topics", "tribunal")
    assert forward(state) == (state, "choose_topic")


def test_up_to_three_topics_and_a_second_press_takes_one_off():
    state = PlanState(step="topics", meeting="ward_round")
    for topic in ("leave", "medicine", "school"):
        state, notice = choose(state, topic, PLAN)
        assert notice is None
    assert choose(state, "ward_rules", PLAN) == (state, "three_already")
    state, _ = choose(state, "medicine", PLAN)
    assert state.chosen["topics"] == ("leave", "school")


def test_no_one_cannot_go_with_anyone_else():
    state = PlanState(step="people", meeting="ward_round")
    state, _ = choose(state, "advocate", PLAN)
    state, _ = choose(state, "family", PLAN)
    state, _ = choose(state, "no_one", PLAN)
    assert state.chosen["people"] == ("no_one",)
    state, _ = choose(state, "friend", PLAN)
    assert state.chosen["people"] == ("friend",)


def test_a_button_from_another_step_changes_nothing():
    state = PlanState(step="people", meeting="ward_round", chosen={"topics": ("leave",), "people": (), "ways": ()})
    assert choose(state, "medicine", PLAN) == (state, None)
    assert choose(state, "not_an_option", PLAN) == (state, None)


def test_the_questions_step_goes_through_each_thing_chosen_then_ends():
    state = PlanState(step="ways", meeting="cetr", chosen={"topics": ("leave", "school"), "people": (), "ways": ()})
    state, _ = forward(state)
    assert (state.step, state.item) == ("questions", 0)
    state, _ = forward(state)
    assert (state.step, state.item, state.ready) == ("questions", 1, False)
    assert back(state).item == 0
    assert back(back(state)).step == "ways"
    assert forward(state)[0].ready


def test_the_page_has_each_choice_at_the_level_and_nothing_else():
    state = PlanState(
        step="questions",
        meeting="complaint",
        chosen={"topics": ("something_happened",), "people": ("advocate",), "ways": ("breaks",)},
    )
    page = summary(state, "easy", PLAN, LIBRARY.filled)
    subject = PLAN.subjects["something_happened"]
    for question in subject.question_list("easy", LIBRARY.filled):
        assert f"- {question}" in page
    assert subject.part("right", "easy", LIBRARY.filled) in page
    assert PLAN.people["advocate"].on_plan in page and PLAN.ways["breaks"].on_plan in page
    assert LIBRARY.filled["advocacy_contact"] in page and LIBRARY.filled["pals_contact"] in page
    assert_only_chosen(page, state)


def test_answers_about_meetings_offer_the_plan():
    from actions import replies

    for topic_id in replies.OFFERS_PLAN:
        buttons = replies.follow_ups(LIBRARY, LIBRARY.topics[topic_id], "plain")
        assert {"title": LABELS["start"], "payload": "/plan"} in buttons, topic_id
    assert {"title": LABELS["start"], "payload": "/plan"} not in replies.follow_ups(
        LIBRARY, LIBRARY.topics["seclusion"], "plain"
    )


def test_plan_made_is_stored_with_the_meeting_channel_and_hour_only(any_database):
    topic_log.record("seclusion", "easy", "widget", audience="family")
    topic_log.record_plan("tribunal", "fullpage")
    rows = topic_rows(any_database, at_least=2)
    assert rows[1][:3] == ("plan_made:tribunal", None, "fullpage") and rows[1][3].minute == 0
    with db.engine(any_database).connect() as connection:
        audience = connection.execute(select(TopicEvent.audience).where(TopicEvent.reading_level.is_(None))).all()
    assert audience == [(None,)]
    shown = insight.load(insight.Filters(), any_database)
    assert ("plan_made:tribunal", 1) in shown.topics
    assert shown.levels == [("easy", 1)]  # the level chart counts answers, not plans


# Through the gateway, Rasa and the action server.


def send(
    stack, message: str, session: Optional[str] = None, level: Optional[str] = None, payload: Optional[str] = None
) -> Dict:
    body = {"message": message, "session_id": session, "reading_level": level}
    if payload is not None:
        if "payload" in ChatRequest.__fields__:  # issue 15: a button press sends its payload apart
            body["payload"] = payload
        else:
            body["message"] = payload
    response = httpx.post(f"{stack.gateway_url}/api/chat", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


class Person:
    """One conversation, pressing the buttons the bot offers (by title), as the widget does."""

    def __init__(self, stack, level: Optional[str] = None):
        self.stack, self.level, self.session = stack, level, None
        self.replies: List[Dict] = []

    def say(self, text: str) -> List[Dict]:
        return self._send(text)

    def command(self, payload: str, title: str) -> List[Dict]:
        """A page control's command (the widget's Topics and Walk-through buttons)."""
        return self._send(title, payload)

    def press(self, title: str, reply: Optional[Dict] = None) -> List[Dict]:
        """Press the button with this title (or its "(chosen)" form) in the bot's last message."""
        offered = {b["title"]: b["payload"] for b in (reply or self.last)["buttons"]}
        chosen = f"{title} ({LABELS['chosen_mark']})"
        found = title if title in offered else chosen
        assert found in offered, f"no {title!r} button in {list(offered)}"
        return self._send(found, offered[found])

    def _send(self, message: str, payload: Optional[str] = None) -> List[Dict]:
        data = send(self.stack, message, self.session, self.level, payload)
        self.session = data["session_id"]
        self.replies = data["replies"]
        return self.replies

    @property
    def last(self) -> Dict:
        return self.replies[-1]

    def at_step(self, number: int) -> bool:
        return self.last["text"].startswith(heading(number))


def start(stack, level: Optional[str] = None) -> Person:
    person = Person(stack, level)
    person.command("/topic_menu", "Topics")
    person.press(LABELS["start"])
    assert person.at_step(1), person.last["text"]
    return person


def make_plan(person: Person, meeting: str, topics, people=(), ways=()) -> Dict:
    person.press(PLAN.meetings[meeting].title)
    assert person.at_step(2)
    level = person.level or "plain"
    assert PLAN.meetings[meeting].about_text(level, LIBRARY.filled) in person.last["text"]  # what it is
    for topic in topics:
        person.press(PLAN.subjects[topic].title)
    person.press(LABELS["next"])
    assert person.at_step(3)
    for who in people:
        person.press(PLAN.people[who].title)
    person.press(LABELS["next"])
    assert person.at_step(4)
    for way in ways:
        person.press(PLAN.ways[way].title)
    person.press(LABELS["next"])
    for number, topic in enumerate(topics, 1):
        assert person.at_step(5) and f"{PLAN.subjects[topic].title}: {number} {LABELS['of']}" in person.last["text"]
        person.press(LABELS["finish"] if number == len(topics) else LABELS["next"])
    assert person.last.get("kind") == "summary", person.last["text"]
    return person.last


def assert_only_chosen(page: str, state: PlanState) -> None:
    """Nothing the person did not choose (no other meeting, thing to talk about, person or way,
    at any level), and no id of any kind."""
    levels = ("easy", "plain", "detailed")
    for meeting_id, meeting in PLAN.meetings.items():
        if meeting_id != state.meeting:
            assert f"{LABELS['meeting']}: {meeting.title}." not in page and meeting.source not in page
            assert not any(meeting.about_text(level, LIBRARY.filled) in page for level in levels), meeting_id
    for subject_id, subject in PLAN.subjects.items():
        if subject_id not in state.chosen["topics"]:
            assert f"\n{subject.title}.\n" not in page, subject_id
            for level in levels:
                assert not any(q in page for q in subject.question_list(level, LIBRARY.filled)), subject_id
                assert subject.part("right", level, LIBRARY.filled) not in page, subject_id
    for step in ("people", "ways"):
        for option_id, option in PLAN.options(step).items():
            if option_id not in state.chosen[step]:
                assert option.on_plan not in page, option_id
    # Ids: the multi-word ones have an underscore, and "cetr" is written C(E)TR.
    assert "_" not in page and not re.search(r"\bcetr\b", page)
    assert not re.search(r"\b[0-9a-f]{32}\b", page)


@pytest.mark.stack
@pytest.mark.parametrize("meeting,topic", list(zip(PLAN.meetings, PLAN.subjects)))
def test_every_meeting_kind_reaches_the_printable_plan(stack, stack_database, meeting, topic):
    before = len(topic_rows(stack_database))
    person = start(stack, level="plain")
    page = make_plan(person, meeting, [topic], people=["advocate"], ways=["quiet_room"])["text"]
    assert page.startswith(f"{LABELS['plan']}.")
    assert f"{LABELS['meeting']}: {PLAN.meetings[meeting].title}." in page
    assert PLAN.subjects[topic].title in page and PLAN.ways["quiet_room"].on_plan in page
    rows = topic_rows(stack_database, at_least=before + 1)
    assert rows[before:] == [(f"plan_made:{meeting}", None, "widget", rows[-1][3])]


@pytest.mark.stack
def test_back_works_at_every_step(stack):
    person = start(stack, level="easy")
    person.press(LABELS["back"])
    assert person.at_step(1)  # the first step stays where it is
    person.press(PLAN.meetings["ward_round"].title)
    for topic in ("leave", "observation"):
        person.press(PLAN.subjects[topic].title)
    person.press(LABELS["next"])
    person.press(LABELS["next"])
    person.press(LABELS["next"])
    assert person.at_step(5) and PLAN.subjects["leave"].title in person.last["text"]
    person.press(LABELS["next"])
    assert PLAN.subjects["observation"].title in person.last["text"]
    person.press(LABELS["back"])
    assert person.at_step(5) and f"{PLAN.subjects['leave'].title}: 1" in person.last["text"]
    for number in (4, 3, 2, 1):
        person.press(LABELS["back"])
        assert person.at_step(number), person.last["text"]
    chosen = f"{LABELS['chosen']}: {PLAN.meetings['ward_round'].title}."
    assert chosen in person.last["text"]  # going back keeps what was chosen
    person.press(LABELS["next"])
    assert person.at_step(2) and f"{PLAN.subjects['leave'].title} ({LABELS['chosen_mark']})" in [
        b["title"] for b in person.last["buttons"]
    ]
    for _ in range(3):
        person.press(LABELS["next"])
    person.press(LABELS["next"])
    person.press(LABELS["finish"])
    page = person.last["text"]
    assert person.last["kind"] == "summary"
    for topic in ("leave", "observation"):
        for question in PLAN.subjects[topic].question_list("easy", LIBRARY.filled):
            assert question in page


@pytest.mark.stack
def test_every_step_has_back_next_stop_and_its_number(stack):
    person = start(stack)
    for number in (1, 2, 3, 4, 5):
        assert person.at_step(number)
        titles = [b["title"] for b in person.last["buttons"]]
        assert titles[-3:] == [LABELS["back"], LABELS["finish"] if number == 5 else LABELS["next"], LABELS["stop"]]
        if number == 1:
            person.press(PLAN.meetings["restriction"].title)
            person.press(PLAN.subjects["ward_rules"].title)
        else:
            person.press(LABELS["finish"] if number == 5 else LABELS["next"])
    assert person.last["kind"] == "summary"


@pytest.mark.stack
def test_a_crisis_mid_plan_gets_the_crisis_reply_and_the_plan_goes_on(stack):
    person = start(stack)
    person.press(PLAN.meetings["tribunal"].title)
    person.press(PLAN.subjects["going_home"].title)
    person.press(LABELS["next"])
    assert person.at_step(3)
    crisis = person.say("i want to die")
    assert "116 123" in crisis[0]["text"]
    assert person.at_step(3), person.last["text"]
    person.press(PLAN.people["family"].title)
    disclosure = person.say("a nurse hit me last night")
    assert any("safeguarding" in r["text"].lower() or "police" in r["text"].lower() for r in disclosure[:-1])
    assert person.at_step(3) and f"{LABELS['chosen']}: {PLAN.people['family'].title}." in person.last["text"]
    person.press(LABELS["next"])
    person.press(LABELS["next"])
    person.press(LABELS["finish"])
    assert person.last["kind"] == "summary" and PLAN.people["family"].on_plan in person.last["text"]


@pytest.mark.stack
def test_the_page_holds_only_what_was_chosen_and_no_id(stack):
    person = start(stack, level="detailed")
    page = make_plan(
        person,
        "cetr",
        ["kept_apart_or_held", "staff_talk"],
        people=["trusted_staff", "friend"],
        ways=["pictures", "speaks_for_me"],
    )["text"]
    state = PlanState(
        step="questions",
        meeting="cetr",
        chosen={
            "topics": ("kept_apart_or_held", "staff_talk"),
            "people": ("trusted_staff", "friend"),
            "ways": ("pictures", "speaks_for_me"),
        },
    )
    assert page == summary(state, "detailed", PLAN, LIBRARY.filled)
    assert person.session not in page
    assert_only_chosen(page, state)


@pytest.mark.stack
def test_typing_starts_the_plan_and_stop_forgets_it(stack):
    person = Person(stack)
    person.say("help me get ready for my ward round")
    assert person.at_step(1), person.last["text"]
    person.press(PLAN.meetings["care_review"].title)
    step = person.last
    person.press(LABELS["stop"])
    assert person.last["text"] == PLAN.messages["stopped"]
    person.press(LABELS["next"], reply=step)  # an old Next with no plan running: the topics, not a step
    assert person.last["text"] == LIBRARY.messages["menu"]


@pytest.mark.stack
def test_staff_can_start_it_with_the_patient_from_the_walk_through(stack, stack_database):
    before = len(topic_rows(stack_database))
    person = Person(stack)
    person.command("/walkthrough", "Walk through with someone")
    person.press(LABELS["start"])
    assert person.at_step(1) and PLAN.messages["with_staff"] in person.last["text"]
    make_plan(person, "ward_round", ["family_contact"])
    rows = topic_rows(stack_database, at_least=before + 1)
    assert rows[before:] == [("plan_made:ward_round", None, "walkthrough", rows[-1][3])]


@pytest.mark.stack
def test_a_fourth_topic_is_refused_with_a_reason(stack):
    person = start(stack)
    person.press(PLAN.meetings["complaint"].title)
    for topic in ("leave", "medicine", "school"):
        person.press(PLAN.subjects[topic].title)
    replies = person.press(PLAN.subjects["ward_rules"].title)
    assert replies[0]["text"] == PLAN.messages["three_already"]
    assert person.at_step(2) and PLAN.subjects["ward_rules"].title in [b["title"] for b in person.last["buttons"]]
