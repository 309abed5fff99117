"""The chat page and the embed in Debian's chromium (Playwright), against the real running stack."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from actions import content
from tests.browser_checks import ANSWER_TIMEOUT, SCREENSHOTS, ask, assert_no_axe_violations, last_bot

pytestmark = [pytest.mark.stack, pytest.mark.browser]

HOSTILE = '<img src=x onerror="window.__pwned = 1">'
LIBRARY = content.library()


def test_ask_a_question_and_see_the_answer(page, stack_database):
    page.get_by_label("Who are you? (you do not have to say)").select_option("family")
    ask(page, "why am I being kept apart?")
    expect(last_bot(page)).to_contain_text("seclusion", ignore_case=True, timeout=ANSWER_TIMEOUT)
    assert page.evaluate("sessionStorage.getItem('speakup.session')")
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length") == 0
    from sqlalchemy import create_engine, text

    engine = create_engine(stack_database)
    query = text("SELECT COUNT(*) FROM topic_events WHERE channel = 'fullpage' AND audience = 'family'")
    counted = 0
    for _ in range(50):  # the full page's channel and the chosen audience are counted (in the background)
        with engine.connect() as connection:
            counted = connection.execute(query).scalar()
        if counted:
            break
        time.sleep(0.1)
    engine.dispose()
    assert counted >= 1


def test_page_says_it_is_a_computer_giving_information(page):
    lede = page.locator(".su-lede").inner_text()
    for words in ("computer", "information, not advice", "cannot see your records", "does not keep what you type"):
        assert words in lede
    assert "116 123" in page.locator("footer").inner_text()


def test_quick_reply_and_level_switch(page):
    ask(page, "what is an IMHA")
    expect(last_bot(page)).to_contain_text("advocate", ignore_case=True, timeout=ANSWER_TIMEOUT)
    before = last_bot(page).inner_text()
    page.get_by_role("button", name="More detail").last.click()
    expect(last_bot(page)).to_contain_text("Source:", timeout=ANSWER_TIMEOUT)
    page.get_by_label("Easy read").check()
    expect(last_bot(page)).not_to_contain_text("Source:", timeout=ANSWER_TIMEOUT)
    assert last_bot(page).inner_text() != before


def test_say_it_more_simply_and_easy_read_icons(page):
    ask(page, "what is seclusion")
    expect(last_bot(page)).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    page.get_by_role("button", name="Say it more simply").last.click()
    page.get_by_label("Easy read").check()  # the page shows easy read with icons from now on
    ask(page, "what is seclusion")
    expect(last_bot(page).locator(".su-idea").first).to_be_visible(timeout=ANSWER_TIMEOUT)
    icons = last_bot(page).locator("svg.su-icon")
    assert icons.count() >= 3
    assert all(icons.nth(i).get_attribute("aria-hidden") == "true" for i in range(icons.count()))
    easy = LIBRARY.topics["seclusion"].text("easy", LIBRARY.filled).splitlines()[0]
    assert easy in last_bot(page).inner_text()
    assert_no_axe_violations(page, "easy read")


def test_the_whole_topic_menu(page):
    page.get_by_role("button", name="Topics").click()
    groups = ["restrictive_practices", "rights", "help", "conversation"]
    seen = set()
    for group in groups:
        title = LIBRARY.messages[f"group_{group}"]
        page.locator(".su-quick-reply", has_text=title).last.click()
        expect(last_bot(page)).to_contain_text(LIBRARY.messages["menu_group"], timeout=ANSWER_TIMEOUT)
        shown = last_bot(page).locator(".su-quick-reply").all_inner_texts()
        expected = [t.title for t in LIBRARY.topics.values() if t.group == group]
        assert shown == expected
        seen.update(shown)
        page.get_by_role("button", name="Topics").click()
        expect(last_bot(page)).to_contain_text(LIBRARY.messages["menu"], timeout=ANSWER_TIMEOUT)
    page.locator(".su-quick-reply", has_text=LIBRARY.messages["group_help"]).last.click()
    page.locator(".su-quick-reply", has_text=LIBRARY.topics["pals"].title).last.click()
    expect(last_bot(page)).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    assert len(seen) == sum(1 for t in LIBRARY.topics.values() if t.group in groups)


def test_only_new_bot_messages_are_announced(page):
    ask(page, "what is seclusion")
    expect(page.locator("#announcer")).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    assert page.locator("#messages").get_attribute("aria-live") is None
    ask(page, "thanks")
    expect(page.locator("#announcer")).to_contain_text("welcome", timeout=ANSWER_TIMEOUT)
    assert "Seclusion" not in page.locator("#announcer").inner_text()


def test_clear_conversation_forgets_the_session(page):
    ask(page, "what is PALS")
    expect(last_bot(page)).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    page.get_by_role("button", name="Clear conversation").click()
    assert page.locator(".su-message").count() == 0
    assert page.evaluate("sessionStorage.getItem('speakup.session')") is None


def test_leave_quickly_blanks_and_goes_to_a_neutral_page(page, stack):
    ask(page, "what is seclusion")
    expect(last_bot(page)).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    page.get_by_role("button", name="Leave quickly").click()
    page.wait_for_url(stack.gateway_url + "/neutral.html")
    assert page.title() == "New Tab"
    assert page.evaluate("sessionStorage.length") == 0
    page.go_back()
    assert "/chat" not in page.url  # replace(), so Back does not return to the chat


def test_keyboard_only(page):
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("what is an IMHA")
    page.keyboard.press("Enter")
    expect(last_bot(page)).to_contain_text("advocate", ignore_case=True, timeout=ANSWER_TIMEOUT)
    quick = last_bot(page).locator(".su-quick-reply").first
    quick.focus()
    title = quick.inner_text()
    page.keyboard.press("Enter")
    expect(page.locator(".su-message--user").last).to_have_text(f"You said: {title}", timeout=ANSWER_TIMEOUT)


def test_text_size_and_high_contrast(page):
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="Make text bigger").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > before
    contrast = page.get_by_role("button", name="High contrast")
    contrast.click()
    assert contrast.get_attribute("aria-pressed") == "true"
    assert "su-high-contrast" in page.locator("body").get_attribute("class")
    ask(page, "what is seclusion")
    expect(last_bot(page)).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "high contrast")


def test_read_aloud_is_offered_only_with_speech(browser, stack):
    with_speech = browser.new_context()
    page = with_speech.new_page()
    page.goto(stack.gateway_url + "/chat")
    ask(page, "what is PALS")
    expect(last_bot(page).get_by_role("button", name="Read aloud")).to_be_visible(timeout=ANSWER_TIMEOUT)
    with_speech.close()
    without = browser.new_context()
    without.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page = without.new_page()
    page.goto(stack.gateway_url + "/chat")
    ask(page, "what is PALS")
    expect(last_bot(page)).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    assert last_bot(page).get_by_role("button", name="Read aloud").count() == 0
    without.close()


def test_gateway_failure_shows_error_with_crisis_numbers_and_retry(page):
    page.route("**/api/chat", lambda route: route.abort())
    ask(page, "what is seclusion")
    box = page.locator("#error-box")
    expect(box).to_be_visible(timeout=ANSWER_TIMEOUT)
    for number in ("999", "116 123", "0800 1111", "85258"):
        assert number in box.inner_text()
    page.unroute("**/api/chat")
    page.get_by_role("button", name="Try again").click()
    expect(last_bot(page)).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    expect(box).to_be_hidden()


def test_hostile_text_is_shown_as_text_and_never_runs(page):
    ask(page, HOSTILE)
    expect(page.locator(".su-message--user").last).to_contain_text(HOSTILE)
    expect(last_bot(page)).to_be_visible(timeout=ANSWER_TIMEOUT)
    assert page.locator(".su-messages img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_hostile_bot_text_and_links_are_made_safe(page):
    # The real bot never says this; the reply is rewritten in the browser to prove the widget's
    # rendering is safe whatever a future answer contains.
    text = (f"{HOSTILE} [Samaritans](https://www.samaritans.org) [call](tel:116123) "
            "[bad](javascript:window.__pwned=1) [data](data:text/html,x)")

    def hostile_reply(route):
        body = {"session_id": "0" * 32, "replies": [{"text": text, "buttons": [{"title": HOSTILE, "payload": "/greet"}]}]}
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/api/chat", hostile_reply)
    ask(page, "hello")
    expect(last_bot(page)).to_contain_text(HOSTILE)
    hrefs = last_bot(page).locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://www.samaritans.org", "tel:116123"]
    assert "[bad](javascript:window.__pwned=1)" in last_bot(page).inner_text()
    assert page.locator(".su-messages img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_full_page_is_accessible_and_screenshots(context, stack):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    page.goto(stack.gateway_url + "/chat")
    ask(page, "why am I being kept apart?")
    expect(last_bot(page)).to_contain_text("seclusion", ignore_case=True, timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "full page")
    for width, height in ((1024, 768), (768, 1024), (375, 667), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"horizontal scrolling at {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"chat-{width}x{height}.png"), full_page=False)
    for button in page.locator("button:visible, input[type=radio]").all():
        box = button.bounding_box()
        target = button if button.get_attribute("type") != "radio" else button.locator("xpath=..")
        box = target.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, button.evaluate("b => b.outerHTML")[:80]


def test_embedded_panel_on_a_host_page(context, stack):
    page = context.new_page()
    page.goto(stack.gateway_url + "/embed-example.html")
    launcher = page.get_by_role("button", name="Speak Up: ask about your rights")
    launcher.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Speak Up chat")
    expect(dialog).to_be_visible()
    frame = page.frame_locator("iframe[title='Speak Up chat']")
    expect(frame.get_by_label("Type your question")).to_be_focused(timeout=10000)
    frame.get_by_label("Type your question").fill("what is PALS")
    page.keyboard.press("Enter")
    expect(frame.locator(".su-message--bot").last).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "host page with the panel open")
    page.screenshot(path=str(SCREENSHOTS / "embedded-1024x768.png"))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()


def test_walk_through_to_the_printable_summary(page):
    page.get_by_role("button", name="Walk through with someone").click()
    expect(last_bot(page)).to_contain_text("What is happening?", timeout=ANSWER_TIMEOUT)
    page.get_by_label("Easy read").check()
    expect(last_bot(page)).to_contain_text("What is happening?", timeout=ANSWER_TIMEOUT)
    last_bot(page).locator(".su-quick-reply", has_text="Being held").click()
    expect(last_bot(page)).to_contain_text("Step 1 of 4", timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "walk-through")
    for number in (2, 3, 4):
        page.locator(".su-quick-reply", has_text="Next").last.click()
        expect(last_bot(page)).to_contain_text(f"Step {number} of 4", timeout=ANSWER_TIMEOUT)
    page.locator(".su-quick-reply", has_text="Finish").last.click()
    expect(last_bot(page)).to_contain_text("Summary: Being held", timeout=ANSWER_TIMEOUT)
    page.evaluate("() => { window.print = () => { window.__printed = document.querySelector('.su-print-target').innerText; }; }")
    last_bot(page).get_by_role("button", name="Print summary").click()
    printed = page.evaluate("window.__printed")
    assert "Summary: Being held" in printed and "Who can help" in printed
    page.screenshot(path=str(SCREENSHOTS / "walkthrough-summary.png"))
