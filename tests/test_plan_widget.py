"""The speak-up plan in Debian's chromium (Playwright): made by keyboard only, printed with the
person's choices and a space to write or draw, on one page, with 0 axe violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from actions import content
from actions.plan_content import STEPS, plan
from bot.settings import ROOT
from tests.browser_checks import ANSWER_TIMEOUT, SCREENSHOTS, assert_no_axe_violations, last_bot

pytestmark = [pytest.mark.stack, pytest.mark.browser]

PLAN = plan()
LABELS = PLAN.labels
LIBRARY = content.library()

FOCUS = """() => { const a = document.activeElement; const bots = document.querySelectorAll('.su-message--bot');
  const last = bots[bots.length - 1];
  const text = a.labels && a.labels.length ? a.labels[0].textContent : a.textContent;
  return {text: (text || '').trim(), id: a.id, inLast: !!(last && last.contains(a))}; }"""


def heading(number: int) -> str:
    return f"{LABELS['step']} {number} {LABELS['of']} {len(STEPS)}: "


def tab_to(page, title: str, in_last: bool = True, most: int = 120) -> None:
    """Press Tab until the button with this text has the focus (in the newest bot message)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused["text"] == title and (focused["inLast"] or not in_last):
            return
    raise AssertionError(f"Tab never reached {title!r}")


def key_press(page, title: str, then: str) -> None:
    """Tab to a button of the newest message, press Enter, and wait for the reply."""
    tab_to(page, title)
    page.keyboard.press("Enter")
    expect(last_bot(page)).to_contain_text(then, timeout=ANSWER_TIMEOUT)


def chosen(title: str) -> str:
    return f"{title} ({LABELS['chosen_mark']})"


def printed_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def print_view(page, target) -> None:
    """What "Print summary" does, kept in place so Chromium can print it to PDF."""
    target.evaluate("m => { m.classList.add('su-print-target'); document.body.classList.add('su-printing'); }")


def test_the_whole_plan_by_keyboard_only_then_printed(page):
    tab_to(page, "Options", in_last=False)  # the reading level, in the Options panel, by keyboard
    page.keyboard.press("Enter")
    tab_to(page, "Plain words", in_last=False)  # one to the left is easy read
    page.keyboard.press("ArrowLeft")
    assert page.get_by_label("Easy read").is_checked()
    tab_to(page, "Done", in_last=False)
    page.keyboard.press("Enter")
    tab_to(page, "Topics", in_last=False)
    page.keyboard.press("Enter")
    expect(last_bot(page)).to_contain_text(LIBRARY.messages["menu"], timeout=ANSWER_TIMEOUT)
    key_press(page, LABELS["start"], heading(1))
    assert_no_axe_violations(page, "plan step 1")
    key_press(page, PLAN.meetings["tribunal"].title, heading(2))
    key_press(page, PLAN.subjects["going_home"].title, chosen(PLAN.subjects["going_home"].title))
    key_press(page, PLAN.subjects["medicine"].title, chosen(PLAN.subjects["medicine"].title))
    key_press(page, LABELS["next"], heading(3))
    key_press(page, PLAN.people["advocate"].title, chosen(PLAN.people["advocate"].title))
    key_press(page, LABELS["next"], heading(4))
    key_press(page, PLAN.ways["easy_read"].title, chosen(PLAN.ways["easy_read"].title))
    key_press(page, PLAN.ways["breaks"].title, chosen(PLAN.ways["breaks"].title))
    key_press(page, LABELS["next"], PLAN.subjects["going_home"].title)
    assert last_bot(page).locator(".su-idea").count() >= 5  # easy read: an icon beside each idea
    key_press(page, LABELS["back"], heading(4))  # Back by keyboard, then on again
    key_press(page, LABELS["next"], PLAN.subjects["going_home"].title)
    key_press(page, LABELS["next"], PLAN.subjects["medicine"].title)
    assert_no_axe_violations(page, "plan step 5")
    key_press(page, LABELS["finish"], LABELS["plan"])
    summary = last_bot(page)
    assert_no_axe_violations(page, "the plan")

    page.evaluate(
        "() => { window.print = () => {"
        " window.__printed = document.querySelector('.su-print-target').innerText; }; }"
    )
    tab_to(page, "Print summary")
    page.keyboard.press("Enter")
    printed = page.evaluate("window.__printed")
    expected = [
        f"{LABELS['meeting']}: {PLAN.meetings['tribunal'].title}.",
        PLAN.subjects["going_home"].title,
        PLAN.subjects["medicine"].title,
        PLAN.people["advocate"].on_plan,
        PLAN.ways["easy_read"].on_plan,
        PLAN.ways["breaks"].on_plan,
        *PLAN.subjects["medicine"].question_list("easy", LIBRARY.filled),
    ]
    for words in expected:
        assert words in printed, words
    for other in ("ward_rules", "leave", "school"):
        assert f"\n{PLAN.subjects[other].title}.\n" not in f"\n{printed}\n"

    print_view(page, summary)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(SCREENSHOTS / "plan-printed.pdf"), format="A4", print_background=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(SCREENSHOTS / "plan-printed.png"), full_page=True)
    notes = summary.evaluate("m => getComputedStyle(m, '::after').content")
    assert "My notes and drawings" in notes  # the space to write or draw, on the printed copy only
    page.emulate_media(media="screen")
    assert printed_pages(pdf) == 1, "the easy-read plan with two things to talk about fits on one page"
    assert summary.evaluate("m => getComputedStyle(m, '::after').content") in ("none", "normal")


@pytest.mark.parametrize("level", ["Easy read", "More detail"])
def test_the_longest_plan_still_prints_on_one_page(page, level):
    """Three things to talk about (the longest three), everyone and every way."""
    page.get_by_role("button", name="Options").click()
    page.get_by_label(level).check()
    page.get_by_role("button", name="Done").click()
    page.get_by_role("button", name="Topics").click()
    expect(last_bot(page)).to_contain_text(LIBRARY.messages["menu"], timeout=ANSWER_TIMEOUT)

    def click(title, then):
        last_bot(page).locator(".su-quick-reply", has_text=re.compile(rf"^{re.escape(title)}")).first.click()
        expect(last_bot(page)).to_contain_text(then, timeout=ANSWER_TIMEOUT)

    click(LABELS["start"], heading(1))
    click(PLAN.meetings["cetr"].title, heading(2))
    key = "easy" if level == "Easy read" else "detailed"
    longest = sorted(PLAN.subjects.values(), key=lambda s: -len(s.text(key, LIBRARY.filled)))[:3]
    for subject in longest:
        click(subject.title, chosen(subject.title))
    click(LABELS["next"], heading(3))
    for person in ("advocate", "family", "friend", "trusted_staff"):
        click(PLAN.people[person].title, chosen(PLAN.people[person].title))
    click(LABELS["next"], heading(4))
    for way in PLAN.ways.values():
        click(way.title, chosen(way.title))
    click(LABELS["next"], heading(5))
    click(LABELS["next"], heading(5))
    click(LABELS["next"], heading(5))
    click(LABELS["finish"], LABELS["plan"])
    print_view(page, last_bot(page))
    pages = printed_pages(
        page.pdf(path=str(SCREENSHOTS / f"plan-printed-longest-{key}.pdf"), format="A4", print_background=True)
    )
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(SCREENSHOTS / f"plan-printed-longest-{key}.png"), full_page=True)
    assert pages == 1, f"the longest plan in {level} prints on {pages} pages"


def test_the_readme_shows_a_printed_plan():
    assert (ROOT / "docs" / "images" / "plan-printed.png").is_file()
    assert "docs/images/plan-printed.png" in (ROOT / "README.md").read_text()
