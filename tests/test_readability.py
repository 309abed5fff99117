"""Every text Speak Up can say meets its reading level's limits (textstat), and is up to date."""

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


@pytest.mark.parametrize("step,level,variant,found,score", WALKTHROUGH,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in WALKTHROUGH])
def test_walkthrough_step_meets_its_level(step, level, variant, found, score):
    assert not found, f"{step} ({level}, {variant} contacts): {'; '.join(found)}"


@pytest.mark.parametrize("name,text", sorted(content.load_messages().items()))
def test_short_messages_are_easy_read(name, text):
    if len(text.split()) < 5:  # button labels and titles: too short to score
        return
    assert not readability.problems(text, "easy"), name


def _domain_texts():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for name, variations in domain["responses"].items():
        for variation in variations:
            yield name, variation["text"]


@pytest.mark.parametrize("name,text", list(_domain_texts()))
def test_domain_responses_are_easy_read(name, text):
    assert not readability.problems(text, "easy"), name


def test_generated_responses_are_up_to_date():
    assert build_responses.OUTPUT.read_text(encoding="utf-8") == build_responses.render(), (
        "data/responses/faq.yml is out of date: run `python -m scripts.build_responses`"
    )


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


def test_every_answer_names_its_source_and_a_recent_review():
    import datetime as dt

    year_ago = dt.date.today() - dt.timedelta(days=366)
    for topic in [*TOPICS.values(), *ANSWERS.values()]:
        assert len(topic.source) > 10, topic.id
        assert topic.reviewed >= year_ago, f"{topic.id}: last reviewed {topic.reviewed}, review it again"
        assert f"Source: {topic.source.rstrip('.')}" in topic.text("detailed", {k: "" for k in ("advocacy_contact", "pals_contact", "ward_contact")})
