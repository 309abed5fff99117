"""The chat page and the embed in Debian's chromium (Playwright), against the real running stack:
on a phone and a tablet, the level that sticks, without JavaScript, "Did this help?", and axe."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from playwright.sync_api import expect

from actions import content
from actions.menu import MENU_GROUPS
from bot import starters
from bot.settings import ROOT
from tests.browser_checks import (
    ANSWER_TIMEOUT,
    SCREENSHOTS,
    ask,
    assert_no_axe_violations,
    create_dashboard_user,
    last_bot,
    open_chat,
    sign_in_to_dashboard,
)
from tests.helpers import all_rows

pytestmark = [pytest.mark.stack, pytest.mark.browser]

HOSTILE = '<img src=x onerror="window.__pwned = 1">'
DOCS_IMAGES = ROOT / "docs" / "images"
LIBRARY = content.library()
PHONE = {"viewport": {"width": 375, "height": 667}, "has_touch": True, "is_mobile": True}
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True}
NUMBERS = ("999", "116 123", "0800 1111", "85258")


def answer(page, topic_id):
    """The bot message answering a topic: it has "Did this help?" for that topic."""
    return page.locator(".su-message--bot", has=page.locator(".su-feedback")).last


def options(page):
    page.get_by_role("button", name="Options").click()
    expect(page.locator("#options")).to_be_visible()


def close_options(page):
    page.get_by_role("button", name="Done").click()
    expect(page.locator("#options")).to_be_hidden()


def choose_level(page, title):
    options(page)
    page.get_by_label(title).check()
    close_options(page)


def shown_level(page):
    return page.evaluate("document.querySelector('input[name=reading_level]:checked').value")


def first_line(topic_id, level):
    return LIBRARY.choose(topic_id, level)[1].splitlines()[0]


def in_viewport(page, locator):
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + min(box["height"], 48) <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"] + 1
    )


def screenshot(page, name, docs=False):
    page.screenshot(path=str(SCREENSHOTS / name))
    if docs:
        shutil.copy(SCREENSHOTS / name, DOCS_IMAGES / name)


# --- First open, and a phone-sized layout ---------------------------------------------------------


def test_first_open_on_a_phone_shows_the_starters_and_the_message_box(browser, stack):
    context = browser.new_context(**PHONE)
    page = open_chat(context, stack)
    titles = [s.title for s in starters.starters()]
    assert 6 <= len(titles) <= 8
    shown = page.locator(".su-starter")
    assert shown.all_inner_texts() == titles
    for required in (
        "Being kept apart",
        "Being held",
        "My rights",
        "Who can help",
        "Get ready for a meeting",
        "I'm not safe",
    ):
        assert required in titles
    for index in range(shown.count()):
        assert in_viewport(page, shown.nth(index)), f"starter {titles[index]} is off the first screen"
        box = shown.nth(index).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 120
    assert in_viewport(page, page.get_by_label("Type your question"))
    assert in_viewport(page, page.get_by_role("link", name="Leave quickly"))
    lede = page.locator(".su-lede").first.inner_text()
    for words in (
        "computer",
        "information, not advice",
        "cannot see your records",
        "not saved",
        "forgotten within an hour",
    ):
        assert words in lede
    help_now = page.locator(".su-welcome .su-help-now").inner_text()
    assert all(number in help_now for number in NUMBERS)
    assert_no_axe_violations(page, "first open on a phone")
    screenshot(page, "chat-375x667-first.png", docs=True)
    context.close()


def test_the_starters_give_the_helplines_and_open_the_rights_menu(page):
    page.locator(".su-starter", has_text="I'm not safe").click()
    crisis = page.locator(".su-message--bot").first
    for number in NUMBERS:
        expect(crisis).to_contain_text(number, timeout=ANSWER_TIMEOUT)
    page.locator(".su-starter", has_text="My rights").click()
    expect(last_bot(page)).to_contain_text(LIBRARY.messages["menu_group"], timeout=ANSWER_TIMEOUT)
    rights = [t.title for t in LIBRARY.topics.values() if t.group == "rights"]
    assert last_bot(page).locator(".su-quick-reply").all_inner_texts() == rights


@pytest.mark.parametrize("device", [PHONE, TABLET], ids=["phone-375x667", "tablet-768x1024"])
def test_after_an_answer_the_message_box_and_the_top_of_the_answer_are_on_screen(browser, stack, device):
    context = browser.new_context(**device)
    page = open_chat(context, stack)
    ask(page, "what is seclusion")
    expect(answer(page, "seclusion")).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    page.get_by_label("Type your question").fill("what is physical restraint")
    page.get_by_role("button", name="Send").tap()
    reply = answer(page, "physical_restraint")
    expect(reply).to_contain_text(first_line("physical_restraint", "plain"), timeout=ANSWER_TIMEOUT)
    page.wait_for_timeout(200)
    assert in_viewport(page, page.get_by_label("Type your question"))
    top = reply.bounding_box()["y"]
    conversation = page.locator("#conversation").bounding_box()
    assert conversation["y"] - 1 <= top <= page.viewport_size["height"] - 48, "the start of the answer is not on screen"
    # A starter, tapped, too (a long answer: the screen shows its start, not its end).
    page.locator("#conversation").evaluate("c => { c.scrollTop = 0; }")  # the starters are at the top
    page.locator(".su-starter", has_text="Being kept apart").tap()
    expect(page.locator(".su-message--user").last).to_contain_text("Being kept apart")
    last = last_bot(page)
    expect(last).to_contain_text(first_line("seclusion", "plain"), timeout=ANSWER_TIMEOUT)
    page.wait_for_timeout(200)
    assert in_viewport(page, page.get_by_label("Type your question"))
    assert conversation["y"] - 1 <= last.bounding_box()["y"] <= page.viewport_size["height"] - 48
    size = page.viewport_size
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "horizontal scrolling"
    assert_no_axe_violations(page, f"answer at {size['width']}x{size['height']}")
    screenshot(page, f"chat-{size['width']}x{size['height']}.png", docs=True)
    options(page)
    assert_no_axe_violations(page, f"Options panel open at {size['width']}x{size['height']}")
    screenshot(page, f"options-{size['width']}x{size['height']}.png")
    context.close()


# --- The reading level has one owner --------------------------------------------------------------


def test_the_level_sticks_after_say_it_more_simply(page):
    ask(page, "what is seclusion")
    expect(answer(page, "seclusion")).to_contain_text(first_line("seclusion", "plain"), timeout=ANSWER_TIMEOUT)
    page.get_by_role("button", name="Say it more simply").last.click()
    expect(last_bot(page)).to_contain_text(first_line("seclusion", "easy"), timeout=ANSWER_TIMEOUT)
    assert shown_level(page) == "easy"
    ask(page, "what is PALS")  # a new question, with nothing else pressed
    expect(last_bot(page)).to_contain_text(first_line("pals", "easy"), timeout=ANSWER_TIMEOUT)
    assert shown_level(page) == "easy"
    icons = last_bot(page).locator("svg.su-icon")  # easy-read icons follow the level used
    assert icons.count() >= 3
    assert all(icons.nth(i).get_attribute("aria-hidden") == "true" for i in range(icons.count()))
    assert_no_axe_violations(page, "easy read")


def test_the_level_sticks_after_more_detail(page):
    ask(page, "what is an IMHA")
    expect(last_bot(page)).to_contain_text("advocate", ignore_case=True, timeout=ANSWER_TIMEOUT)
    page.get_by_role("button", name="More detail").last.click()
    expect(last_bot(page)).to_contain_text("Source:", timeout=ANSWER_TIMEOUT)
    assert shown_level(page) == "detailed"
    ask(page, "what is PALS")
    expect(last_bot(page)).to_contain_text("Source:", timeout=ANSWER_TIMEOUT)
    assert shown_level(page) == "detailed"
    assert last_bot(page).locator("svg.su-icon").count() == 0


def test_a_level_is_sent_only_when_the_person_changes_it(page):
    sent = []
    page.on("request", lambda r: sent.append(json.loads(r.post_data)) if r.url.endswith("/api/chat") else None)
    ask(page, "what is PALS")
    expect(last_bot(page)).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    choose_level(page, "Easy read")
    expect(last_bot(page)).to_contain_text(first_line("pals", "easy"), timeout=ANSWER_TIMEOUT)
    ask(page, "what is seclusion")
    expect(last_bot(page)).to_contain_text(first_line("seclusion", "easy"), timeout=ANSWER_TIMEOUT)
    assert [body.get("reading_level") for body in sent] == [None, "easy", None]
    assert sent[1]["payload"] == '/set_level{"reading_level": "easy"}' and sent[1]["message"] == "Easy read"
    assert "payload" not in sent[0] and "payload" not in sent[2]  # typed text is only ever text
    ids = [body["session_id"] for body in sent]
    assert ids[0] is None and ids[1] and ids[2] == page.evaluate("sessionStorage.getItem('speakup.session')")


def test_the_embed_start_level_is_sent_once(browser, stack):
    context = browser.new_context()
    page = open_chat(context, stack, "/chat?level=easy")
    assert shown_level(page) == "easy"
    ask(page, "what is PALS")
    expect(last_bot(page)).to_contain_text(first_line("pals", "easy"), timeout=ANSWER_TIMEOUT)
    assert page.evaluate("sessionStorage.getItem('speakup.level.send')") is None
    context.close()


# --- Without JavaScript ---------------------------------------------------------------------------


def test_leave_quickly_works_with_javascript_turned_off(browser, stack):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(stack.gateway_url + "/chat")
    page.get_by_role("link", name="Leave quickly").click()
    page.wait_for_url(stack.gateway_url + "/neutral.html")
    assert page.title() == "New Tab"
    context.close()


def test_the_page_without_javascript_shows_the_helplines_and_every_topic(browser, stack):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(stack.gateway_url + "/chat")
    main = page.locator("main")
    expect(main).to_contain_text("The chat needs JavaScript")
    for number in NUMBERS:
        expect(main).to_contain_text(number)
    expect(page.get_by_label("Type your question")).to_be_hidden()
    expected = [t.title for group in MENU_GROUPS for t in LIBRARY.topics.values() if t.group == group]
    assert page.locator(".su-topic-list a").all_inner_texts() == expected
    screenshot(page, "no-javascript-375x667.png")
    page.get_by_role("link", name=LIBRARY.topics["seclusion"].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LIBRARY.topics["seclusion"].title)
    expect(main).to_contain_text(first_line("seclusion", "plain"))
    page.get_by_role("link", name="Easy read").click()
    expect(main).to_contain_text(first_line("seclusion", "easy"))
    assert page.get_by_role("link", name="Easy read").get_attribute("aria-current") == "page"
    for number in NUMBERS:
        expect(main).to_contain_text(number)
    context.close()


def test_the_pages_without_their_scripts_are_accessible(browser, stack):
    """axe needs JavaScript to run, so here the page's own scripts are blocked instead: the same
    page a person gets when JavaScript is off or its files do not load."""
    context = browser.new_context(viewport={"width": 375, "height": 667})
    context.route("**/js/*.js", lambda route: route.abort())
    page = context.new_page()
    for path in ("/chat", "/topics", "/topics/seclusion?level=easy", "/topics/crisis"):
        page.goto(stack.gateway_url + path)
        expect(page.locator("main")).to_contain_text("116 123")
        assert page.evaluate("document.documentElement.classList.contains('su-js')") is False
        assert_no_axe_violations(page, f"{path} without its scripts")
    context.close()


# --- Did this help? -------------------------------------------------------------------------------


def test_did_this_help_writes_a_count_with_no_text_and_the_dashboard_shows_it(page, stack, stack_database):
    question = "what is PALS, asked by feedback-marker-7731"
    ask(page, question)
    reply = answer(page, "pals")
    expect(reply).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "Did this help?")
    reply.get_by_role("button", name="No").click()
    expect(reply.get_by_role("button", name="Too hard to read")).to_be_focused()
    assert_no_axe_violations(page, "Did this help? after No")
    reply.get_by_role("button", name="Too hard to read").click()
    expect(reply).to_contain_text("Thank you")
    from sqlalchemy import create_engine, text

    engine = create_engine(stack_database)
    query = text("SELECT topic, reading_level, choice FROM answer_feedback ORDER BY id")
    counted = []
    for _ in range(100):  # written in the background
        with engine.connect() as connection:
            counted = [tuple(row) for row in connection.execute(query)]
        if ("pals", "plain", "too_hard") in counted:
            break
        time.sleep(0.1)
    engine.dispose()
    assert ("pals", "plain", "no") in counted and ("pals", "plain", "too_hard") in counted
    assert not any("feedback-marker-7731" in value for row in all_rows(stack_database) for value in row)
    create_dashboard_user(stack_database, "feedback.reader")
    sign_in_to_dashboard(page, stack.gateway_url, "feedback.reader")
    section = page.locator("section", has=page.get_by_role("heading", name="Answers that did not help"))
    expect(section.locator("table")).to_contain_text(LIBRARY.topics["pals"].title)
    assert "<5" in section.locator("table").inner_text()


# --- The rest of the chat -------------------------------------------------------------------------


def test_ask_a_question_and_see_the_answer(page, stack_database):
    options(page)
    page.get_by_label("Who are you? (you do not have to say)").select_option("family")
    close_options(page)
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


def test_options_panel_opens_closes_with_escape_and_is_accessible(page):
    toggle = page.get_by_role("button", name="Options")
    assert toggle.get_attribute("aria-expanded") == "false"
    options(page)
    assert toggle.get_attribute("aria-expanded") == "true"
    expect(page.get_by_label("Plain words")).to_be_focused()
    assert_no_axe_violations(page, "Options panel open")
    page.keyboard.press("Escape")
    expect(page.locator("#options")).to_be_hidden()
    expect(toggle).to_be_focused()


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
    forgotten = []
    page.on("request", lambda r: forgotten.append(json.loads(r.post_data)) if r.url.endswith("/api/forget") else None)
    ask(page, "what is PALS")
    expect(last_bot(page)).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    session = page.evaluate("sessionStorage.getItem('speakup.session')")
    options(page)
    page.get_by_role("button", name="Clear conversation").click()
    assert page.locator(".su-message").count() == 0
    assert page.evaluate("sessionStorage.getItem('speakup.session')") is None
    expect(page.locator(".su-starter").first).to_be_visible()
    page.wait_for_timeout(300)
    assert forgotten == [{"session_id": session}]  # fire and forget: a 404 here is fine


def test_leave_quickly_blanks_and_goes_to_a_neutral_page(page, stack):
    forgotten = []
    page.on("request", lambda r: forgotten.append(r.url) if r.url.endswith("/api/forget") else None)
    ask(page, "what is seclusion")
    expect(last_bot(page)).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    page.get_by_role("link", name="Leave quickly").click()
    page.wait_for_url(stack.gateway_url + "/neutral.html")
    assert page.title() == "New Tab"
    assert page.evaluate("sessionStorage.length") == 0
    assert len(forgotten) == 1
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
    options(page)
    page.get_by_role("button", name="Make text bigger").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > before
    contrast = page.get_by_role("button", name="High contrast")
    contrast.click()
    assert contrast.get_attribute("aria-pressed") == "true"
    assert "su-high-contrast" in page.locator("body").get_attribute("class")
    assert_no_axe_violations(page, "high contrast, Options open")
    close_options(page)
    ask(page, "what is seclusion")
    expect(last_bot(page)).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "high contrast")


def test_read_aloud_is_offered_only_with_speech(browser, stack):
    with_speech = browser.new_context()
    page = open_chat(with_speech, stack)
    ask(page, "what is PALS")
    expect(last_bot(page).get_by_role("button", name="Read aloud")).to_be_visible(timeout=ANSWER_TIMEOUT)
    with_speech.close()
    without = browser.new_context()
    without.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page = open_chat(without, stack)
    ask(page, "what is PALS")
    expect(last_bot(page)).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    assert last_bot(page).get_by_role("button", name="Read aloud").count() == 0
    without.close()


def test_gateway_failure_shows_error_with_crisis_numbers_and_retry(page):
    page.route("**/api/chat", lambda route: route.abort())
    ask(page, "what is seclusion")
    box = page.locator("#error-box")
    expect(box).to_be_visible(timeout=ANSWER_TIMEOUT)
    for number in NUMBERS:
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
    text = (
        f"{HOSTILE} [Samaritans](https://www.samaritans.org) [call](tel:116123) "
        "[bad](javascript:window.__pwned=1) [data](data:text/html,x)"
    )

    def hostile_reply(route):
        body = {
            "session_id": "0" * 32,
            "replies": [
                {"text": text, "buttons": [{"title": HOSTILE, "payload": "/greet"}], "topic": HOSTILE, "level": "easy"}
            ],
        }
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/api/chat", hostile_reply)
    ask(page, "hello")
    expect(last_bot(page)).to_contain_text(HOSTILE)
    hrefs = last_bot(page).locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://www.samaritans.org", "tel:116123"]
    assert "[bad](javascript:window.__pwned=1)" in last_bot(page).inner_text()
    assert page.locator(".su-messages img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_every_target_is_big_enough_at_every_size(context, stack):
    page = open_chat(context, stack)
    ask(page, "why am I being kept apart?")
    expect(last_bot(page)).to_contain_text("seclusion", ignore_case=True, timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "full page")
    for width, height in ((1024, 768), (768, 1024), (375, 667), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"horizontal scrolling at {width}px"
        assert in_viewport(page, page.get_by_role("link", name="Leave quickly")), f"Leave quickly at {width}px"
        assert in_viewport(page, page.get_by_label("Type your question")), f"message box at {width}px"
        screenshot(page, f"chat-{width}x{height}-answer.png")
        for target in page.locator("button:visible, a.su-button:visible, .su-levels label:visible").all():
            box = target.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, target.evaluate("b => b.outerHTML")[:80]
    page.set_viewport_size({"width": 1024, "height": 768})
    screenshot(page, "chat-1024x768.png")


def test_embedded_panel_on_a_host_page(context, stack):
    page = context.new_page()
    page.goto(stack.gateway_url + "/embed-example.html")
    launcher = page.get_by_role("button", name="Speak Up: ask about your rights")
    frame = page.frame_locator("iframe[title='Speak Up chat']")
    expect(frame.locator("#chat[data-started]")).to_be_attached()
    launcher.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Speak Up chat")
    expect(dialog).to_be_visible()
    expect(frame.get_by_label("Type your question")).to_be_focused(timeout=10000)
    frame.get_by_label("Type your question").fill("what is PALS")
    page.keyboard.press("Enter")
    expect(frame.locator(".su-message--bot").last).to_contain_text("PALS", timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "host page with the panel open")
    screenshot(page, "embedded-1024x768.png", docs=True)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()


def test_walk_through_to_the_printable_summary(page):
    options(page)
    page.get_by_role("button", name="Walk through with someone").click()
    expect(page.locator("#options")).to_be_hidden()
    expect(last_bot(page)).to_contain_text("What is happening?", timeout=ANSWER_TIMEOUT)
    choose_level(page, "Easy read")
    expect(last_bot(page)).to_contain_text("What is happening?", timeout=ANSWER_TIMEOUT)
    last_bot(page).locator(".su-quick-reply", has_text="Being held").click()
    expect(last_bot(page)).to_contain_text("Step 1 of 4", timeout=ANSWER_TIMEOUT)
    assert_no_axe_violations(page, "walk-through")
    for number in (2, 3, 4):
        page.locator(".su-quick-reply", has_text="Next").last.click()
        expect(last_bot(page)).to_contain_text(f"Step {number} of 4", timeout=ANSWER_TIMEOUT)
    page.locator(".su-quick-reply", has_text="Finish").last.click()
    expect(last_bot(page)).to_contain_text("Summary: Being held", timeout=ANSWER_TIMEOUT)
    page.evaluate(
        "() => { window.print = () => { window.__printed = document.querySelector('.su-print-target').innerText; }; }"
    )
    last_bot(page).get_by_role("button", name="Print summary").click()
    printed = page.evaluate("window.__printed")
    assert "Summary: Being held" in printed and "Who can help" in printed
    screenshot(page, "walkthrough-summary.png")
