"""Conversation ids the gateway signs: a random part and an HMAC of it, so an id it never issued
(or one made up, such as 000...0) starts a new conversation instead of being adopted."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from typing import Optional

from bot.settings import Settings

log = logging.getLogger(__name__)
SIGNED = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{32})$")


class SessionIds:
    """Issues and checks ids of the form <32 hex random>.<32 hex HMAC-SHA256 of it>. The random
    part alone names the conversation in Rasa and in the rate limits."""

    def __init__(self, secret: bytes):
        if len(secret) < 16:
            raise ValueError("SESSION_SECRET must be at least 16 characters")
        self._secret = secret

    @classmethod
    def from_settings(cls, settings: Settings) -> "SessionIds":
        if settings.session_secret is not None and settings.session_secret.get_secret_value():
            return cls(settings.session_secret.get_secret_value().encode("utf-8"))
        log.warning(
            "SESSION_SECRET is not set: this gateway made a random one. Conversations do not survive "
            "a restart, and several gateways behind one address must share one SESSION_SECRET."
        )
        return cls(secrets.token_bytes(32))

    def _mac(self, name: str) -> str:
        return hmac.new(self._secret, b"speakup-conversation:" + name.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def new(self) -> str:
        name = secrets.token_hex(16)
        return f"{name}.{self._mac(name)}"

    def name(self, session_id: Optional[str]) -> Optional[str]:
        """The conversation's name if this id was signed with our secret, else None."""
        match = SIGNED.match(session_id or "")
        if match is None or not hmac.compare_digest(match.group(2), self._mac(match.group(1))):
            return None
        return match.group(1)
