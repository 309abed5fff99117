"""Signed conversation ids (an id the gateway never issued starts a new conversation), and
"Clear conversation" / "Leave quickly" making Rasa forget the conversation's events."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_store import ExpiringInMemoryTrackerStore, ForgettingRedisTrackerStore
from bot.sessions import SessionIds
from tests.helpers import chat, reply_text

SIGNED = re.compile(r"^[0-9a-f]{32}\.[0-9a-f]{32}$")
DOMAIN = Domain.from_yaml("intents: [faq]")


def test_ids_are_signed_and_checked():
    ids, other = SessionIds(b"a" * 32), SessionIds(b"b" * 32)
    issued = ids.new()
    assert SIGNED.match(issued) and ids.name(issued) == issued.split(".")[0]
    assert ids.new() != issued
    name = issued.split(".")[0]
    for forged in ("0" * 32, "0" * 32 + "." + "0" * 32, name, name + "." + "f" * 32, other.new(), None, "", "x"):
        assert ids.name(forged) is None, forged


def conversation(sender: str, restart: bool) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("my private words", {"name": "faq", "confidence": 1.0}),
    ]
    if restart:
        events += [
            UserUttered("/restart", {"name": "restart", "confidence": 1.0}),
            ActionExecuted("action_restart"),
            Restarted(),
            ActionExecuted("action_listen"),
        ]
    return DialogueStateTracker.from_events(sender, events)


def test_the_memory_tracker_store_deletes_a_restarted_conversation():
    store = ExpiringInMemoryTrackerStore(DOMAIN)
    asyncio.run(store.save(conversation("abc", restart=False)))
    assert asyncio.run(store.retrieve("abc")) is not None
    asyncio.run(store.save(conversation("abc", restart=True)))
    assert asyncio.run(store.retrieve("abc")) is None and "abc" not in store.store


def test_the_redis_tracker_store_deletes_a_restarted_conversation():
    from scripts.redis_server import RedisServer

    server = RedisServer()
    url = server.start()
    try:
        store = ForgettingRedisTrackerStore(
            DOMAIN,
            host="127.0.0.1",
            port=server.port,
            db=0,
            use_ssl="false",
            username="",
            password="",
            key_prefix="speakup",
            record_exp=3600,
        )
        asyncio.run(store.save(conversation("abc", restart=False)))
        import redis

        client = redis.Redis.from_url(url)
        assert b"my private words" in client.get("speakup:tracker:abc")
        asyncio.run(store.save(conversation("abc", restart=True)))
        assert client.get("speakup:tracker:abc") is None
    finally:
        server.stop()


@pytest.mark.stack
def test_an_id_the_gateway_never_issued_starts_a_new_conversation(stack):
    first = chat(stack.gateway_url, "what is seclusion")
    issued = first.json()["session_id"]
    assert SIGNED.match(issued)
    again = chat(stack.gateway_url, "easier please", session_id=issued)
    assert again.json()["session_id"] == issued and "computer" not in reply_text(again)
    for made_up in ("0" * 32, "0" * 32 + "." + "0" * 32, issued.split(".")[0] + "." + "0" * 32):
        response = chat(stack.gateway_url, "what is PALS", session_id=made_up)
        assert response.status_code == 200
        assert response.json()["session_id"] not in (made_up, issued)
        assert SIGNED.match(response.json()["session_id"])
        assert "computer" in reply_text(response), "a new conversation starts with the introduction"


@pytest.mark.stack
def test_forget_restarts_the_conversation_in_rasa(stack):
    def level_change(session):
        return chat(stack.gateway_url, '/set_level{"reading_level": "easy"}', session_id=session)

    kept = chat(stack.gateway_url, "what is seclusion").json()["session_id"]
    assert "seclusion" in reply_text(level_change(kept)).lower(), "a level change says the last topic again"
    session = chat(stack.gateway_url, "what is seclusion").json()["session_id"]
    forgot = httpx.post(f"{stack.gateway_url}/api/forget", json={"session_id": session}, timeout=30)
    assert forgot.status_code == 200 and forgot.json() == {"forgotten": True}
    after = level_change(session)
    assert after.status_code == 200
    text = reply_text(after)
    assert "seclusion" not in text.lower(), "the old events (the last topic) are gone"
    assert "computer" in text and "easy words" in text, "Rasa starts this conversation afresh"
    made_up = httpx.post(f"{stack.gateway_url}/api/forget", json={"session_id": "0" * 32}, timeout=30)
    assert made_up.json() == {"forgotten": False}
