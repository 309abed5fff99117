"""What people type stays out of every log and file in the cases that used to leak it: messages
starting with "/" and malformed `/intent{json` (Rasa's "Failed to parse arguments" warning), a
message while the action server is stalled (SIGSTOP) until the gateway times out (Rasa's REST
channel logs `text=` when a request is cancelled or fails), and a Redis error in the scaled
layout. After each, every file under var/ (all the processes' logs) and the database are searched."""

from __future__ import annotations

import os
import signal
import time

import httpx
import pytest
import redis

from scripts.redis_server import RedisServer
from scripts.stack import NO_RATE_LIMITS, Ports, Stack, free_port
from tests.helpers import assert_kept_nowhere

pytestmark = pytest.mark.stack


def to_gateway(url: str, message: str, session=None, payload=None, timeout: float = 30) -> httpx.Response:
    return httpx.post(
        f"{url}/api/chat", json={"message": message, "session_id": session, "payload": payload}, timeout=timeout
    )


def to_rasa(url: str, message: str) -> httpx.Response:
    return httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": "privacy-test", "message": message}, timeout=30)


def rasa_log(stack: Stack) -> str:
    return (stack.log_dir / "rasa.log").read_text(errors="replace")


def test_slash_messages_and_malformed_commands_leave_no_trace(stack, stack_database):
    words = ["marzipan", "tamarind", "fenugreek"]
    typed = ["/my nurse hit me by the marzipan door", '/faq{"topic": "tamarind', '/set_level{"fenugreek": "x"}']
    session = None
    for message in typed:
        response = to_gateway(stack.gateway_url, message, session)
        assert response.status_code == 200
        session = response.json()["session_id"]
    pressed = to_gateway(stack.gateway_url, "tamarind button", session, payload='/faq{"topic": "tamarind')
    assert pressed.status_code == 200
    # Straight to Rasa, as any other client of its REST channel might: the warning path itself.
    for message in typed:
        assert to_rasa(stack.rasa_url, message).status_code == 200
    time.sleep(1)
    assert "could not read a message that starts with '/'" in rasa_log(stack), "Rasa's parse warning was exercised"
    assert_kept_nowhere(words, stack_database, session)


def test_a_message_while_the_action_server_is_stalled(stack, stack_database, tmp_path, log_dir):
    words = ["kohlrabi", "persimmon"]
    impatient = Stack(
        ports=Ports(actions=stack.ports.actions, rasa=stack.ports.rasa, gateway=free_port()),
        env={"DATABASE_URL": stack_database, "RASA_TIMEOUT_SECONDS": "2", **NO_RATE_LIMITS},
        log_dir=log_dir / "impatient",
    )
    impatient.start_gateway()
    actions = stack.processes["actions"]
    try:
        os.killpg(actions.pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            response = to_gateway(impatient.gateway_url, "the kohlrabi nurse shouted at me near persimmon ward")
            assert response.status_code == 503 and time.monotonic() - started < 10, "the gateway timed out"
            time.sleep(3)  # Rasa is still waiting on the stalled action server
        finally:
            os.killpg(actions.pid, signal.SIGCONT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if to_gateway(impatient.gateway_url, "what is PALS").status_code == 200:
                break
            time.sleep(1)
        else:
            pytest.fail("the stack did not recover after SIGCONT")
    finally:
        impatient.stop()
    time.sleep(1)
    assert_kept_nowhere(words, stack_database)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory, stack_database, log_dir):
    """One node of the scaled layout (SCALE=redis), with Redis behind deploy's ACL and a password."""
    server = RedisServer(password="privacy-test-redis-password")
    url = server.start()
    running = Stack(
        ports=Ports.free(),
        env={
            "SCALE": "redis",
            "REDIS_URL": url,
            "DATABASE_URL": stack_database,
            "COOKIE_SECURE": "false",
            "RASA_TIMEOUT_SECONDS": "30",
            **NO_RATE_LIMITS,
        },
        log_dir=log_dir / "scaled",
    )
    try:
        running.start()
        yield running, server
    finally:
        running.stop()
        server.stop()


def test_the_scaled_layout_uses_redis_with_its_acl_and_forgets_on_request(scaled):
    running, server = scaled
    response = to_gateway(running.gateway_url, "what is seclusion")
    assert response.status_code == 200
    session = response.json()["session_id"]
    client = redis.Redis.from_url(server.url)
    key = f"speakup:tracker:{session.split('.')[0]}"
    assert client.exists(key), "Rasa keeps the conversation in Redis, through the ACL user"
    assert client.exists(f"speakup:offered:{session.split('.')[0]}")
    forgot = httpx.post(f"{running.gateway_url}/api/forget", json={"session_id": session}, timeout=30)
    assert forgot.json() == {"forgotten": True}
    assert not client.exists(key), "the old id's tracker is gone from Redis"


def test_a_redis_error_in_the_scaled_layout(scaled, stack_database):
    running, server = scaled
    words = ["rutabaga", "quillwort"]
    first = to_gateway(running.gateway_url, "what is PALS")
    assert first.status_code == 200
    server.process.send_signal(signal.SIGSTOP)  # Redis stops answering: connections time out
    try:
        failed = to_gateway(
            running.gateway_url,
            "a rutabaga nurse locked me in the quillwort room",
            session=first.json()["session_id"],
            timeout=60,
        )
        assert failed.status_code == 503, "Rasa could not reach Redis"
    finally:
        server.process.send_signal(signal.SIGCONT)
    server.stop()  # and then Redis is gone
    refused = to_gateway(running.gateway_url, "the rutabaga again", timeout=60)
    assert refused.status_code == 503
    time.sleep(1)
    assert_kept_nowhere(words, stack_database)
