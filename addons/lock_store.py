"""Rasa's Redis lock store, with every change to a conversation's ticket lock made atomic across
Rasa instances (SCALE=redis, endpoints.scale.yml).

Rasa 3.6 reads a conversation's lock from Redis, adds or removes a ticket, and writes it back,
with nothing to stop another instance doing the same in between. Two instances that start on
one conversation at the same moment can then both hold the lock (tests/test_cluster.py caught
this). Here each of those read-change-write steps runs under a short Redis mutex (SET NX with
an expiry), so no ticket is lost and one conversation is handled by one instance at a time."""

from __future__ import annotations

from typing import Any, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from addons.tracker_store import as_bool

MUTEX_SECONDS = 5


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store named by module path
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        kwargs["use_ssl"] = as_bool(kwargs.get("use_ssl", False))
        for empty in ("username", "password", "ssl_ca_certs", "ssl_certfile", "ssl_keyfile"):
            if kwargs.get(empty) == "":
                kwargs[empty] = None  # an unset ${...} in endpoints.scale.yml: no password, no TLS files
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: Text):
        return self.red.lock(
            f"{self.key_prefix}mutex:{conversation_id}",
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS,
            sleep=0.005,
        )

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
