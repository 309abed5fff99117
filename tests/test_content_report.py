"""`make content-report` writes a readable HTML table of every answer at every level, with each
answer's legal claims beside it; reviews over a year old are a warning there and in check_content."""

from __future__ import annotations

import datetime as dt
import html

from actions import content, readability, walkthrough_content
from scripts import check_content, content_report

TOPICS = content.load_topics()
SITUATIONS = walkthrough_content.load_situations()


def test_report_lists_every_answer_with_its_source():
    page = content_report.render(TOPICS, SITUATIONS)
    assert page.startswith("<!doctype html>") and "<html lang='en-GB'>" in page
    for answer in [*TOPICS.values(), *SITUATIONS.values()]:
        assert html.escape(answer.title) in page
        assert html.escape(answer.source) in page
        assert f"{answer.reviewed:%d %B %Y}" in page
        assert f"Legal claims: {html.escape(answer.title)}</caption>" in page
    levels, steps = len(readability.LEVELS), len(walkthrough_content.STEPS)
    assert page.count('<tr class="') == levels * len(TOPICS) + steps * levels * len(SITUATIONS)
    assert "Needs work" not in page


def test_report_lists_each_specific_answer_under_its_topic():
    topics = content.load_topics()
    answers = content.load_answers(topics)
    page = content_report.render(topics, answers=answers)
    assert page.count("<tr class=") == 3 * (len(topics) + len(answers))
    for answer in answers.values():
        caption = f"Specific answer: {html.escape(answer.title)}"
        assert caption in page and html.escape(answer.source) in page
        assert page.index(html.escape(topics[answer.topic].title)) < page.index(caption)
    assert "Needs work" not in page


def test_report_flags_an_answer_that_misses_a_limit():
    topics = dict(TOPICS)
    hard = (
        "Notwithstanding institutional considerations, multidisciplinary deliberations concerning "
        "individualised therapeutic interventions necessitate comprehensive documentation."
    )
    seclusion = topics["seclusion"]
    topics["seclusion"] = content.Topic(**{**seclusion.__dict__, "texts": {**seclusion.texts, "easy": hard}})
    page = content_report.render(topics)
    assert page.count("Needs work") == 1 and "1 level needing work" in page


ANSWER = """topic: {name}
title: Being kept under section 2
group: rights
source: Mental Health Act 1983, section 2
reviewed: 2026-11-27
easy: You can be kept for 28 days.
plain: You can be kept for 28 days under section 2.
detailed: Section 2 lets a hospital keep you for up to 28 days. Then you may go on to section 3.
"""


def test_report_shows_each_claim_beside_its_answer_with_a_tick_box(tmp_path):
    (tmp_path / "kept.yml").write_text(
        ANSWER.format(name="kept")
        + (
            "claims:\n"
            "  - rule: Section 2 lasts up to 28 days.\n"
            "    source: Mental Health Act 1983, s2(4)\n"
            "  - rule: You can be <told> why.\n"
            "    source: Mental Health Act 1983, s132\n"
        ),
        encoding="utf-8",
    )
    (tmp_path / "bare.yml").write_text(
        ANSWER.format(name="bare").replace("title: Being", "title: Bare, being"), encoding="utf-8"
    )
    page = content_report.render(content.load_topics(tmp_path, check_related=False))
    kept = page[page.index("Legal claims: Being kept under section 2</caption>") :]
    first = kept.index("Section 2 lasts up to 28 days.")
    assert kept.index("<input type='checkbox' aria-label='Checked: claim 1'>") < first
    assert kept.index("Mental Health Act 1983, s2(4)") > first
    assert "You can be &lt;told&gt; why." in kept  # claims are escaped like every other text
    assert "Not covered by any claim: section 3" in kept.split("</table>")[0]
    assert "No claims list: missing claims" in page
    assert "2 legal claims to check" in page and "2 answers with claims missing" in page


def test_an_answer_that_states_no_legal_rule_says_so(tmp_path):
    (tmp_path / "hello.yml").write_text(
        "topic: hello\ntitle: Hello\ngroup: conversation\nsource: Speak Up service information\n"
        "reviewed: 2026-11-27\neasy: Hello.\nplain: Hello.\ndetailed: Hello.\nclaims: []\n",
        encoding="utf-8",
    )
    page = content_report.render(content.load_topics(tmp_path, check_related=False))
    assert "This answer states no legal rule (claims: [])." in page and "0 answers with claims missing" in page


def test_reviews_older_than_a_year_are_a_warning_not_a_failure(capsys):
    seclusion = TOPICS["seclusion"]
    in_time = seclusion.reviewed.replace(year=seclusion.reviewed.year + 1)
    late = in_time + dt.timedelta(days=1)
    assert check_content.review_warning(seclusion, in_time) is None
    warning = check_content.review_warning(seclusion, late)
    assert warning.startswith("WARNING seclusion: last reviewed") and "over a year ago" in warning
    page = content_report.render({"seclusion": seclusion}, today=late)
    assert html.escape(warning) in page and "1 review warning:" in page and "Needs work" not in page
    assert "0 review warnings" in content_report.render({"seclusion": seclusion}, today=in_time)
    # check_content prints the warning and still passes.
    assert check_content.main(["seclusion", "held"], today=late) == 0
    printed = capsys.readouterr().out
    assert "WARNING seclusion:" in printed and "WARNING held:" in printed and "2 review warnings" in printed
