"""Talks to Rasa's REST channel with one shared async HTTP client, over one or more Rasa
instances: each conversation stays on one worker (chosen by a hash of its id) when each worker
keeps conversations in its own memory, or messages take turns when they share a tracker store
(SCALE=redis)."""

from __future__ import annotations

import itertools
import logging
import re
import time
import zlib
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Sequence, Tuple

import httpx

from bot.labels import LEVELS

logger = logging.getLogger(__name__)
# Conversations moved off a worker that was down, remembered so they stay where they went.
MOVED_LIMIT = 10000
MOVED_SECONDS = 3600.0

# The instance did not take the message (down, or gone mid-request): another one can.
TRY_ANOTHER = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)


class RasaUnavailable(Exception):
    """Rasa could not be reached or did not answer properly."""


class RasaClient:
    """Sends a person's message to Rasa and turns Rasa's messages into replies."""

    def __init__(self, http: httpx.AsyncClient, rasa_urls: Sequence[str], sticky: bool = True):
        self.http = http
        self.webhooks = [url.rstrip("/") + "/webhooks/rest/webhook" for url in rasa_urls]
        self.sticky = sticky
        self._turn = itertools.count()
        self._moved: "OrderedDict[str, Tuple[int, float]]" = OrderedDict()
        self._down: set = set()

    def home(self, session_id: str) -> int:
        """The worker a conversation belongs to: where it moved to, else a stable hash of its id."""
        moved = self._moved.get(session_id)
        if moved is not None and time.monotonic() - moved[1] < MOVED_SECONDS:
            return moved[0]
        return zlib.crc32(session_id.encode("utf-8")) % len(self.webhooks)

    def _remember_move(self, session_id: str, worker: int) -> None:
        self._moved[session_id] = (worker, time.monotonic())
        self._moved.move_to_end(session_id)
        while len(self._moved) > MOVED_LIMIT:
            self._moved.popitem(last=False)

    def _note(self, worker: int, answered: bool) -> None:
        if answered and worker in self._down:
            self._down.discard(worker)
            logger.warning("Rasa worker %d answers again", worker + 1)
        elif not answered and worker not in self._down:
            self._down.add(worker)
            logger.warning("Rasa worker %d is not answering: its conversations move to another worker", worker + 1)

    async def _post(self, body: Dict[str, Any]) -> httpx.Response:
        """To the conversation's worker (sticky) or the next in turn; if it is down, the next one
        takes the message, and with sticky routing the conversation stays there."""
        first = self.home(body["sender"]) if self.sticky else next(self._turn)
        problem = "no Rasa instance"
        for step in range(len(self.webhooks)):
            worker = (first + step) % len(self.webhooks)
            try:
                response = await self.http.post(self.webhooks[worker], json=body)
            except TRY_ANOTHER as error:
                problem = type(error).__name__
                self._note(worker, answered=False)
                continue
            except httpx.HTTPError as error:
                raise RasaUnavailable(type(error).__name__) from None
            self._note(worker, answered=True)
            if self.sticky and step:
                self._remember_move(body["sender"], worker)
            return response
        raise RasaUnavailable(problem)

    async def send(self, session_id: str, message: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        body = {"sender": session_id, "message": message, "metadata": metadata}
        response = await self._post(body)
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            messages = response.json()
        except ValueError:
            raise RasaUnavailable("invalid JSON") from None
        if not isinstance(messages, list):
            raise RasaUnavailable("unexpected reply shape")
        return replies_from(messages)

    async def restart(self, name: str) -> None:
        """Rasa's own /restart for this conversation (sent by the gateway, never typed text): the
        tracker stores in addons/tracker_store.py then delete the conversation's events."""
        response = await self._post({"sender": name, "message": "/restart"})
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")


def replies_from(messages: List[Any]) -> List[Dict[str, Any]]:
    """Rasa's messages as the widget's replies: {"text", "buttons"}, with what the custom part
    after a message says about it (its kind, level and topic)."""
    replies: List[Dict[str, Any]] = []
    for message in messages:
        extra = _custom(message)
        if extra and replies:
            replies[-1].update(extra)  # Rasa sends a message's custom part separately, after it
        reply = _reply(message)
        if reply is not None:
            replies.append(reply)
    return replies


KINDS = ("summary",)
TOPIC_ID = re.compile(r"^[a-z0-9_]{1,64}$")


def _custom(message: Any) -> Dict[str, str]:
    """What our actions say about a message in its custom part: its kind ("summary": a printable
    summary), the reading level it was written in, and the topic it answers (for "Did this help?")."""
    custom = message.get("custom") if isinstance(message, dict) else None
    if not isinstance(custom, dict):
        return {}
    found = {}
    if custom.get("kind") in KINDS:
        found["kind"] = custom["kind"]
    if custom.get("level") in LEVELS:
        found["level"] = custom["level"]
    if isinstance(custom.get("topic"), str) and TOPIC_ID.match(custom["topic"]):
        found["topic"] = custom["topic"]
    return found


def _reply(message: Any) -> Optional[Dict[str, Any]]:
    """A Rasa message as {"text", "buttons"}; None for kinds the widget does not show."""
    if not isinstance(message, dict):
        return None
    text = message.get("text") or ""
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in message.get("buttons") or []
        if isinstance(b, dict)
    ]
    if not text and not buttons:
        return None
    return {"text": text, "buttons": buttons}
