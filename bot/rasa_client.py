"""Talks to Rasa's REST channel with one shared async HTTP client."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import httpx


class RasaUnavailable(Exception):
    """Rasa could not be reached or did not answer properly."""


class RasaClient:
    """Sends a person's message to Rasa and turns Rasa's messages into replies."""

    def __init__(self, http: httpx.AsyncClient, rasa_url: str):
        self.http = http
        self.webhook = rasa_url.rstrip("/") + "/webhooks/rest/webhook"

    async def send(self, session_id: str, message: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        body = {"sender": session_id, "message": message, "metadata": metadata}
        try:
            response = await self.http.post(self.webhook, json=body)
        except httpx.HTTPError as error:
            raise RasaUnavailable(type(error).__name__) from None
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
