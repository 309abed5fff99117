"""Talks to Rasa's REST channel with one shared async HTTP client, spreading messages over one
or more Rasa instances (RASA_URL may list several, when they share a tracker store: SCALE=redis)."""

from __future__ import annotations

import itertools
from typing import Any, Dict, List, Optional, Sequence

import httpx

# The instance did not take the message (down, or gone mid-request): another one can.
TRY_ANOTHER = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError, httpx.ReadError)


class RasaUnavailable(Exception):
    """Rasa could not be reached or did not answer properly."""


class RasaClient:
    """Sends a person's message to Rasa and turns Rasa's messages into replies."""

    def __init__(self, http: httpx.AsyncClient, rasa_urls: Sequence[str]):
        self.http = http
        self.webhooks = [url.rstrip("/") + "/webhooks/rest/webhook" for url in rasa_urls]
        self._turn = itertools.count()

    async def _post(self, body: Dict[str, Any]) -> httpx.Response:
        """Round robin over the instances; if one is down, the next one takes the message."""
        first = next(self._turn)
        problem = "no Rasa instance"
        for step in range(len(self.webhooks)):
            try:
                return await self.http.post(self.webhooks[(first + step) % len(self.webhooks)], json=body)
            except TRY_ANOTHER as error:
                problem = type(error).__name__
            except httpx.HTTPError as error:
                raise RasaUnavailable(type(error).__name__) from None
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
        replies: List[Dict[str, Any]] = []
        for message in messages:
            kind = _kind(message)
            if kind and replies:
                replies[-1]["kind"] = kind  # Rasa sends a message's custom part separately, after it
            reply = _reply(message)
            if reply is not None:
                replies.append(reply)
        return replies

    async def restart(self, name: str) -> None:
        """Rasa's own /restart for this conversation (sent by the gateway, never typed text): the
        tracker stores in addons/tracker_store.py then delete the conversation's events."""
        response = await self._post({"sender": name, "message": "/restart"})
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")


KINDS = ("summary",)


def _kind(message: Any) -> Optional[str]:
    """The kind of a custom message our actions send (only "summary": a printable summary)."""
    custom = message.get("custom") if isinstance(message, dict) else None
    kind = custom.get("kind") if isinstance(custom, dict) else None
    return kind if kind in KINDS else None


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
