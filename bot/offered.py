"""Button payloads: which ones the bot offered in each conversation, so a press is sent to Rasa as
a command only if the bot offered it there, or if it is on a short allowlist (the topic menu, the
walk-through, the level changes). Everything else, typed or pressed, reaches Rasa as text.

Kept in this gateway's memory (bounded, expiring with the conversation), or in Redis when
REDIS_URL is set, because behind a load balancer the next press may reach another gateway.
Reading Rasa's tracker instead would need Rasa's HTTP API switched on, which this project keeps
off. Only payloads the bot itself made are stored (such as /faq{"topic": "imha"}), never what
anyone typed. If Redis cannot be reached, a press counts as not offered and its title goes to
Rasa as text, which the model still understands: nothing fails open."""

from __future__ import annotations

import json
import logging
import re
import time
from collections import OrderedDict
from functools import lru_cache
from typing import Iterable, Optional, Set, Tuple

import yaml

from bot import starters
from bot.labels import LEVELS
from bot.settings import ROOT

log = logging.getLogger(__name__)
PAYLOAD = re.compile(r"^/(\w{1,64})(\{.*\})?$", re.DOTALL)
MAX_PER_CONVERSATION = 256
MAX_CONVERSATIONS = 20_000


def canonical(payload: Optional[str]) -> Optional[str]:
    """/intent or /intent{"entity": "value", ...} with sorted keys, or None if it is not one."""
    match = PAYLOAD.match((payload or "").strip())
    if match is None:
        return None
    intent, entities = match.group(1), match.group(2)
    if entities is None:
        return f"/{intent}"
    try:
        parsed = json.loads(entities)
    except ValueError:
        return None
    if (
        not isinstance(parsed, dict)
        or not parsed
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in parsed.items())
    ):
        return None
    return f"/{intent}{json.dumps(parsed, sort_keys=True)}"


# Pressed without being offered in this conversation: the widget's own controls, and the starter
# buttons on the chat's first screen (content/starters.yml).
ALLOWLIST = frozenset(
    [canonical("/topic_menu"), canonical("/walkthrough")]
    + [canonical(f'/set_level{{"reading_level": "{level}"}}') for level in LEVELS]
    + [canonical(pressed) for pressed in starters.payloads()]
)


@lru_cache(maxsize=1)
def conversation_seconds() -> float:
    """The session expiry in domain.yml (one source for it), in seconds."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")) or {}
    return 60.0 * float((domain.get("session_config") or {}).get("session_expiration_time") or 60)


def offered_in(replies: Iterable[dict]) -> Set[str]:
    found = set()
    for reply in replies:
        for button in reply.get("buttons") or []:
            payload = canonical(button.get("payload"))
            if payload:
                found.add(payload)
    return found


class MemoryOffers:
    """In this process: conversation -> (last used, payloads), oldest conversations dropped first."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.conversations: "OrderedDict[str, Tuple[float, Set[str]]]" = OrderedDict()

    def _expire(self, now: float) -> None:
        while self.conversations:
            name, (used, _) = next(iter(self.conversations.items()))
            if used >= now - self.seconds and len(self.conversations) <= MAX_CONVERSATIONS:
                break
            self.conversations.popitem(last=False)

    async def add(self, name: str, payloads: Set[str]) -> None:
        now = time.monotonic()
        _, known = self.conversations.pop(name, (now, set()))
        known |= set(list(payloads)[: max(0, MAX_PER_CONVERSATION - len(known))])
        self.conversations[name] = (now, known)
        self._expire(now)

    async def has(self, name: str, payload: str) -> bool:
        self._expire(time.monotonic())
        return payload in self.conversations.get(name, (0, set()))[1]

    async def forget(self, name: str) -> None:
        self.conversations.pop(name, None)

    async def close(self) -> None:
        return None


class RedisOffers:
    """In Redis, shared by every gateway: one set per conversation, expiring with it."""

    def __init__(self, url: str, seconds: float) -> None:
        from redis import asyncio as redis

        self.seconds = int(seconds)
        self.client = redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    @staticmethod
    def _key(name: str) -> str:
        return f"speakup:offered:{name}"

    async def add(self, name: str, payloads: Set[str]) -> None:
        key = self._key(name)
        async with self.client.pipeline(transaction=True) as pipe:
            if payloads:
                pipe.sadd(key, *sorted(payloads)[:MAX_PER_CONVERSATION])
            await pipe.expire(key, self.seconds).execute()

    async def has(self, name: str, payload: str) -> bool:
        return bool(await self.client.sismember(self._key(name), payload))

    async def forget(self, name: str) -> None:
        await self.client.delete(self._key(name))

    async def close(self) -> None:
        await self.client.close()


class Offers:
    """What the gateway asks: may this press go to Rasa as a command? And: remember these."""

    def __init__(self, redis_url: Optional[str] = None) -> None:
        seconds = conversation_seconds()
        self.store = RedisOffers(redis_url, seconds) if redis_url else MemoryOffers(seconds)

    async def accept(self, name: Optional[str], payload: Optional[str]) -> Optional[str]:
        """The payload to send to Rasa (canonical form), or None: then the title goes as text."""
        wanted = canonical(payload)
        if wanted is None:
            return None
        if wanted in ALLOWLIST:
            return wanted
        if name is None:
            return None
        try:
            return wanted if await self.store.has(name, wanted) else None
        except Exception as error:  # noqa: BLE001 - store down: not offered, the title goes as text
            log.warning("offered-buttons store unavailable (%s); press sent as text", type(error).__name__)
            return None

    async def remember(self, name: str, replies: Iterable[dict]) -> None:
        try:
            await self.store.add(name, offered_in(replies))
        except Exception as error:  # noqa: BLE001
            log.warning("offered-buttons store unavailable (%s)", type(error).__name__)

    async def forget(self, name: str) -> None:
        try:
            await self.store.forget(name)
        except Exception as error:  # noqa: BLE001
            log.warning("offered-buttons store unavailable (%s)", type(error).__name__)

    async def close(self) -> None:
        await self.store.close()
