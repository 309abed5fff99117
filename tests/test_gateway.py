"""The gateway against the real chain: action server and Rasa on a trained model. What needs no
Rasa (422s, headers, the body limit, the schema) is in tests/test_gateway_api.py."""

from __future__ import annotations

import re

import httpx
import pytest

from bot import messages
from scripts.stack import Ports, Stack, free_port
from tests.helpers import all_rows, chat, reply_text, topic_rows

pytestmark = pytest.mark.stack

QUESTION = "why am I being kept apart?"


def test_question_is_answered_and_logged_without_its_text(stack, stack_database):
    before = len(topic_rows(stack_database))
    response = chat(stack.gateway_url, QUESTION)
    assert response.status_code == 200
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{32}\.[0-9a-f]{32}", body["session_id"])  # signed: bot/sessions.py
    text = reply_text(response).lower()
    assert "seclusion" in text or "segregation" in text
    assert "computer" in body["replies"][0]["text"]  # the first message says what Speak Up is
    rows = topic_rows(stack_database, at_least=before + 1)
    assert len(rows) == before + 1
    assert rows[-1][0] in ("seclusion", "long_term_segregation") and rows[-1][2] == "widget"
    cells = [cell.lower() for row in all_rows(stack_database) for cell in row]
    assert not any("kept apart" in cell or body["session_id"].split(".")[0] in cell for cell in cells)


def test_answer_has_follow_up_buttons_that_work(stack):
    first = chat(stack.gateway_url, "what is an IMHA")
    buttons = [b for reply in first.json()["replies"] for b in reply["buttons"]]
    more = next(b for b in buttons if b["title"] == "More detail")
    second = chat(stack.gateway_url, more["payload"], session_id=first.json()["session_id"])
    assert "Source:" in reply_text(second)


def test_reading_level_through_the_gateway_changes_the_text(stack):
    easy = chat(stack.gateway_url, "what is seclusion", reading_level="easy")
    detailed = chat(stack.gateway_url, "what is seclusion", reading_level="detailed")
    assert reply_text(easy) != reply_text(detailed)
    assert "Source:" in reply_text(detailed) and "Source:" not in reply_text(easy)


def test_saying_easier_please_changes_the_level(stack):
    first = chat(stack.gateway_url, "what is rapid tranquillisation")
    session = first.json()["session_id"]
    easier = chat(stack.gateway_url, "easier please", session_id=session)
    assert easier.status_code == 200
    assert reply_text(easier) != reply_text(first)


def test_rasa_rest_channel_answers_directly(stack):
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": "rest-test", "message": QUESTION}, timeout=30
    )
    text = " ".join(m.get("text", "") for m in response.json()).lower()
    assert "seclusion" in text or "segregation" in text


def test_healthz_reports_each_part(stack):
    body = httpx.get(f"{stack.gateway_url}/healthz", timeout=10).json()
    assert body["status"] == "ok"
    assert body["parts"] == {"rasa": "ok", "actions": "ok", "database": "ok"}
    assert set(body["topic_log"]) == {"queued", "written", "dropped", "failures"}
    assert body["topic_log"]["dropped"] == 0


def test_rasa_down_gives_503_with_crisis_numbers(stack_database):
    gateway_only = Stack(
        ports=Ports(actions=free_port(), rasa=free_port(), gateway=free_port()), env={"DATABASE_URL": stack_database}
    )
    try:
        gateway_only.start_gateway()
        response = chat(gateway_only.gateway_url, QUESTION)
        assert response.status_code == 503
        assert reply_text(response) == messages.UNAVAILABLE
        for number in ("999", "116 123", "0800 1111", "85258"):
            assert number in reply_text(response)
        health = httpx.get(f"{gateway_only.gateway_url}/healthz", timeout=10).json()
        assert health["status"] == "degraded" and health["parts"]["rasa"] == "down"
    finally:
        gateway_only.stop()
