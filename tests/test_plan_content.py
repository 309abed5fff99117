"""The speak-up plan's content (content/plan/): complete, within each reading level's limits,
every section number and time limit covered by a claim, sources named, tips not quotes."""

from __future__ import annotations

import shutil

import pytest

from actions import readability
from actions.content import ContentError
from actions.plan_content import PLAN_DIR, STEPS, SUBJECTS, load_plan
from scripts import check_claims, check_content

PLAN = load_plan()
ROWS = check_content.check_plan(PLAN)
FILES = sorted(PLAN_DIR.rglob("*.yml"))


@pytest.mark.parametrize("name,level,variant,found,score", ROWS, ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in ROWS])
def test_plan_text_meets_its_level(name, level, variant, found, score):
    assert not found, f"{name} ({level}, {variant} contacts): {'; '.join(found)}"


def test_the_check_covers_every_step_meeting_subject_and_message():
    checked = {row[0] for row in ROWS}
    assert {f"plan/step/{s}" for s in STEPS} <= checked
    assert {f"plan/meeting/{m}" for m in PLAN.meetings} <= checked
    assert {f"plan/{s}" for s in SUBJECTS} <= checked
    assert {f"plan/message/{m}" for m in PLAN.messages} <= checked


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PLAN_DIR)) for p in FILES])
def test_every_section_and_time_limit_is_covered_by_a_claim(path):
    assert check_claims.problems(path) == []


def test_the_choices_the_issue_asks_for_in_its_order():
    assert [m.title for m in PLAN.meetings.values()] == [
        "Ward round",
        "Care plan or CPA review",
        "C(E)TR",
        "Tribunal or managers' hearing",
        "A meeting about a restriction",
        "A complaint meeting",
    ]
    assert list(PLAN.subjects) == list(SUBJECTS) and len(SUBJECTS) == 10
    assert [p.title for p in PLAN.people.values()] == [
        "An advocate",
        "Family",
        "A friend",
        "A member of staff I trust",
        "No one",
    ]
    assert [w.title for w in PLAN.ways.values()] == [
        "Easy read",
        "Someone speaks for me",
        "Writing it down",
        "Breaks",
        "A quiet room",
        "Pictures",
    ]


def test_each_subject_has_two_or_three_questions_a_right_a_tip_and_a_source_at_every_level():
    for subject in PLAN.subjects.values():
        assert len(subject.source) > 10 and subject.claims, subject.id
        assert 10 < len(subject.point_to) <= 70, subject.id  # the short name of the right, for the page
        for level in readability.LEVELS:
            assert 2 <= len(subject.question_list(level, {})) <= 3, (subject.id, level)
            assert all(q.endswith("?") for q in subject.question_list(level, {})), (subject.id, level)
            assert subject.part("right", level, {}) and subject.part("tip", level, {})
    assert all(len(m.source) > 10 for m in PLAN.meetings.values())


def test_tips_are_general_tips_never_quotes_from_real_people():
    assert PLAN.labels["tip"] == "A tip from young people and patients"
    for subject in PLAN.subjects.values():
        for level in readability.LEVELS:
            tip = subject.part("tip", level, {})
            assert not any(mark in tip for mark in '"“”‘'), (subject.id, level)
            assert not tip.lower().startswith(("i ", "my ", "we ")), (subject.id, level)  # not in a voice


def test_a_subject_with_four_questions_gets_a_clear_error(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, folder)
    leave = folder / "topics" / "leave.yml"
    leave.write_text(
        leave.read_text().replace(
            "    When will you look at my leave again?\n",
            "    When will you look at my leave again?\n    And a fourth?\n",
        )
    )
    with pytest.raises(ContentError, match="2 or 3 questions"):
        load_plan(folder)


def test_a_missing_subject_file_gets_a_clear_error(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, folder)
    (folder / "topics" / "school.yml").unlink()
    with pytest.raises(ContentError, match="one file for each"):
        load_plan(folder)


def test_an_id_used_at_two_steps_gets_a_clear_error(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, folder)
    choices = folder / "choices.yml"
    choices.write_text(choices.read_text().replace("id: breaks", "id: leave"))
    with pytest.raises(ContentError, match="its own id"):
        load_plan(folder)
