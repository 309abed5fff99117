"""Rate limits on chat messages, per conversation and per client address: counted in memory,
or in Redis when REDIS_URL is set (so several gateways share one count).

Fixed windows: at most N messages per window for each key. Keys are a conversation id or a
hash of the client address, never what anyone typed; Redis keys expire with their window. If
Redis cannot be reached the message is let through (a person in crisis must still get an
answer), and the failure is logged without any user data."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    per_session: int
    per_address: int
    window_seconds: float


def address_key(address: str) -> str:
    """A short hash, so client addresses are not kept as they are."""
    return hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()[:20]


class MemoryCounter:
    """Counts in this process. Each new window starts from zero, so memory stays bounded."""

    def __init__(self) -> None:
        self.window = -1
        self.counts: Dict[str, int] = {}

    async def hit(self, key: str, window: int, window_seconds: float) -> int:
        if window != self.window:
            self.window, self.counts = window, {}
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]

    async def close(self) -> None:
        return None


class RedisCounter:
    """Counts in Redis: one key per window, which expires when the window ends."""

    def __init__(self, url: str) -> None:
        from redis import asyncio as redis

        self.client = redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    async def hit(self, key: str, window: int, window_seconds: float) -> int:
        name = f"speakup:rate:{key}:{window}"
        async with self.client.pipeline(transaction=True) as pipe:
            count, _ = await pipe.incr(name).expire(name, math.ceil(window_seconds) + 1).execute()
        return int(count)

    async def close(self) -> None:
        await self.client.close()


class RateLimiter:
    """Says whether one more message is allowed, and if not, how many seconds to wait."""

    def __init__(self, limits: Limits, redis_url: Optional[str] = None):
        self.limits = limits
        self.counter = RedisCounter(redis_url) if redis_url else MemoryCounter()

    async def check(self, session_id: Optional[str], address: str) -> Optional[int]:
        """None if allowed; otherwise the seconds until the window ends (for Retry-After)."""
        now = time.time()
        window = int(now // self.limits.window_seconds)
        keys: Tuple[Tuple[str, int], ...] = (("a:" + address_key(address), self.limits.per_address),)
        if session_id:
            keys += (("s:" + session_id, self.limits.per_session),)
        try:
            for key, limit in keys:
                if await self.counter.hit(key, window, self.limits.window_seconds) > limit:
                    return max(1, math.ceil((window + 1) * self.limits.window_seconds - now))
        except Exception as error:  # noqa: BLE001 - Redis down: let the message through
            log.warning("rate limit store unavailable (%s); message allowed", type(error).__name__)
        return None

    async def close(self) -> None:
        await self.counter.close()
