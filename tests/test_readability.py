"""Every text Speak Up can say meets its reading level's limits (textstat) and names its
source, and the generated retrieval responses are up to date."""

from __future__ import annotations

import pytest
import yaml

from actions import content, readability, walkthrough_content
from bot.settings import ROOT
from scripts import build_responses, check_content

TOPICS = content.load_topics()
ANSWERS = content.load_answers(TOPICS)
CHECKS = check_content.check({**TOPICS, **ANSWERS})


@pytest.mark.parametrize("topic_id,level,variant,found,score", CHECKS, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CHECKS])
def test_answer_meets_its_level(topic_id, level, variant, found, score):
    assert not found, f"{topic_id} ({level}, {variant} contacts): {'; '.join(found)}"


WALKTHROUGH = check_content.check_walkthrough(walkthrough_content.load_situations())


@pytest.mark.parametrize(
    "step,level,variant,found,score", WALKTHROUGH, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in WALKTHROUGH]
)
def test_walkthrough_step_meets_its_level(step, level, variant, found, score):
    assert not found, f"{step} ({level}, {variant} contacts): {'; '.join(found)}"


# Messages are checked as they are said: filled with the national routes and with local contacts,
# as for topics. Button labels and titles (under 5 words) are too short to score, so they are left out.
# The walk-through's step titles are said only inside the step heading, which is scored with each.
STEP_TITLE_NAMES = {f"walkthrough_step_{step}" for step in walkthrough_content.STEPS}
EXAMPLE_STEP = {"title": "Being held", "number": 1, "count": 4, "step": "What it is"}
SCORED_MESSAGES = sorted(
    (name, variant, text)
    for variant, filled in check_content.variants().items()
    for name, text in (
        (n, t.format(seconds=30, choices="easy, plain or detailed", **EXAMPLE_STEP))
        for n, t in content.fill_messages(content.load_messages(), filled).items()
    )
    if len(text.split()) >= 5 and name not in STEP_TITLE_NAMES
)


@pytest.mark.parametrize("step", walkthrough_content.STEPS)
def test_each_walkthrough_step_heading_is_easy_read(step):
    messages = content.library().messages
    for situation in walkthrough_content.situations().values():
        heading = walkthrough_content.step_heading(messages, situation, step)
        assert not readability.problems(heading, "easy"), heading


@pytest.mark.parametrize("name,variant,text", SCORED_MESSAGES, ids=[f"{m[0]}-{m[1]}" for m in SCORED_MESSAGES])
def test_short_messages_are_easy_read(name, variant, text):
    assert "{" not in text, f"{name} ({variant} contacts): a placeholder was not filled"
    assert not readability.problems(text, "easy"), f"{name} ({variant} contacts)"


def test_a_message_with_an_unknown_placeholder_gets_a_clear_error():
    with pytest.raises(content.ContentError, match="unknown placeholder 'advocate_phone' in menu"):
        content.fill_messages({"menu": "Call {advocate_phone}."}, check_content.variants()["national"])


def _domain_texts():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for name, variations in domain["responses"].items():
        for variation in variations:
            yield name, variation["text"]


@pytest.mark.parametrize("name,text", list(_domain_texts()))
def test_domain_responses_are_easy_read(name, text):
    assert not readability.problems(text, "easy"), name


def test_generated_responses_are_up_to_date():
    assert (
        build_responses.OUTPUT.read_text(encoding="utf-8") == build_responses.render()
    ), "data/responses/faq.yml is out of date: run `python -m scripts.build_responses`"


def test_every_retrieval_topic_has_training_and_held_out_questions():
    for topic in TOPICS.values():
        if topic.group in build_responses.NOT_RETRIEVAL_GROUPS:
            continue
        assert (ROOT / "data" / "nlu" / "faq" / f"{topic.id}.yml").exists(), topic.id
        assert (ROOT / "tests" / "nlu_heldout" / f"{topic.id}.yml").exists(), topic.id


def test_bad_content_gets_a_clear_error(tmp_path):
    (tmp_path / "broken.yml").write_text("topic: other\ntitle: x\n")
    with pytest.raises(content.ContentError, match="missing"):
        content.load_topics(tmp_path)


def test_every_answer_names_its_source():
    """Review dates are not checked here: one over a year old is a warning in the content report
    and in scripts.check_content (tests/test_content_report.py), not a failure."""
    national = check_content.variants()["national"]
    for topic in [*TOPICS.values(), *ANSWERS.values()]:
        assert len(topic.source) > 10, topic.id
        assert f"Source: {topic.source.rstrip('.')}" in topic.text("detailed", national)
    for situation in walkthrough_content.load_situations().values():
        assert len(situation.source) > 10, situation.id
