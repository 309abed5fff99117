"""The widget in Debian's chromium, against the real stack: a button press sends its payload with
its title as the message, typed text sends no payload, and "Clear conversation" and "Leave
quickly" ask the gateway to forget the conversation (and it does)."""

from __future__ import annotations

import json

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser_checks import ANSWER_TIMEOUT, ask, last_bot

pytestmark = [pytest.mark.stack, pytest.mark.browser]


def chat_bodies(page):
    bodies = []
    page.on(
        "request",
        lambda request: bodies.append(json.loads(request.post_data)) if request.url.endswith("/api/chat") else None,
    )
    return bodies


def test_buttons_send_their_payload_and_typed_text_sends_none(page):
    bodies = chat_bodies(page)
    page.get_by_role("button", name="Topics", exact=True).click()
    expect(page.locator(".su-quick-reply").first).to_be_visible(timeout=ANSWER_TIMEOUT)
    assert bodies[-1]["payload"] == "/topic_menu" and bodies[-1]["message"] == "Topics"
    first = page.locator(".su-quick-reply").first
    title = first.inner_text()
    first.click()
    expect(page.locator(".su-message--user").last).to_contain_text(title)
    page.wait_for_timeout(500)
    assert bodies[-1]["message"] == title and bodies[-1]["payload"].startswith("/topic_menu{")
    ask(page, '/faq{"topic": "pals"}')
    expect(page.locator(".su-message--user").last).to_contain_text("/faq")
    page.wait_for_timeout(500)
    assert bodies[-1].get("payload") is None and bodies[-1]["message"].startswith("/faq")


@pytest.mark.parametrize("control", ["Clear conversation", "Leave quickly"])
def test_clear_and_leave_make_the_server_forget(page, stack, control):
    ask(page, "what is seclusion")
    expect(last_bot(page)).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    session = page.evaluate("sessionStorage.getItem('speakup.session')")
    if control == "Clear conversation":  # in the Options panel
        page.get_by_role("button", name="Options").click()
    with page.expect_request(lambda request: request.url.endswith("/api/forget")) as forget:
        page.get_by_role("button" if control == "Clear conversation" else "link", name=control).click()
    assert json.loads(forget.value.post_data) == {"session_id": session}
    # Sent with keepalive, so it arrives even as "Leave quickly" navigates away. Then the old id's
    # tracker holds nothing: a level change no longer says the last topic again.
    for _ in range(20):
        after = httpx.post(
            f"{stack.gateway_url}/api/chat",
            timeout=30,
            json={"message": "Easy read", "payload": '/set_level{"reading_level": "easy"}', "session_id": session},
        )
        text = "\n".join(reply["text"] for reply in after.json()["replies"])
        if "seclusion" not in text.lower():
            break
        page.wait_for_timeout(250)
    assert "seclusion" not in text.lower() and "computer" in text
