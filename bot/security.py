"""Password hashing (bcrypt) and random tokens for dashboard sessions and CSRF."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import bcrypt

# Checked against when a username does not exist, so both paths take the same time.
_DUMMY_HASH = bcrypt.hashpw(b"speak-up-dummy-password", bcrypt.gensalt(rounds=12))
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def verify_password(password: str, hashed: str | None) -> bool:
    candidate = password.encode("utf-8")[:72]
    if hashed is None:
        bcrypt.checkpw(candidate, _DUMMY_HASH)
        return False
    return bcrypt.checkpw(candidate, hashed.encode("ascii"))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored for a session token: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a, b)
