"""Rate limits: the limiter itself in memory (fast), then through real gateway processes (in
memory, and shared in a real Redis), in front of the shared Rasa: 429 with Retry-After and a
readable message, per conversation and per address."""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest
import redis

from bot.rate_limit import Limits, RateLimiter, address_key
from scripts.redis_server import RedisServer
from scripts.stack import Ports, Stack, free_port
from tests.helpers import chat

WINDOW = 3600  # long, so a test never straddles two windows (see fresh_window)
PER_SESSION, PER_ADDRESS = 3, 8


@pytest.fixture(scope="module")
def redis_url():
    server = RedisServer()
    yield server.start()
    server.stop()


def gateway(stack: Stack, tmp_path, **env) -> Stack:
    limited = Stack(
        ports=Ports(actions=stack.ports.actions, rasa=stack.ports.rasa, gateway=free_port()),
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'topics.db'}",
            "RATE_LIMIT_PER_SESSION": str(PER_SESSION),
            "RATE_LIMIT_PER_ADDRESS": str(PER_ADDRESS),
            "RATE_LIMIT_WINDOW_SECONDS": str(WINDOW),
            **env,
        },
    )
    limited.start_gateway()
    return limited


async def test_the_limiter_counts_per_conversation_then_per_address():
    limiter = RateLimiter(Limits(per_session=2, per_address=3, window_seconds=3600))
    assert [await limiter.check("one", "10.0.0.1") for _ in range(2)] == [None, None]
    wait = await limiter.check("one", "10.0.0.1")
    assert isinstance(wait, int) and 1 <= wait <= 3600
    assert await limiter.check("two", "10.0.0.2") is None, "another address has its own count"
    assert await limiter.check("three", "10.0.0.1") is not None, "the address's own limit (3) is reached"
    await limiter.close()


async def test_a_new_window_starts_from_zero():
    limiter = RateLimiter(Limits(per_session=1, per_address=100, window_seconds=1))
    time.sleep(1 - time.time() % 1)  # the start of a window
    assert await limiter.check("one", "10.0.0.1") is None
    assert await limiter.check("one", "10.0.0.1") == 1
    time.sleep(1.05)
    assert await limiter.check("one", "10.0.0.1") is None
    window, counts = limiter.counter.windows[1]
    assert len(counts) == 2, "old windows' counts are dropped"


async def test_the_limiter_lets_messages_through_when_redis_is_down():
    limiter = RateLimiter(Limits(1, 1, 60), redis_url=f"redis://127.0.0.1:{free_port()}/0")
    started = time.monotonic()
    assert [await limiter.check("one", "10.0.0.1") for _ in range(3)] == [None, None, None]
    assert time.monotonic() - started < 5
    await limiter.close()


def test_addresses_are_kept_only_as_a_short_hash():
    key = address_key("192.168.10.20")
    assert re.fullmatch(r"[0-9a-f]{20}", key) and key == address_key("192.168.10.20")
    assert key != address_key("192.168.10.21")


def fresh_window() -> None:
    left = WINDOW - time.time() % WINDOW
    if left < 30:
        time.sleep(left + 0.5)


def assert_slow_down(response: httpx.Response) -> None:
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= WINDOW
    detail = response.json()["detail"]
    assert f"wait {wait} seconds" in detail and "116 123" in detail


@pytest.mark.stack
@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_per_session_then_per_address_limits(stack, tmp_path, request, backend):
    env = {"REDIS_URL": request.getfixturevalue("redis_url")} if backend == "redis" else {}
    if backend == "redis":
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    limited = gateway(stack, tmp_path, **env)
    try:
        fresh_window()
        session = None
        for _ in range(PER_SESSION):
            response = chat(limited.gateway_url, "what is PALS", session_id=session)
            assert response.status_code == 200
            session = response.json()["session_id"]  # signed by the gateway: the same conversation
        assert_slow_down(chat(limited.gateway_url, "what is PALS", session_id=session))
        # Other conversations from the same address go on, until the address's own limit.
        for _ in range(PER_ADDRESS - PER_SESSION - 1):  # the refused message counted for the address too
            assert chat(limited.gateway_url, "hello", session_id=uuid.uuid4().hex).status_code == 200
        assert_slow_down(chat(limited.gateway_url, "hello", session_id=uuid.uuid4().hex))
        if backend == "redis":
            keys = redis.Redis.from_url(env["REDIS_URL"]).keys("speakup:rate:*")
            assert keys, "the counts are kept in Redis"
            assert all(0 < redis.Redis.from_url(env["REDIS_URL"]).ttl(key) <= WINDOW + 1 for key in keys)
            assert not any(b"127.0.0.1" in key for key in keys), "addresses are hashed"
    finally:
        limited.stop()


@pytest.mark.stack
def test_two_gateways_share_one_count_in_redis(stack, tmp_path, redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    shared = {"REDIS_URL": redis_url, "SESSION_SECRET": uuid.uuid4().hex}  # gateways share the id secret
    first, second = gateway(stack, tmp_path, **shared), gateway(stack, tmp_path, **shared)
    try:
        fresh_window()
        session = None
        for index in range(PER_SESSION):
            front = first if index % 2 else second
            response = chat(front.gateway_url, "hello", session_id=session)
            assert response.status_code == 200
            session = response.json()["session_id"]
        assert_slow_down(chat(first.gateway_url, "hello", session_id=session))
        assert_slow_down(chat(second.gateway_url, "hello", session_id=session))
    finally:
        first.stop()
        second.stop()


@pytest.mark.stack
def test_redis_down_lets_messages_through(stack, tmp_path):
    limited = gateway(stack, tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    try:
        started = time.monotonic()
        assert chat(limited.gateway_url, "what is PALS").status_code == 200
        assert time.monotonic() - started < 5
    finally:
        limited.stop()
