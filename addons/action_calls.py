"""Cheaper calls from Rasa to the action server: kept-alive connections, and a reply check
whose validator is built once.

- Rasa 3.6 opens a new HTTP session (and TCP connection) for every action call. Here each
  endpoint keeps one session per event loop. Idle connections are closed after 2 s, before the
  action server's own keep-alive limit (5 s), so a request never lands on a closing connection.
- Rasa 3.6 calls `jsonschema.validate` on every reply, and that re-checks the schema itself
  against the JSON Schema meta-schema each time: about a quarter of Rasa's time per message here.
  The reply is still checked in full, against the same schema, with the same error text."""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any, Dict, Text

import aiohttp
from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

IDLE_SECONDS = 2.0


class _KeptSession:
    """`async with` hands out the endpoint's shared session and leaves it open afterwards."""

    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_: Any) -> bool:
        return False


def _session(self: EndpointConfig) -> _KeptSession:
    loop = asyncio.get_running_loop()
    kept = self.__dict__.setdefault("_speakup_sessions", {})
    session = kept.get(loop)
    if session is None or session.closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS),
        )
        kept[loop] = session
    return _KeptSession(session)


@lru_cache(maxsize=1)
def _validator():
    schema = RemoteAction.action_response_format_spec()
    kind = validators.validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    error = exceptions.best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


RemoteAction._validate_action_result = _validate_action_result
EndpointConfig.session = _session
