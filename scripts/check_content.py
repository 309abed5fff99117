"""Checks every answer in content/topics/ and content/questions/ against its reading level's limits
and prints the scores."""

from __future__ import annotations

import sys

from actions import contacts, content, readability, walkthrough_content

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
                rows.append((topic.id, level, variant, readability.problems(text, level),
                             readability.score(text)))
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
                    rows.append((f"{situation.id}/{step}", level, variant,
                                 readability.problems(text, level), readability.score(text)))
    return rows


def main(argv) -> int:
    topics = content.load_topics(check_related=False)
    topics.update(content.load_answers(topics))
    wanted = {a.rsplit("/", 1)[-1].removesuffix(".yml") for a in argv}
    if wanted:
        topics = {k: v for k, v in topics.items() if k in wanted}
    situations = walkthrough_content.load_situations()
    if wanted:
        situations = {k: v for k, v in situations.items() if k in wanted}
    failed = 0
    for topic_id, level, variant, found, s in check(topics) + check_walkthrough(situations):
        mark = "FAIL" if found else "ok"
        failed += bool(found)
        print(f"{mark:4} {topic_id:28} {level:8} {variant:8} ease {s.ease:5.1f} grade {s.grade:4.1f} "
              f"avg {s.avg_words:4.1f} longest {s.longest:2d}  {'; '.join(found)}")
    print(f"{len(topics)} topics and specific answers, {len(situations)} walk-through situations, {failed} failing checks")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
