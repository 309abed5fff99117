"""`make content-report` writes a readable HTML table of every answer at every level."""

from __future__ import annotations

import html

from actions import content
from scripts import content_report


def test_report_lists_every_answer_with_its_source():
    topics = content.load_topics()
    page = content_report.render(topics)
    assert page.startswith("<!doctype html>") and "<html lang='en-GB'>" in page
    for topic in topics.values():
        assert html.escape(topic.title) in page
        assert html.escape(topic.source) in page
        assert f"{topic.reviewed:%d %B %Y}" in page
    assert page.count("<tr class=") == 3 * len(topics)
    assert "Needs work" not in page


def test_report_lists_each_specific_answer_under_its_topic():
    topics = content.load_topics()
    answers = content.load_answers(topics)
    page = content_report.render(topics, answers)
    assert page.count("<tr class=") == 3 * (len(topics) + len(answers))
    for answer in answers.values():
        caption = f"Specific answer: {html.escape(answer.title)}"
        assert caption in page and html.escape(answer.source) in page
        assert page.index(html.escape(topics[answer.topic].title)) < page.index(caption)
    assert "Needs work" not in page


def test_report_flags_an_answer_that_misses_a_limit():
    topics = content.load_topics()
    hard = ("Notwithstanding institutional considerations, multidisciplinary deliberations concerning "
            "individualised therapeutic interventions necessitate comprehensive documentation.")
    seclusion = topics["seclusion"]
    topics["seclusion"] = content.Topic(**{**seclusion.__dict__, "texts": {**seclusion.texts, "easy": hard}})
    page = content_report.render(topics)
    assert page.count("Needs work") == 1 and "1 level needing work" in page
