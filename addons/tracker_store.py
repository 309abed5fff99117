"""Rasa's tracker stores, made to forget: the in-memory one also forgets a conversation once it
has been idle for the session expiry (domain.yml, session_config), so memory does not grow with
every visitor and nothing anyone wrote is kept longer than the session. Nothing is written to
disk. Conversations are held compressed (zlib): about a tenth of the memory, for a fraction of a
millisecond.

Both stores here (in memory, and Redis for SCALE=redis) delete a conversation as soon as Rasa
restarts it: the gateway's POST /api/forget ("Clear conversation", "Leave quickly") sends
Rasa's /restart, and Rasa's own stores would keep every earlier event after the restart."""

from __future__ import annotations

import time
import zlib
from typing import Any, Dict, Optional, Text

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker

from addons.session_cut import cut_if_long

DEFAULT_EXPIRY_MINUTES = 60.0


def restarted(tracker: DialogueStateTracker) -> bool:
    """True if the conversation was restarted: then it is deleted instead of saved."""
    return any(isinstance(event, Restarted) for event in tracker.events)


def as_bool(value: Any) -> bool:
    """endpoints.yml fills ${...} values in as text, so "false" must not count as true."""
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")


class CompressedStore(dict):
    """The serialised conversations, compressed as they go in and opened as they come out."""

    def __setitem__(self, sender_id: Text, serialised: Text) -> None:
        super().__setitem__(sender_id, zlib.compress(serialised.encode("utf-8"), 1))

    def __getitem__(self, sender_id: Text) -> Text:
        return zlib.decompress(super().__getitem__(sender_id)).decode("utf-8")


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """Conversations idle for longer than the expiry are deleted (checked at most every 10 s)."""

    def __init__(
        self, domain=None, event_broker=None, expiry_minutes: Optional[float] = None, **kwargs: Dict[Text, Any]
    ) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, event_broker, **kwargs)
        self.store = CompressedStore()
        self.expiry_minutes = expiry_minutes
        self.touched: Dict[Text, float] = {}
        self._last_sweep = 0.0

    def expiry_seconds(self) -> float:
        """The configured expiry, else the domain's session expiry, else an hour."""
        minutes = self.expiry_minutes
        if minutes is None and self.domain is not None:
            minutes = self.domain.session_config.session_expiration_time or None
        return 60.0 * float(minutes or DEFAULT_EXPIRY_MINUTES)

    def forget_expired(self, now: Optional[float] = None) -> int:
        """Deletes idle conversations; returns how many."""
        now = time.monotonic() if now is None else now
        oldest = now - self.expiry_seconds()
        expired = [sender for sender, touched in self.touched.items() if touched < oldest]
        for sender in expired:
            self.store.pop(sender, None)
            self.touched.pop(sender, None)
        return len(expired)

    def _sweep(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep >= 10:
            self._last_sweep = now
            self.forget_expired(now)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if restarted(tracker):
            self.store.pop(tracker.sender_id, None)
            self.touched.pop(tracker.sender_id, None)
            return
        await super().save(cut_if_long(tracker))
        self.touched[tracker.sender_id] = time.monotonic()
        self._sweep()

    async def _retrieve(self, sender_id: Text, fetch_all_sessions: bool) -> Optional[DialogueStateTracker]:
        self._sweep()
        return await super()._retrieve(sender_id, fetch_all_sessions)


class ForgettingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store (endpoints.scale.yml), which deletes a restarted conversation,
    cuts long conversations like the in-memory store (addons/session_cut.py), and reads use_ssl
    from text ("true"/"false") as endpoints files give it."""

    def __init__(self, domain=None, host: Text = "localhost", use_ssl: Any = False, **kwargs: Any) -> None:
        for empty in ("username", "password", "ssl_ca_certs", "ssl_certfile", "ssl_keyfile"):
            if kwargs.get(empty) == "":
                kwargs[empty] = None
        super().__init__(domain, host=host, use_ssl=as_bool(use_ssl), **kwargs)

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        if restarted(tracker):
            self.red.delete(self.key_prefix + tracker.sender_id)
            return
        await super().save(cut_if_long(tracker), timeout)
