"""Password hashing (bcrypt), with a cap on how many checks run at once, and random tokens for
dashboard sessions and CSRF."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from typing import Optional

import bcrypt

from bot.settings import get_settings

# Checked against when a username does not exist, so both paths take the same time.
_DUMMY_HASH = bcrypt.hashpw(b"speak-up-dummy-password", bcrypt.gensalt(rounds=12))
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


# How long a sign-in waits for a free bcrypt slot before it is told to try again.
WAIT_FOR_CHECK_SECONDS = 10.0
_checks: Optional[threading.BoundedSemaphore] = None
_checks_lock = threading.Lock()


class Busy(Exception):
    """Too many password checks are running; the sign-in should be tried again shortly."""


def password_checks() -> threading.BoundedSemaphore:
    """The slots for bcrypt checks in this process (DASHBOARD_MAX_CONCURRENT_PASSWORD_CHECKS), so a
    flood of sign-in posts cannot take every core."""
    global _checks
    with _checks_lock:
        if _checks is None:
            _checks = threading.BoundedSemaphore(max(1, get_settings().max_password_checks))
        return _checks


def verify_password(password: str, hashed: str | None) -> bool:
    """One bcrypt check, against the dummy hash when there is no account, so every path takes
    the same time. Raises Busy if no slot frees up in time."""
    candidate = password.encode("utf-8")[:72]
    slots = password_checks()
    if not slots.acquire(timeout=WAIT_FOR_CHECK_SECONDS):
        raise Busy()
    try:
        if hashed is None:
            bcrypt.checkpw(candidate, _DUMMY_HASH)
            return False
        return bcrypt.checkpw(candidate, hashed.encode("ascii"))
    finally:
        slots.release()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored for a session token: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a, b)
