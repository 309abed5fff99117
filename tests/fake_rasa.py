"""A test double of Rasa's REST webhook, for the fast gateway tests only: the gateway's own
RasaClient sends to it through httpx's MockTransport, so no Rasa process is needed. It records
each request body and answers as Rasa's REST channel does. The stack tests use the real chain."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Union

import httpx

from bot.rasa_client import RasaClient

Answer = Union[List[Dict[str, Any]], httpx.Response, Exception]


class FakeRasa:
    """Rasa's /webhooks/rest/webhook: by default one text message back; `answer` changes that."""

    URL = "http://rasa.test"

    def __init__(self) -> None:
        self.received: List[Dict[str, Any]] = []
        self.answer: Callable[[Dict[str, Any]], Answer] = lambda body: [
            {"recipient_id": body["sender"], "text": "An answer from the fake Rasa."}
        ]
        self.rasa = RasaClient(httpx.AsyncClient(transport=httpx.MockTransport(self._handle)), [self.URL])

    def _handle(self, request: httpx.Request) -> httpx.Response:
        assert request.url == f"{self.URL}/webhooks/rest/webhook"
        body = json.loads(request.content)
        self.received.append(body)
        result = self.answer(body)
        if isinstance(result, Exception):
            raise result
        if isinstance(result, httpx.Response):
            return result
        return httpx.Response(200, json=result)
