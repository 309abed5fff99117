"""The safety actions on the real content, with rasa-sdk trackers: the reply policy of issue 13."""

from __future__ import annotations

from actions import content
from actions.answers import ActionAnswer
from actions.safety import ActionCrisis, ActionDistress, ActionSafeguarding
from tests.helpers import run, topic_rows, tracker

LIBRARY = content.library()


def with_safety(a_tracker, **flags):
    a_tracker.latest_message["safety"] = {
        "kind": None,
        "about": "self",
        "disclosure": None,
        "who": "self",
        "injury": False,
        "crime": False,
        "asked": False,
        **flags,
    }
    a_tracker.latest_message["safety"]["safeguarding"] = bool(a_tracker.latest_message["safety"]["disclosure"])
    return a_tracker


def plain(topic_id):
    return LIBRARY.topics[topic_id].text("plain", LIBRARY.filled)


async def test_imminent_gets_the_crisis_reply_alone_even_when_a_question_was_asked(database_url):
    messages, _ = await run(
        ActionCrisis(), with_safety(tracker("crisis", topic="section_17_leave"), kind="imminent", asked=True)
    )
    assert [m["text"] for m in messages] == [plain("crisis")]
    assert [row[0] for row in topic_rows(database_url)] == ["crisis"]


async def test_someone_else_in_danger_gets_call_999_and_ring_the_ward(database_url):
    messages, _ = await run(ActionCrisis(), with_safety(tracker("crisis"), kind="imminent", about="other"))
    assert messages[0]["text"] == plain("someone_in_danger")
    assert "999" in messages[0]["text"] and "ring the ward" in messages[0]["text"]


async def test_distress_gets_the_helplines_then_the_answer_to_the_question(database_url):
    a_tracker = with_safety(tracker("distress", topic="tribunal"), kind="distress", asked=True)
    messages, events = await run(ActionDistress(), a_tracker)
    texts = [m["text"] for m in messages]
    assert texts[0] == f"{LIBRARY.messages['distress_opening']}\n{plain('crisis')}"
    assert texts[1] == LIBRARY.messages["safety_then_answer"] and texts[2] == plain("tribunal")
    assert {"event": "slot", "name": "topic", "value": "tribunal", "timestamp": None} in events
    assert [row[0] for row in topic_rows(database_url)] == ["distress", "tribunal"]


async def test_distress_without_a_question_gets_no_answer(database_url):
    messages, _ = await run(ActionDistress(), with_safety(tracker("distress", topic="tribunal"), kind="distress"))
    assert len(messages) == 1


async def test_an_unsure_question_beside_distress_offers_two_topics(database_url):
    unsure = tracker("distress", ranking=("seclusion", "long_term_segregation"), confidence=0.1)
    messages, _ = await run(ActionDistress(), with_safety(unsure, kind="distress", asked=True))
    assert messages[1]["text"] == LIBRARY.messages["safety_question_guess"]
    assert [b["title"] for b in messages[1]["buttons"]][:2] == [
        LIBRARY.topics["seclusion"].title,
        LIBRARY.topics["long_term_segregation"].title,
    ]


async def test_the_safeguarding_reply_matches_who_is_telling(database_url):
    for who, topic in (
        ("self", "safeguarding"),
        ("family", "safeguarding_family"),
        ("witness", "safeguarding_witness"),
        ("staff", "safeguarding_staff"),
    ):
        a_tracker = with_safety(tracker("safeguarding"), disclosure="physical", who=who)
        messages, _ = await run(ActionSafeguarding(), a_tracker)
        assert messages[0]["text"] == plain(topic), who
    staff = plain("safeguarding_staff")
    for route in ("Freedom to Speak Up Guardian", "safeguarding lead", "Care Quality Commission"):
        assert route in staff
    assert set(row[0] for row in topic_rows(database_url)) == {"safeguarding"}


async def test_an_injury_and_a_crime_add_their_lines_and_a_question_is_answered(database_url):
    a_tracker = with_safety(
        tracker("safeguarding", topic="physical_restraint"),
        disclosure="restraint_injury",
        injury=True,
        crime=False,
        asked=True,
    )
    texts = [m["text"] for m in (await run(ActionSafeguarding(), a_tracker))[0]]
    assert texts[:2] == [plain("safeguarding"), LIBRARY.messages["safeguarding_injury"]]
    assert plain("physical_restraint") in texts
    theft = with_safety(tracker("safeguarding"), disclosure="financial", crime=True)
    texts = [m["text"] for m in (await run(ActionSafeguarding(), theft))[0]]
    assert LIBRARY.messages["safeguarding_crime"] in texts


async def test_a_mention_gets_the_answer_then_one_short_line(database_url):
    a_tracker = with_safety(tracker("faq", topic="environmental_restrictions"), kind="mention", asked=True)
    messages, _ = await run(ActionAnswer(), a_tracker)
    assert [m["text"] for m in messages] == [plain("environmental_restrictions"), LIBRARY.messages["mention_line"]]
    assert [row[0] for row in topic_rows(database_url)] == ["environmental_restrictions", "mention"]


async def test_a_figure_of_speech_gets_the_answer_and_no_line(database_url):
    a_tracker = with_safety(tracker("faq", topic="blanket_restrictions"), kind="figurative", asked=True)
    messages, _ = await run(ActionAnswer(), a_tracker)
    assert [m["text"] for m in messages] == [plain("blanket_restrictions")]
