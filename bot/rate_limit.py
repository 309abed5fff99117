"""Rate limits: chat messages per conversation and per client address, new conversations per
address, and dashboard sign-in posts per address. Counted in memory, or in Redis when REDIS_URL
is set (so several gateways share one count).

Fixed windows: at most N hits per window for each key. Keys are a conversation's name or a hash
of the client address, never what anyone typed; Redis keys expire with their window. IPv6
addresses are grouped by /64 (one household or one device's privacy addresses share a /64), so
nobody gets a fresh bucket for every address in their range. The client address is the one
uvicorn gives: behind a proxy, run it with --forwarded-allow-ips set to exactly the proxy's
address. If Redis cannot be reached the message is let through (a person in crisis must still
get an answer), and the failure is logged without any user data."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    per_session: int
    per_address: int
    window_seconds: float
    new_per_address: int = 300
    new_window_seconds: float = 3600.0
    login_per_address: int = 10
    login_window_seconds: float = 300.0


def address_group(address: str) -> str:
    """The address a limit counts: IPv4 as it is, IPv6 as its /64, IPv4-mapped IPv6 as IPv4."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def address_key(address: str) -> str:
    """A short hash of the address group, so client addresses are not kept as they are."""
    return hashlib.sha256(address_group(address).encode("utf-8", "replace")).hexdigest()[:20]


class MemoryCounter:
    """Counts in this process. Each new window starts from zero, so memory stays bounded."""

    def __init__(self) -> None:
        self.windows: Dict[float, Tuple[int, Dict[str, int]]] = {}

    async def hit(self, key: str, window: int, window_seconds: float) -> int:
        current, counts = self.windows.get(window_seconds, (-1, {}))
        if window != current:
            current, counts = window, {}
            self.windows[window_seconds] = (current, counts)
        counts[key] = counts.get(key, 0) + 1
        return counts[key]

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
    """Says whether one more hit is allowed, and if not, how many seconds to wait."""

    def __init__(self, limits: Limits, redis_url: Optional[str] = None):
        self.limits = limits
        self.counter = RedisCounter(redis_url) if redis_url else MemoryCounter()

    async def _check(self, rules: List[Tuple[str, int, float]]) -> Optional[int]:
        now = time.time()
        try:
            for key, limit, seconds in rules:
                window = int(now // seconds)
                if await self.counter.hit(key, window, seconds) > limit:
                    return max(1, math.ceil((window + 1) * seconds - now))
        except Exception as error:  # noqa: BLE001 - Redis down: let the message through
            log.warning("rate limit store unavailable (%s); message allowed", type(error).__name__)
        return None

    async def check(self, session_id: Optional[str], address: str, new_conversation: bool = False) -> Optional[int]:
        """A chat message: None if allowed; otherwise the seconds until the window ends (Retry-After).
        `session_id` is the conversation's verified name; a new conversation also counts against
        the address's new-conversation cap."""
        limits, where = self.limits, address_key(address)
        rules = [("a:" + where, limits.per_address, limits.window_seconds)]
        if session_id:
            rules.append(("s:" + session_id, limits.per_session, limits.window_seconds))
        if new_conversation:
            rules.append(("n:" + where, limits.new_per_address, limits.new_window_seconds))
        return await self._check(rules)

    async def check_login(self, address: str) -> Optional[int]:
        """A dashboard sign-in post from this address."""
        limits = self.limits
        return await self._check([("l:" + address_key(address), limits.login_per_address, limits.login_window_seconds)])

    async def close(self) -> None:
        await self.counter.close()
