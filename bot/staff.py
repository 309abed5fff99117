"""Staff accounts for the dashboard: creating them, signing in with lockout, and sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional, Tuple

from sqlalchemy import delete, insert, select, update

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
            insert(StaffUser).values(username=username, password_hash=security.hash_password(password),
                                     failed_attempts=0, created_at=_now())
        )
        return result.inserted_primary_key[0]


def sign_in(username: str, password: str) -> Tuple[str, SignedIn]:
    """(session token for the cookie, who signed in). Locks the account after repeated failures.
    Failures are committed before the error is raised, so they count."""
    settings = get_settings()
    problem: Optional[AccountError] = None
    with engine().begin() as connection:
        user = connection.execute(select(StaffUser).where(StaffUser.username == username.strip())).first()
        if user is None:
            security.verify_password(password, None)
            problem = AccountError("The username or password is not right.")
        elif user.locked_until and user.locked_until > _now():
            problem = AccountError("This account is locked after too many tries. Try again later, "
                                   "or ask an administrator.")
        elif not security.verify_password(password, user.password_hash):
            failed = user.failed_attempts + 1
            locked = (_now() + dt.timedelta(minutes=settings.lockout_minutes)
                      if failed >= settings.max_failed_logins else None)
            connection.execute(update(StaffUser).where(StaffUser.id == user.id)
                               .values(failed_attempts=0 if locked else failed, locked_until=locked))
            problem = AccountError("The username or password is not right.")
        else:
            connection.execute(update(StaffUser).where(StaffUser.id == user.id)
                               .values(failed_attempts=0, locked_until=None))
            token, csrf = security.new_token(), security.new_token()
            connection.execute(insert(StaffSession).values(
                token_hash=security.token_hash(token), user_id=user.id, csrf_token=csrf,
                expires_at=_now() + dt.timedelta(hours=settings.session_hours)))
    if problem is not None:
        raise problem
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
