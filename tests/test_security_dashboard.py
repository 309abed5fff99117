"""Dashboard sign-in under attack: parallel wrong passwords all count (SQLite and PostgreSQL),
back-off instead of a hard lock, one message and one timing whatever went wrong, a limit per
address, a cap on bcrypt checks at once, no-store and HSTS headers, and fixed ?error= texts."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot import db, security, staff
from bot.models import StaffUser
from bot.settings import get_settings
from tests.helpers import PASSWORD, sign_in


def use(monkeypatch, **settings) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, str(value))
    get_settings.cache_clear()
    monkeypatch.setattr(security, "_checks", None)


@pytest.fixture
def client(database_url, monkeypatch):
    from bot.app import create_app

    monkeypatch.setenv("COOKIE_SECURE", "false")
    get_settings.cache_clear()
    with TestClient(create_app(), base_url="http://testserver") as test_client:
        yield test_client


def failed_attempts(username: str) -> int:
    with db.engine().connect() as connection:
        return connection.execute(select(StaffUser.failed_attempts).where(StaffUser.username == username)).scalar_one()


@pytest.mark.postgres
def test_fifty_parallel_wrong_passwords_all_count(any_database, monkeypatch):
    """The old code read the counter and wrote it back: 40 at once left failed_attempts=1."""
    use(monkeypatch, DASHBOARD_MAX_FAILED_LOGINS=1000, DASHBOARD_MAX_CONCURRENT_PASSWORD_CHECKS=4)
    monkeypatch.setattr(security, "WAIT_FOR_CHECK_SECONDS", 300)  # 50 checks queue for 4 slots on 2 cores
    staff.create_user("frank", PASSWORD)
    start = threading.Barrier(50)

    def attempt(_):
        start.wait()
        with pytest.raises(staff.AccountError):
            staff.sign_in("frank", "not the password")

    with ThreadPoolExecutor(50) as pool:
        list(pool.map(attempt, range(50)))
    assert failed_attempts("frank") == 50


def test_back_off_grows_and_ends(database_url, monkeypatch):
    use(monkeypatch, DASHBOARD_MAX_FAILED_LOGINS=2, DASHBOARD_BACKOFF_SECONDS=1, DASHBOARD_LOCKOUT_MINUTES=15)
    assert staff.backoff(1) is None
    assert [staff.backoff(n).total_seconds() for n in (2, 3, 4)] == [1, 2, 4]
    assert staff.backoff(40).total_seconds() == 15 * 60, "never longer than DASHBOARD_LOCKOUT_MINUTES"
    staff.create_user("grace", PASSWORD)
    for _ in range(2):
        with pytest.raises(staff.AccountError):
            staff.sign_in("grace", "not the password")
    with pytest.raises(staff.AccountError):
        staff.sign_in("grace", PASSWORD)  # backing off: refused, and not counted
    assert failed_attempts("grace") == 2
    time.sleep(1.2)
    token, who = staff.sign_in("grace", PASSWORD)
    assert who.username == "grace" and failed_attempts("grace") == 0


def test_unknown_wrong_and_backing_off_look_the_same(client, monkeypatch):
    """Same words, and about the same time: each path runs one bcrypt check. The old code
    answered a locked account at once with "This account is locked"."""
    use(monkeypatch, DASHBOARD_MAX_FAILED_LOGINS=1, DASHBOARD_BACKOFF_SECONDS=600, DASHBOARD_LOGIN_PER_ADDRESS=100)
    staff.create_user("heidi", PASSWORD)
    staff.create_user("ivan", PASSWORD)
    with pytest.raises(staff.AccountError):
        staff.sign_in("ivan", "not the password")  # ivan is now backing off

    def timed(username, password):
        times, pages = [], set()
        for _ in range(3):
            started = time.perf_counter()
            response = sign_in(client, username, password)
            times.append(time.perf_counter() - started)
            assert response.status_code == 401
            pages.add(response.text.split('role="alert"><p>')[1].split("</p>")[0])
        return statistics.median(times), pages

    unknown, unknown_text = timed("nobody.here", "not the password")
    wrong, wrong_text = timed("heidi", "not the password")
    backing_off, backing_off_text = timed("ivan", PASSWORD)
    assert unknown_text == wrong_text == backing_off_text and len(unknown_text) == 1
    fastest, slowest = min(unknown, wrong, backing_off), max(unknown, wrong, backing_off)
    assert fastest > 0.5 * slowest, (unknown, wrong, backing_off)


def test_sign_in_posts_are_limited_per_address(client, monkeypatch):
    use(monkeypatch, DASHBOARD_LOGIN_PER_ADDRESS=3, DASHBOARD_LOGIN_WINDOW_SECONDS=3600)
    from bot.app import create_app

    with TestClient(create_app(), base_url="http://testserver") as limited:
        for _ in range(3):
            assert sign_in(limited, "nobody.here", "x").status_code == 401
        refused = sign_in(limited, "nobody.here", "x")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "too many sign-in tries from here" in refused.text


def test_only_so_many_bcrypt_checks_run_at_once(monkeypatch):
    use(monkeypatch, DASHBOARD_MAX_CONCURRENT_PASSWORD_CHECKS=1)
    slots = security.password_checks()
    hashed = security.hash_password(PASSWORD)
    assert slots.acquire(timeout=1)  # a check is running
    result = []
    waiting = threading.Thread(target=lambda: result.append(security.verify_password(PASSWORD, hashed)))
    waiting.start()
    time.sleep(1.0)
    assert waiting.is_alive() and not result, "a second check waited for the slot"
    slots.release()
    waiting.join(10)
    assert result == [True]
    monkeypatch.setattr(security, "WAIT_FOR_CHECK_SECONDS", 0.2)
    assert slots.acquire(timeout=1)
    try:
        with pytest.raises(security.Busy):
            security.verify_password(PASSWORD, hashed)
    finally:
        slots.release()


def test_dashboard_pages_and_export_are_never_stored(client):
    staff.create_user("judy", PASSWORD)
    assert client.get("/dashboard/login").headers["cache-control"] == "no-store"
    assert sign_in(client, "judy").headers["cache-control"] == "no-store"
    for path in ("/dashboard", "/dashboard/export.csv"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in client.get("/dashboard").headers, "not over plain http"


def test_hsts_over_https(database_url):
    from bot.app import create_app

    with TestClient(create_app(), base_url="https://testserver") as secure:
        for path in ("/", "/dashboard/login", "/healthz"):
            assert secure.get(path).headers["strict-transport-security"].startswith("max-age=")


def test_error_in_the_address_shows_only_fixed_messages(client):
    page = client.get("/dashboard/login", params={"error": "Your account was deleted. Call 0800 000 000"}).text
    assert "deleted" not in page and "0800 000 000" not in page and 'role="alert"' not in page
    assert "The form had expired" in client.get("/dashboard/login", params={"error": "expired"}).text
