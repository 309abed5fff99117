"""Follow-ups, two-part questions and long stories through the running bot (gateway, Rasa and the
action server): each answered with the answer it needs, in at least 90% of the cases in
tests/conversations/ (written for testing, never trained on)."""

from __future__ import annotations

from typing import List, Tuple

import pytest

from actions import content
from scripts.evaluate import read_cases
from tests.helpers import chat

pytestmark = pytest.mark.stack

LIBRARY = content.library()
MINIMUM_RATE = 0.9  # issue 14's target for each set
# NOT MET YET (issue 14 stays open): each set is held to what this version measured on 2026-12-01,
# a little lower for run-to-run noise, so it cannot get worse unseen. Raise these as it improves.
FLOORS = {
    "follow_ups": 0.85,  # 0.875 (35 of 40)
    "two_part": 0.78,  # 0.812 (26 of 32) at 18:10; 0.844 (27 of 32) earlier that day
    "long_stories": 0.78,  # 0.879 (29 of 33)
}
ANSWERS = [e for e in LIBRARY.entries if LIBRARY.topics[LIBRARY.topic_of(e)].group != "safety"]


def answered(replies: List[dict]) -> List[str]:
    """The entries (topic or specific answer ids) a reply gave, in order: a whole answer is known
    by its text, a second question's short answer by its "Read the whole answer" button. The safety
    replies (a story that tells of harm gets the safeguarding reply first) are not answers to the
    question: tests/test_safety.py checks them."""
    found = []
    for reply in replies:
        text = reply["text"]
        full = next((e for e in ANSWERS if LIBRARY.choose(e, "plain")[1] == text), None)
        if full:
            found.append(full)
        elif text.startswith(LIBRARY.messages["also_asked"]):
            found.extend(b["payload"].split('"')[3] for b in reply["buttons"])
    return found


def send(stack, message: str, session_id=None) -> Tuple[str, List[str]]:
    response = chat(stack.gateway_url, message, session_id=session_id, reading_level="plain")
    assert response.status_code == 200, response.text
    body = response.json()
    return body["session_id"], answered(body["replies"])


def rate(misses: list, cases: list, name: str) -> float:
    value = 1 - len(misses) / len(cases)
    print(
        f"{name}: {value:.3f} ({len(cases) - len(misses)} of {len(cases)}), target {MINIMUM_RATE}, "
        f"held to {FLOORS.get(name, MINIMUM_RATE)}"
    )
    return value


def open_at(stack, entry: str) -> str:
    """A new conversation whose last answer is `entry`, reached as a person would: pressing the
    buttons the bot offers, from the topic menu (the gateway refuses a payload it did not offer)."""
    wanted = LIBRARY.choose(entry, "plain")[1]
    session, queue, pressed = None, ["/topic_menu"], set()
    entry_payload, topic_payload = (f'/faq{{"topic": "{e}"}}' for e in (entry, LIBRARY.topic_of(entry)))
    while queue and len(pressed) < 15:
        payload = queue.pop(0)
        pressed.add(payload)
        response = chat(stack.gateway_url, payload, session_id=session, reading_level="plain")
        body = response.json()
        session = body["session_id"]
        if wanted in [reply["text"] for reply in body["replies"]]:
            return session
        offered = [b["payload"] for reply in body["replies"] for b in reply.get("buttons") or []]
        # The entry itself first, then its topic, then the menu's groups and other answers.
        offered.sort(key=lambda p: (p != entry_payload, p != topic_payload, "topic_menu" not in p))
        queue = [p for p in offered if p not in pressed] + [p for p in queue if p not in offered]
    raise AssertionError(f"no buttons lead to {entry}")


def test_follow_ups_are_answered_about_the_last_answer(stack):
    cases, misses = read_cases("follow_ups"), []
    for case in cases:
        session = open_at(stack, case["after"])
        _, got = send(stack, case["say"], session)
        if got[:1] != [case["expect"]]:
            misses.append((case["say"], case["expect"], got))
    assert len(cases) >= 30
    assert rate(misses, cases, "follow_ups") >= FLOORS.get("follow_ups", MINIMUM_RATE), misses


def test_two_part_questions_get_both_answers(stack):
    cases, misses = read_cases("two_part"), []
    for case in cases:
        _, got = send(stack, case["say"])
        if got[:2] != case["expect"]:
            misses.append((case["say"], case["expect"], got))
    assert len(cases) >= 30
    assert rate(misses, cases, "two_part") >= FLOORS.get("two_part", MINIMUM_RATE), misses


def test_long_stories_are_answered_on_the_question_inside(stack):
    cases, misses = read_cases("long_stories"), []
    for case in cases:
        assert len(case["say"]) <= 1000
        _, got = send(stack, case["say"])
        if got[:1] not in ([e] for e in case["expect"].split("|")):
            misses.append((case["say"][:60], case["expect"], got))
    assert len(cases) >= 30 and len({c["voice"] for c in cases}) >= 5
    assert rate(misses, cases, "long_stories") >= FLOORS.get("long_stories", MINIMUM_RATE), misses


def test_second_question_gets_a_short_answer_and_a_button_to_the_whole_answer(stack):
    response = chat(
        stack.gateway_url, "how long can seclusion last, and can children be secluded?", reading_level="plain"
    )
    replies = [r for r in response.json()["replies"] if r["text"] != LIBRARY.messages["intro"]]
    assert replies[0]["text"] == LIBRARY.choose("seclusion_how_long", "plain")[1]
    second = replies[1]
    first_line = LIBRARY.choose("seclusion_children", "plain")[1].splitlines()[0]
    assert second["text"] == (
        f"{LIBRARY.messages['also_asked']} {LIBRARY.entry('seclusion_children').title}\n" f"{first_line}"
    )
    assert second["buttons"] == [
        {"title": LIBRARY.messages["read_whole_answer"], "payload": '/faq{"topic": "seclusion_children"}'}
    ]


def test_an_overview_offers_its_specific_questions_and_one_tap_gives_the_answer(stack):
    response = chat(stack.gateway_url, "what is seclusion", reading_level="plain")
    session, buttons = response.json()["session_id"], response.json()["replies"][-1]["buttons"]
    offered = [a.title for a in LIBRARY.offered("seclusion")]
    assert [b["title"] for b in buttons if b["title"] in offered] == offered
    tapped = next(b for b in buttons if b["title"] == offered[0])
    _, answer = send(stack, tapped["payload"], session)
    assert answer == [LIBRARY.offered("seclusion")[0].id]
