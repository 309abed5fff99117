"""Staff accounts for the dashboard: creating them, signing in with back-off, and sessions."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Optional, Tuple

from sqlalchemy import delete, insert, or_, select, text, update

from bot import security
from bot.db import engine
from bot.models import StaffSession, StaffUser
from bot.settings import get_settings


class AccountError(ValueError):
    """A sign-in or account problem, with a message that can be shown as it is."""


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    username: str
    csrf_token: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def create_user(username: str, password: str) -> int:
    """Add a staff account. There is no default account and no default password."""
    username = username.strip()
    if not username or len(username) > 64 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise AccountError("A username is 1 to 64 letters, numbers, dots, dashes or underscores.")
    if len(password) < security.MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password must be at least {security.MIN_PASSWORD_LENGTH} characters.")
    with engine().begin() as connection:
        if connection.execute(select(StaffUser.id).where(StaffUser.username == username)).first():
            raise AccountError(f"There is already an account called {username}.")
        result = connection.execute(
            insert(StaffUser).values(
                username=username, password_hash=security.hash_password(password), failed_attempts=0, created_at=_now()
            )
        )
        return result.inserted_primary_key[0]


# One message for every failure (unknown account, wrong password, backing off), after exactly
# one bcrypt check on every path, so neither the words nor the time say which it was.
NOT_SIGNED_IN = (
    "The username or password is not right, or there have been too many tries. "
    "Check them, wait a minute, and try again. If it keeps happening, ask an administrator."
)
# Every refused sign-in takes at least this long, so the extra database write for a wrong
# password (counting the failure) cannot tell an existing account from an unknown one.
FAILURE_SECONDS = 1.0


def backoff(failed: int) -> Optional[dt.timedelta]:
    """How long sign-in waits after `failed` failures in a row: none below the limit, then
    DASHBOARD_BACKOFF_SECONDS, doubling with each further failure, up to DASHBOARD_LOCKOUT_MINUTES.
    Nobody can lock an account for long with a few posts."""
    settings = get_settings()
    if failed < settings.max_failed_logins:
        return None
    seconds = settings.backoff_seconds * 2 ** min(failed - settings.max_failed_logins, 30)
    return dt.timedelta(seconds=min(seconds, settings.lockout_minutes * 60))


def _count_failure(user_id: int) -> None:
    """failed_attempts + 1 in one atomic UPDATE ... RETURNING (parallel failures all count), then
    the back-off, which only ever moves later."""
    with engine().begin() as connection:
        failed = connection.execute(
            text(
                "UPDATE staff_users SET failed_attempts = failed_attempts + 1 WHERE id = :id RETURNING failed_attempts"
            ),
            {"id": user_id},
        ).scalar_one()
        wait = backoff(failed)
        if wait is not None:
            until = _now() + wait
            connection.execute(
                update(StaffUser)
                .where(StaffUser.id == user_id)
                .where(or_(StaffUser.locked_until.is_(None), StaffUser.locked_until < until))
                .values(locked_until=until)
            )


def sign_in(username: str, password: str) -> Tuple[str, SignedIn]:
    """(session token for the cookie, who signed in). AccountError(NOT_SIGNED_IN) otherwise.
    While an account is backing off, even the right password is refused, and that try does not
    count. security.Busy if too many checks are running."""
    settings = get_settings()
    started = time.monotonic()
    with engine().begin() as connection:
        user = connection.execute(select(StaffUser).where(StaffUser.username == username.strip())).first()
    backing_off = user is not None and user.locked_until is not None and user.locked_until > _now()
    right = security.verify_password(password, user.password_hash if user is not None else None)
    if user is None or backing_off or not right:
        if user is not None and not backing_off:
            _count_failure(user.id)
        time.sleep(max(0.0, FAILURE_SECONDS - (time.monotonic() - started)))
        raise AccountError(NOT_SIGNED_IN)
    token, csrf = security.new_token(), security.new_token()
    with engine().begin() as connection:
        connection.execute(
            update(StaffUser).where(StaffUser.id == user.id).values(failed_attempts=0, locked_until=None)
        )
        connection.execute(
            insert(StaffSession).values(
                token_hash=security.token_hash(token),
                user_id=user.id,
                csrf_token=csrf,
                expires_at=_now() + dt.timedelta(hours=settings.session_hours),
            )
        )
    return token, SignedIn(user.id, user.username, csrf)


def session(token: Optional[str]) -> Optional[SignedIn]:
    """Who holds this session token, if it is valid and not expired."""
    if not token:
        return None
    with engine().begin() as connection:
        row = connection.execute(
            select(StaffSession.user_id, StaffSession.csrf_token, StaffSession.expires_at, StaffUser.username)
            .join(StaffUser, StaffUser.id == StaffSession.user_id)
            .where(StaffSession.token_hash == security.token_hash(token))
        ).first()
        if row is None:
            return None
        if row.expires_at <= _now():
            connection.execute(delete(StaffSession).where(StaffSession.token_hash == security.token_hash(token)))
            return None
        return SignedIn(row.user_id, row.username, row.csrf_token)


def sign_out(token: Optional[str]) -> None:
    if token:
        with engine().begin() as connection:
            connection.execute(delete(StaffSession).where(StaffSession.token_hash == security.token_hash(token)))
