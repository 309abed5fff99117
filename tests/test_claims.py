"""Every legal claim is traceable: each answer file lists its claims, and every section number or
time limit its texts name is covered by one of them (scripts/check_claims.py does the checking)."""

from __future__ import annotations

import pytest

from actions import claims, content, walkthrough_content
from actions.claims import Claim
from scripts import check_claims

ANSWER_FILES = check_claims.answer_files()
IDS = [str(path.relative_to(content.CONTENT_DIR)) for path in ANSWER_FILES]


def test_answer_files_are_found_in_every_answer_folder():
    found = set(ANSWER_FILES)
    for folder in (content.TOPICS_DIR, walkthrough_content.WALKTHROUGH_DIR):
        files = set(folder.glob("*.yml"))
        assert files and files <= found, f"{folder}: not every file is checked for claims"
    assert content.MESSAGES_FILE not in found, "short messages are not answers"


@pytest.mark.parametrize("path", ANSWER_FILES, ids=IDS)
def test_answer_file_has_a_claims_list(path):
    error = check_claims.claims_error(check_claims.load(path), path)
    assert error is None, error


@pytest.mark.parametrize("path", ANSWER_FILES, ids=IDS)
def test_every_section_and_time_limit_named_is_covered_by_a_claim(path):
    missing = check_claims.uncovered(check_claims.load(path), path)
    assert not missing, f"{path}: add a claim (rule and source) that covers {', '.join(missing)}"


# actions/claims.py on small texts.


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Section 17 leave", {"17"}),
        ("under s5(2) or s5(4)", {"5"}),
        ("sections 135 and 136", {"135", "136"}),
        ("sections 2, 3 and 37", {"2", "3", "37"}),
        ("s132 and s58A", {"132", "58A"}),
        ("MCA ss35–39D", {"35", "39D"}),
        ("Mental Health Act 1983, s. 2(4)", {"2"}),
        ("section 2 and 72 hours", {"2"}),  # a time limit after "and" is not a section
        ("it's 2 hours away", set()),  # an apostrophe s is not a section
        ("Part 4 of the Act, in 1983", set()),
    ],
)
def test_section_numbers_in_their_usual_forms(text, expected):
    assert claims.sections(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("up to 28 days", {"28 days"}),
        ("a 28-day order", {"28 days"}),
        ("within six months", {"6 months"}),
        ("twelve months, or 3 years", {"12 months", "3 years"}),
        ("seventy-two hours or twenty eight days", {"72 hours", "28 days"}),
        ("within 1 hour, then one hour later", {"1 hour"}),
        ("a year or two", set()),  # no number before the unit: not a time limit
    ],
)
def test_time_limits_in_digits_and_words(text, expected):
    assert claims.time_limits(text) == expected


def test_a_claim_covers_a_section_in_its_rule_or_source_however_it_is_written():
    given = [
        Claim("Section 2 lasts up to 28 days.", "Mental Health Act 1983, s2(4)"),
        Claim("The nearest relative must get 72 hours' notice.", "Mental Health Act 1983, s25(1)"),
    ]
    text = ["You can be kept under section 2 for 28 days.", "Your nearest relative (s25) gives 72 hours notice."]
    assert claims.uncovered(text, given) == []
    assert claims.uncovered(["Under s3 it can be six months."], given) == ["section 3", "6 months"]


def test_a_time_limit_is_covered_only_by_a_rule_with_the_same_number_and_unit():
    given = [Claim("Section 5(2) lasts up to 72 hours.", "Mental Health Act 1983, s5(2)")]
    assert claims.uncovered(["It lasts up to 3 days."], given) == ["3 days"]
    assert claims.uncovered(["It lasts up to seventy-two hours."], given) == []
    # A time limit in the source alone does not count: the rule must state it.
    in_source = [Claim("The first review is soon.", "Code of Practice 2015, para 26.116 (1 hour)")]
    assert claims.uncovered(["Within 1 hour."], in_source) == ["1 hour"]


def test_claims_are_parsed_and_a_bad_list_gets_a_clear_error():
    parsed = claims.parse([{"rule": " Section 2 lasts up to 28 days. ", "source": "MHA 1983, s2(4)"}])
    assert parsed == (Claim("Section 2 lasts up to 28 days.", "MHA 1983, s2(4)"),)
    assert claims.parse([]) == ()
    with pytest.raises(claims.ClaimsError, match=r"missing claims \(use 'claims: \[\]'"):
        claims.parse(None)
    with pytest.raises(claims.ClaimsError, match="must be a list"):
        claims.parse({"rule": "x", "source": "y"})
    with pytest.raises(claims.ClaimsError, match="claim 2 needs both 'rule:' and 'source:'"):
        claims.parse([{"rule": "a", "source": "b"}, {"rule": "no source"}])


BAD_TOPIC = """topic: broken
title: Broken
group: rights
source: Mental Health Act 1983, section 2
reviewed: 2026-11-27
easy: You can be kept for 28 days.
plain: You can be kept for 28 days under section 2.
detailed: Section 2 lets a hospital keep you for up to 28 days.
claims:
  - rule: Section 2 lasts up to 28 days.
"""


def test_a_bad_claims_file_gets_a_clear_error(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text(BAD_TOPIC, encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"broken.yml: claim 1 needs both 'rule:' and 'source:'"):
        content.load_topics(tmp_path)
    assert check_claims.problems(path) == [f"{path}: claim 1 needs both 'rule:' and 'source:'"]
    path.write_text(BAD_TOPIC.replace("claims:\n  - rule: Section 2 lasts up to 28 days.\n", ""), encoding="utf-8")
    assert check_claims.problems(path) == [
        f"{path}: missing claims (use 'claims: []' if the answer states no legal rule)"
    ]
    assert check_claims.uncovered(check_claims.load(path), path) == ["section 2", "28 days"]


def test_a_good_claims_file_passes(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text(BAD_TOPIC + "    source: Mental Health Act 1983, s2(4)\n", encoding="utf-8")
    assert check_claims.problems(path) == []
    assert content.load_topics(tmp_path)["broken"].claims[0].source == "Mental Health Act 1983, s2(4)"
