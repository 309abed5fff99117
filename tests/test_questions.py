"""Specific answers (content/questions/): loading, training data, the buttons an overview offers,
finding the questions inside a message, and choosing the answer from Rasa's parse."""

from __future__ import annotations

import pytest
import yaml

from actions import content, replies, understanding
from addons.question_parts import clauses, question_parts
from bot.settings import ROOT
from scripts import check_claims
from tests.helpers import faq_output

LIBRARY = content.library()
ANSWERS = LIBRARY.answers
# Topics with their specific answers written (issue 14): six each at least.
WITH_SPECIFIC_ANSWERS = (
    "seclusion",
    "physical_restraint",
    "long_term_segregation",
    "rapid_tranquillisation",
    "enhanced_observation",
    "blanket_restrictions",
)


def training_examples(intent: str):
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if block.get("intent") == intent:
                yield from (line[2:] for line in block["examples"].splitlines() if line.strip().startswith("- "))


def test_topics_with_specific_answers_have_six_each():
    for topic in WITH_SPECIFIC_ANSWERS:
        assert len(LIBRARY.questions(topic)) >= 6, topic


@pytest.mark.parametrize("answer_id", sorted(ANSWERS))
def test_each_specific_answer_has_twelve_training_phrasings_and_claims(answer_id):
    answer = ANSWERS[answer_id]
    assert len(set(training_examples(f"faq/{answer_id}"))) >= 12
    assert answer.claims and not check_claims.problems(answer.path)
    # An old review date is a warning in the content report (scripts/check_content.py), not a
    # failure: the same content must not start failing a year later with no change.
    assert answer.title.endswith("?") and answer.group == LIBRARY.topics[answer.topic].group


def test_every_aspect_has_follow_up_phrasings():
    for aspect in content.load_aspects():
        assert len(set(training_examples(f"follow_up/{aspect}"))) >= 10, aspect


def test_an_answer_in_the_wrong_folder_or_with_an_unknown_aspect_is_refused(tmp_path):
    folder = tmp_path / "seclusion"
    folder.mkdir()
    text = (
        "answer: seclusion_x\ntopic: {topic}\nquestion: Why?\naspect: {aspect}\nsource: a source\n"
        "reviewed: 2026-12-01\nclaims: []\neasy: a.\nplain: b.\ndetailed: c.\n"
    )
    (folder / "seclusion_x.yml").write_text(text.format(topic="imha", aspect="how_long"))
    with pytest.raises(content.ContentError, match="folder"):
        content.load_answers(LIBRARY.topics, tmp_path)
    (folder / "seclusion_x.yml").write_text(text.format(topic="seclusion", aspect="weather"))
    with pytest.raises(content.ContentError, match="aspect must be one of"):
        content.load_answers(LIBRARY.topics, tmp_path)
    (folder / "seclusion_x.yml").write_text(text.format(topic="seclusion", aspect="how_long"))
    (folder / "seclusion_y.yml").write_text(text.format(topic="seclusion", aspect="how_long").replace("_x", "_y"))
    with pytest.raises(content.ContentError, match="already answers 'how_long'"):
        content.load_answers(LIBRARY.topics, tmp_path)


def test_overview_offers_its_most_asked_questions_and_keeps_its_other_buttons():
    _, _, buttons = replies.answer(LIBRARY, "seclusion", "plain")
    titles = [b["title"] for b in buttons]
    offered = [a.title for a in LIBRARY.offered("seclusion")]
    assert 3 <= len(offered) <= 4 and titles[2 : 2 + len(offered)] == offered
    assert titles[:2] == ["Easier words", "More detail"] and "Who can help?" in titles
    assert len(buttons) <= replies.MAX_BUTTONS


def test_specific_answer_offers_other_questions_and_its_overview():
    _, text, buttons = replies.answer(LIBRARY, "seclusion_room", "easy")
    assert text == LIBRARY.entry("seclusion_room").text("easy", LIBRARY.filled)
    titles = [b["title"] for b in buttons]
    assert LIBRARY.topics["seclusion"].title in titles and "Being kept apart" not in titles[0]
    assert LIBRARY.entry("seclusion_room").title not in titles


@pytest.mark.parametrize(
    "text,parts",
    [
        ("what is seclusion", []),
        (
            "can they search my room, and can I see what they wrote about it?",
            ["can they search my room", "can I see what they wrote about it?"],
        ),
        ("what is seclusion and how long can it go on", ["what is seclusion", "how long can it go on"]),
        ("can they search my room and take my phone?", []),
        (
            "My son is 15. He was put in a room on his own. How long can they keep him there?",
            ["How long can they keep him there?"],
        ),
        ("I am so worried. Nobody tells me anything.", []),
        ('/faq{"topic": "seclusion"}', []),
    ],
)
def test_question_parts(text, parts):
    assert question_parts(text) == parts


def test_clauses_split_sentences_and_joined_questions():
    assert clauses("Hi. Who decides? And how often is it reviewed") == [
        "Hi.",
        "Who decides?",
        "And how often is it reviewed",
    ]


def parse(intent="faq", faq=None, follow_up=None, parts=None):
    selectors = {}
    if faq:
        selectors["faq"] = faq_output(*faq[0], confidence=faq[1])
    if follow_up:
        selectors["follow_up"] = faq_output(*follow_up[0], confidence=follow_up[1], prefix="follow_up")
    message = {"intent": {"name": intent, "confidence": 0.9}, "response_selector": selectors}
    if parts is not None:
        message["question_parts"] = parts
    return message


def entries(message, last=None):
    return [u.entry for u in understanding.understand(LIBRARY, message, last)]


def test_a_sure_specific_answer_is_given():
    assert entries(parse(faq=(("seclusion_how_long", "seclusion"), 0.8))) == ["seclusion_how_long"]


def test_a_sure_topic_with_an_unsure_answer_gives_the_overview_not_did_you_mean():
    # seclusion_how_long 0.25, seclusion_review and seclusion 0.075 each: the topic has 0.4 in all.
    message = parse(faq=(("seclusion_how_long", "seclusion_review", "seclusion"), 0.25))
    assert entries(message) == ["seclusion"]


def test_the_aspect_heard_picks_the_answer_within_a_sure_topic():
    message = parse(faq=(("seclusion", "long_term_segregation"), 0.4), follow_up=(("children", "why"), 0.8))
    assert entries(message) == ["seclusion_children"]


def test_an_unsure_topic_asks_did_you_mean_with_the_best_guesses():
    found = understanding.understand(LIBRARY, parse(faq=(("imha", "pals"), 0.2)))
    assert [u.entry for u in found] == [None] and found[0].guesses == ("imha", "pals")


def test_follow_up_is_answered_about_the_last_answers_topic():
    message = parse(intent="follow_up", faq=(("young_people",), 0.5), follow_up=(("children",), 0.9))
    assert entries(message, last="seclusion_how_long") == ["seclusion_children"]
    assert entries(message, last="physical_restraint") == ["physical_restraint_children"]
    # No answer on that aspect for the topic followed: its overview.
    family = parse(intent="follow_up", follow_up=(("family",), 0.9))
    assert entries(family, last="physical_restraint") == ["physical_restraint"]
    # Nothing to follow: the words alone decide.
    assert entries(message) == ["young_people"]


def test_two_part_question_gives_both_answers_and_a_follow_up_part_follows_the_first():
    first = parse(faq=(("seclusion",), 0.9))
    second = parse(intent="follow_up", follow_up=(("how_long",), 0.9))
    message = parse(faq=(("seclusion",), 0.6), parts=[first, second])
    assert entries(message) == ["seclusion", "seclusion_how_long"]


def test_a_story_with_one_question_follows_what_the_whole_story_is_about():
    question = parse(intent="follow_up", follow_up=(("children",), 0.9))
    story = parse(faq=(("physical_restraint",), 0.8), parts=[question])
    assert entries(story, last="seclusion") == ["physical_restraint_children"]


def test_parts_that_are_not_understood_fall_back_to_the_whole_message():
    unclear = parse(intent="nlu_fallback", faq=(("pals",), 0.1))
    story = parse(faq=(("rapid_tranquillisation",), 0.8), parts=[unclear])
    assert entries(story) == ["rapid_tranquillisation"]


def test_a_part_that_asks_nothing_more_is_left_out():
    vague = parse(intent="follow_up", follow_up=(("general",), 0.9))
    question = parse(faq=(("rapid_tranquillisation_children",), 0.8))
    story = parse(faq=(("rapid_tranquillisation",), 0.8), parts=[vague, question])
    assert entries(story) == ["rapid_tranquillisation_children"]


def test_a_story_gives_the_topic_and_its_one_question_the_aspect():
    question = parse(faq=(("right_to_information",), 0.7), follow_up=(("why",), 0.8))
    story = parse(faq=(("seclusion",), 0.8), parts=[question])
    assert entries(story) == ["seclusion_why"]


def joined(whole_intent: str, whole_safety: dict, part_intent: str, part_safety: dict):
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from addons.question_parts import PART_FLAG, QuestionJoiner

    whole = Message(data={TEXT: "whole"})
    whole.set(INTENT, {"name": whole_intent, "confidence": 1.0})
    whole.set("safety", whole_safety)
    part = Message(data={TEXT: "part", PART_FLAG: True})
    part.set(INTENT, {"name": part_intent, "confidence": 0.9})
    part.set("safety", part_safety)
    out = QuestionJoiner().process([whole, part])
    assert len(out) == 1
    return out[0]


def test_joining_keeps_distress_and_the_kind_found_in_the_whole_message():
    """'tired of it all. whats pals': the whole message is distress; its question is an ordinary
    question. The distress reply must not be swallowed by the question's answer."""
    distress = {"kind": "distress", "about": "self", "disclosure": None, "asked": True, "layers": ["semantic"]}
    message = joined("distress", distress, "faq", {"kind": None, "disclosure": None, "asked": True, "layers": []})
    assert message.get("intent")["name"] == "distress"
    assert message.get("safety")["kind"] == "distress"
    assert message.get("safety")["asked"] is True


def test_joining_takes_a_more_serious_kind_or_a_disclosure_from_a_question():
    calm = {"kind": "mention", "about": "self", "disclosure": None, "who": "self", "asked": False, "layers": []}
    worse = {
        "kind": "imminent",
        "about": "other",
        "crisis": True,
        "disclosure": "physical",
        "who": "family",
        "injury": True,
        "crime": True,
        "safeguarding": True,
        "asked": True,
        "layers": ["patterns"],
    }
    message = joined("faq", calm, "crisis", worse)
    assert message.get("intent")["name"] == "crisis"
    flags = message.get("safety")
    assert (flags["kind"], flags["about"], flags["disclosure"], flags["who"]) == (
        "imminent",
        "other",
        "physical",
        "family",
    )
    assert flags["asked"] is True and flags["layers"] == ["patterns"]
