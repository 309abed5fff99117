"""Rate limits behind a proxy: the client address comes from X-Forwarded-For only when the
proxy's own address sends it (uvicorn's --forwarded-allow-ips, as deploy/ sets it), IPv6
addresses count by /64, and each address may start only so many new conversations."""

from __future__ import annotations

import time

import httpx
import pytest

from bot.rate_limit import Limits, RateLimiter, address_group, address_key
from scripts.stack import Ports, Stack, free_port

WINDOW = 3600


def test_ipv6_addresses_count_by_64():
    assert address_group("2001:db8:1:2:aaaa::1") == address_group("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_group("::ffff:203.0.113.7") == "203.0.113.7"
    assert address_group("203.0.113.7") == "203.0.113.7" and address_group("unknown") == "unknown"


async def test_new_conversations_are_capped_per_address():
    limiter = RateLimiter(
        Limits(per_session=100, per_address=100, window_seconds=60, new_per_address=2, new_window_seconds=WINDOW)
    )
    assert await limiter.check(None, "203.0.113.7", new_conversation=True) is None
    assert await limiter.check(None, "203.0.113.7", new_conversation=True) is None
    assert await limiter.check(None, "203.0.113.7", new_conversation=True) is not None
    assert await limiter.check("abc", "203.0.113.7") is None, "a conversation already started goes on"
    assert await limiter.check(None, "2001:db8::1", new_conversation=True) is None


def gateway(stack: Stack, tmp_path, **env) -> Stack:
    front = Stack(
        ports=Ports(actions=stack.ports.actions, rasa=stack.ports.rasa, gateway=free_port()),
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'topics.db'}",
            "RATE_LIMIT_PER_SESSION": "1000",
            "RATE_LIMIT_WINDOW_SECONDS": str(WINDOW),
            **env,
        },
    )
    front.start_gateway()
    return front


def send(front: Stack, forwarded_for: str, session=None) -> httpx.Response:
    return httpx.post(
        f"{front.gateway_url}/api/chat",
        json={"message": "what is PALS", "session_id": session},
        headers={"X-Forwarded-For": forwarded_for},
        timeout=30,
    )


def fresh_window() -> None:
    left = WINDOW - time.time() % WINDOW
    if left < 30:
        time.sleep(left + 0.5)


@pytest.mark.stack
def test_the_proxy_address_is_trusted_and_nobody_else(stack, tmp_path):
    # This test's client plays the proxy, from 127.0.0.1.
    trusted = gateway(stack, tmp_path, RATE_LIMIT_PER_ADDRESS="2", FORWARDED_ALLOW_IPS="127.0.0.1")
    untrusted = gateway(stack, tmp_path, RATE_LIMIT_PER_ADDRESS="2", FORWARDED_ALLOW_IPS="127.0.0.2")
    try:
        fresh_window()
        for _ in range(2):
            assert send(trusted, "203.0.113.1").status_code == 200
        assert send(trusted, "203.0.113.1").status_code == 429
        assert send(trusted, "203.0.113.2").status_code == 200, "another person behind the proxy has their own count"
        assert send(trusted, "198.51.100.9, 203.0.113.3").status_code == 200, "the proxy's own entry is the one used"
        # IPv6: one /64 is one count.
        assert send(trusted, "2001:db8:5:5::1").status_code == 200
        assert send(trusted, "2001:db8:5:5::2").status_code == 200
        assert send(trusted, "2001:db8:5:5::3").status_code == 429
        # X-Forwarded-For from anyone but the proxy is ignored: changing it gains nothing.
        assert send(untrusted, "203.0.113.1").status_code == 200
        assert send(untrusted, "203.0.113.2").status_code == 200
        assert send(untrusted, "203.0.113.3").status_code == 429
    finally:
        trusted.stop()
        untrusted.stop()


@pytest.mark.stack
def test_new_conversations_per_address_through_a_gateway(stack, tmp_path):
    capped = gateway(
        stack,
        tmp_path,
        RATE_LIMIT_PER_ADDRESS="1000",
        RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS="2",
        RATE_LIMIT_NEW_CONVERSATIONS_WINDOW_SECONDS=str(WINDOW),
    )
    try:
        fresh_window()
        first = send(capped, "203.0.113.50")
        assert first.status_code == 200 and send(capped, "203.0.113.50").status_code == 200
        refused = send(capped, "203.0.113.50", session="0" * 32)  # unsigned: would be a new conversation
        assert refused.status_code == 429 and "116 123" in refused.json()["detail"]
        assert send(capped, "203.0.113.50", session=first.json()["session_id"]).status_code == 200
    finally:
        capped.stop()
