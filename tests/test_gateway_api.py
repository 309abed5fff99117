"""The gateway in process (FastAPI's TestClient) with a fake Rasa (tests/fake_rasa.py): what it
sends on and gives back, readable 422s, security headers, the body limit, the schema, the 503 with
the crisis numbers and the 429. No running stack: tests/test_gateway.py covers the real chain."""

from __future__ import annotations

import re

import httpx
import pytest

from bot import messages

CRISIS = ("999", "116 123", "0800 1111", "85258")


def chat(client, message, **fields):
    return client.post("/api/chat", json={"message": message, **fields})


def test_a_message_goes_to_rasa_with_its_metadata_and_the_replies_come_back(gateway, fake_rasa):
    fake_rasa.answer = lambda body: [
        {
            "recipient_id": body["sender"],
            "text": "Seclusion means being kept apart.",
            "buttons": [{"title": "Easier words", "payload": "/simpler"}],
        },
        {"recipient_id": body["sender"], "text": "Your summary."},
        {"recipient_id": body["sender"], "custom": {"kind": "summary"}},
        {"recipient_id": body["sender"], "image": "ignored.png"},
    ]
    response = chat(gateway, "  why am I kept apart?\x00 ", reading_level="easy", channel="fullpage", audience="family")
    assert response.status_code == 200
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{32}\.[0-9a-f]{32}", body["session_id"])
    assert body["replies"] == [
        {"text": "Seclusion means being kept apart.", "buttons": [{"title": "Easier words", "payload": "/simpler"}]},
        {"text": "Your summary.", "buttons": [], "kind": "summary"},
    ]
    assert fake_rasa.received == [
        {
            "sender": body["session_id"].split(".")[0],
            "message": "why am I kept apart?",
            "metadata": {"channel": "fullpage", "reading_level": "easy", "audience": "family"},
        }
    ]


def test_a_conversation_keeps_its_id_and_the_channel_defaults_to_the_widget(gateway, fake_rasa):
    session = chat(gateway, "hello").json()["session_id"]
    assert chat(gateway, "hello", session_id=session).json()["session_id"] == session
    assert fake_rasa.received[-1]["metadata"] == {"channel": "widget"}
    first, second = chat(gateway, "hello").json(), chat(gateway, "hello").json()
    assert first["session_id"] != second["session_id"]


@pytest.mark.parametrize(
    "message,expected",
    [
        ("", "Please type a message"),
        ("   \n ", "Please type a message"),
        ("x" * 1001, "too long"),
    ],
)
def test_bad_messages_get_a_readable_422(gateway, fake_rasa, message, expected):
    response = chat(gateway, message)
    assert response.status_code == 422
    assert expected in response.json()["detail"]
    assert not fake_rasa.received


def test_bad_level_and_session_get_readable_422s(gateway, fake_rasa):
    assert "easy, plain or detailed" in chat(gateway, "hi", reading_level="hard").json()["detail"]
    assert messages.BAD_SESSION in chat(gateway, "hi", session_id="../etc").json()["detail"]
    assert "widget or fullpage" in chat(gateway, "hi", channel="sms").json()["detail"]
    response = gateway.post("/api/chat", content=b"not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and "detail" in response.json()
    assert not fake_rasa.received


def test_widget_page_is_served(gateway):
    page = gateway.get("/")
    assert page.status_code == 200 and 'for="message"' in page.text


@pytest.mark.parametrize("path", ["/", "/chat", "/embed.js", "/healthz", "/dashboard/login", "/openapi.json"])
def test_security_headers_on_every_page(gateway, path):
    response = gateway.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_oversize_bodies_are_refused_and_docs_load_nothing_from_a_cdn(gateway, fake_rasa):
    big = gateway.post(
        "/api/chat", content=b'{"message": "' + b"x" * 9000 + b'"}', headers={"content-type": "application/json"}
    )
    assert big.status_code == 413 and "too large" in big.json()["detail"]
    assert big.headers["x-content-type-options"] == "nosniff"
    assert gateway.get("/docs").status_code == 404
    assert "/api/chat" in gateway.get("/openapi.json").json()["paths"]
    assert not fake_rasa.received


def assert_unavailable(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{32}\.[0-9a-f]{32}", body["session_id"])
    assert [reply["text"] for reply in body["replies"]] == [messages.UNAVAILABLE]
    assert all(number in messages.UNAVAILABLE for number in CRISIS)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.ConnectError("connection refused"),
        httpx.ReadTimeout("too slow"),
        httpx.Response(500, text="Internal Server Error"),
        httpx.Response(200, text="<html>not json</html>"),
        httpx.Response(200, json={"not": "a list"}),
        [],  # Rasa answered, but the action server did not: no reply at all
    ],
    ids=["refused", "timeout", "http-500", "not-json", "not-a-list", "no-reply"],
)
def test_when_rasa_cannot_answer_the_person_gets_a_503_with_the_crisis_numbers(gateway, fake_rasa, answer):
    fake_rasa.answer = lambda body: answer
    assert_unavailable(chat(gateway, "what is PALS"))


def test_too_many_messages_get_a_429_with_retry_after_and_the_crisis_numbers(make_gateway, fake_rasa):
    limited = make_gateway(RATE_LIMIT_PER_SESSION="2", RATE_LIMIT_PER_ADDRESS="100", RATE_LIMIT_WINDOW_SECONDS="3600")
    session = chat(limited, "what is PALS").json()["session_id"]
    assert chat(limited, "what is PALS", session_id=session).status_code == 200
    refused = chat(limited, "what is PALS", session_id=session)
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 3600
    assert f"wait {wait} seconds" in refused.json()["detail"]
    assert all(number in refused.json()["detail"] for number in CRISIS)
    assert len(fake_rasa.received) == 2, "a refused message is not sent on to Rasa"
    assert chat(limited, "what is PALS").status_code == 200, "another conversation goes on"
