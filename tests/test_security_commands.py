"""Typed text never acts as a command: "/"-text reaches Rasa as words (with the safety net), and a
button payload is used only if the bot offered it in this conversation or it is one of the
widget's own (topic menu, walk-through, reading levels)."""

from __future__ import annotations

import httpx
import pytest

from actions import content
from bot.offered import ALLOWLIST, canonical
from tests.helpers import reply_text, topic_rows

SAFEGUARDING = "I believe you"


def post(stack, message, session=None, payload=None, level=None):
    body = {"message": message, "session_id": session, "payload": payload, "reading_level": level}
    response = httpx.post(f"{stack.gateway_url}/api/chat", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response


def buttons(response):
    return {b["title"]: b["payload"] for reply in response.json()["replies"] for b in reply["buttons"]}


def test_payloads_are_read_strictly():
    assert canonical('/set_level{"reading_level":"easy"}') == '/set_level{"reading_level": "easy"}'
    assert canonical('/set_level{"reading_level": "easy"}') in ALLOWLIST
    for bad in ("hello", "/", "/faq{", '/faq{"topic": 3}', "/faq{}", '/faq["x"]', "/my nurse hit me", None):
        assert canonical(bad) is None, bad


@pytest.mark.stack
def test_typed_commands_are_only_text(stack):
    session = post(stack, "what is seclusion").json()["session_id"]
    typed = post(stack, '/set_level{"reading_level": "detailed"}', session)
    assert "Source:" not in reply_text(typed), "typed, it did not change the level and repeat the topic"
    pressed = post(stack, "More detail", session, payload='/set_level{"reading_level": "detailed"}')
    assert "Source:" in reply_text(pressed), "the same payload from a level button works"
    walk = post(stack, '/walkthrough_choose{"situation": "held"}')
    assert "Step 1 of 4" not in reply_text(walk)


@pytest.mark.stack
def test_slash_text_still_reaches_the_safety_net(stack):
    response = post(stack, "/my nurse hit me")
    assert SAFEGUARDING in reply_text(response)


@pytest.mark.stack
def test_a_payload_counts_only_where_the_bot_offered_it(stack, stack_database):
    menu = post(stack, "Topics", payload="/topic_menu")  # on the allowlist
    session = menu.json()["session_id"]
    group_title, group = next(iter(buttons(menu).items()))
    topics = post(stack, group_title, session, payload=group)  # offered in this conversation
    title, topic = next((t, p) for t, p in buttons(topics).items() if p.startswith("/faq"))
    topic_id = topic.split('"topic": "')[1].split('"')[0]
    assert title.split()[0].lower() in reply_text(post(stack, title, session, payload=topic)).lower()
    # The same payload in a conversation where nobody offered it: its title goes as text.
    before = len([row for row in topic_rows(stack_database) if row[0] == topic_id])
    answer_start = content.library().choose(topic_id, "plain")[1].splitlines()[0]
    for _ in range(3):
        stray = post(stack, "hello", payload=topic)
        assert answer_start not in reply_text(stray), "the topic's answer was not given"
    after = len([row for row in topic_rows(stack_database, at_least=0) if row[0] == topic_id])
    assert after == before, "a payload nobody offered adds nothing to the topic log"
