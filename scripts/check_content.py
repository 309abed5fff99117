"""Checks every answer in content/topics/, content/questions/ and content/walkthrough/ against its
reading level's limits and prints the scores, with a warning for each answer whose review is over a
year old."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Optional

from actions import contacts, content, plan_content, readability, walkthrough_content

# Used only to check that answers still read well once a deployment fills in its contacts.
SAMPLE_CONTACTS = {
    "trust_name": "Example Valley NHS Foundation Trust",
    "pals_phone": "01234 567890",
    "advocacy_name": "Example Advocacy",
    "advocacy_phone": "01234 567891",
    "ward_phone": "01234 567892",
}


def variants():
    """The two ways a text can be filled in: national routes only, and with local contacts."""
    return {"national": contacts.sentences({}), "local": contacts.sentences(SAMPLE_CONTACTS)}


def check(topics) -> list:
    """Every (topic, level, variant, problems, score) row, for all topics."""
    rows = []
    filled_by_variant = variants()
    for topic in topics.values():
        for variant, filled in filled_by_variant.items():
            for level in readability.LEVELS:
                text = topic.text(level, filled)
                rows.append((topic.id, level, variant, readability.problems(text, level), readability.score(text)))
    return rows


def check_walkthrough(situations) -> list:
    """Every (situation/step, level, variant, problems, score) row, for the walk-through."""
    rows = []
    filled_by_variant = variants()
    for situation in situations.values():
        for variant, filled in filled_by_variant.items():
            for step in walkthrough_content.STEPS:
                for level in readability.LEVELS:
                    text = situation.text(step, level, filled)
                    rows.append(
                        (
                            f"{situation.id}/{step}",
                            level,
                            variant,
                            readability.problems(text, level),
                            readability.score(text),
                        )
                    )
    return rows


def a_year_before(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def review_warning(answer, today: Optional[dt.date] = None) -> Optional[str]:
    """A warning when an answer (topic or walk-through situation) was last reviewed more than a
    year ago. Not a failure: the text has not changed, but its facts need checking again."""
    if answer.reviewed >= a_year_before(today or dt.date.today()):
        return None
    return (
        f"WARNING {answer.id}: last reviewed {answer.reviewed:%d %B %Y}, over a year ago. "
        f"Check its facts against its sources, then update 'reviewed:'."
    )


def check_plan(plan) -> list:
    """Every (plan/part, level, variant, problems, score) row for the speak-up plan: each step,
    each meeting, each thing to talk about (questions, right and tip together), and the short
    messages (which are said at every level, so they must be easy read)."""
    rows = []
    for variant, filled in variants().items():
        for level in readability.LEVELS:
            texts = [(f"plan/step/{s}", plan.step_text(s, level, filled)) for s in plan_content.STEPS]
            texts += [(f"plan/meeting/{m.id}", m.about_text(level, filled)) for m in plan.meetings.values()]
            texts += [(f"plan/{s.id}", s.text(level, filled)) for s in plan.subjects.values()]
            for name, text in texts:
                rows.append((name, level, variant, readability.problems(text, level), readability.score(text)))
        for name, text in plan.messages.items():
            rows.append(
                (f"plan/message/{name}", "easy", variant, readability.problems(text, "easy"), readability.score(text))
            )
    return rows


def main(argv, today: Optional[dt.date] = None) -> int:
    topics = content.load_topics(check_related=False)
    topics.update(content.load_answers(topics))
    wanted = {a.rsplit("/", 1)[-1].removesuffix(".yml") for a in argv}
    if wanted:
        topics = {k: v for k, v in topics.items() if k in wanted}
    situations = walkthrough_content.load_situations()
    if wanted:
        situations = {k: v for k, v in situations.items() if k in wanted}
    failed = 0
    plan_rows = [
        row
        for row in check_plan(plan_content.load_plan())
        if not wanted or "plan" in wanted or row[0].rsplit("/", 1)[-1] in wanted
    ]
    for topic_id, level, variant, found, s in check(topics) + check_walkthrough(situations) + plan_rows:
        mark = "FAIL" if found else "ok"
        failed += bool(found)
        print(
            f"{mark:4} {topic_id:28} {level:8} {variant:8} ease {s.ease:5.1f} grade {s.grade:4.1f} "
            f"avg {s.avg_words:4.1f} longest {s.longest:2d}  {'; '.join(found)}"
        )
    warnings = [w for answer in [*topics.values(), *situations.values()] if (w := review_warning(answer, today))]
    for warning in warnings:
        print(warning)
    print(
        f"{len(topics)} topics and specific answers, {len(situations)} walk-through situations, {failed} failing checks, "
        f"{len(warnings)} review warning{'' if len(warnings) == 1 else 's'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
