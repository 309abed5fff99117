"""The staff dashboard: accounts, sign-in, lockout, CSRF, suppression and export, on both databases."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from html import escape

import pytest
from fastapi.testclient import TestClient

from actions import content
from bot import insight, security, staff, topic_log
from bot.settings import ROOT, get_settings
from bot.topic_log import Event, Feedback
from tests.helpers import PASSWORD, sign_in

LIBRARY = content.library()


@pytest.fixture
def client(any_database):
    from bot.app import create_app

    with TestClient(create_app(), base_url="http://testserver") as test_client:
        yield test_client


def seed(url):
    hour = topic_log.this_hour()
    events = [Event("seclusion", "easy", "widget", "patient", hour)] * 7
    events += [Event("imha", "plain", "widget", None, hour)] * 3
    events += [Event("fallback", "plain", "socketio", None, hour)] * 2
    topic_log.write(events, url)


def test_passwords_are_hashed_with_bcrypt():
    hashed = security.hash_password(PASSWORD)
    assert hashed.startswith("$2b$") and PASSWORD not in hashed
    assert security.verify_password(PASSWORD, hashed) and not security.verify_password("wrong", hashed)


def test_create_user_cli_and_no_default_account(any_database):
    command = [sys.executable, "-m", "bot.admin", "create-user", "bob", "--password-stdin"]
    short = subprocess.run(command, input="short\n", capture_output=True, text=True, cwd=ROOT)
    assert short.returncode == 1 and "at least 12" in short.stderr
    made = subprocess.run(command, input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    with pytest.raises(staff.AccountError):
        staff.sign_in("admin", "admin")
    token, who = staff.sign_in("bob", PASSWORD)
    assert who.username == "bob" and staff.session(token).username == "bob"


def test_no_access_without_signing_in(client):
    for path in ("/dashboard", "/dashboard/export.csv"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/dashboard/login"


def test_sign_in_shows_suppressed_figures_and_the_export_matches(client, any_database):
    staff.create_user("alice", PASSWORD)
    seed(any_database)
    assert sign_in(client).status_code == 303
    page = client.get("/dashboard").text
    assert "What people ask about" in page
    seclusion, imha = (escape(LIBRARY.topics[t].title) for t in ("seclusion", "imha"))
    assert f'<th scope="row">{seclusion}</th><td>7</td>' in page  # titles from content/, not ids
    assert f'<th scope="row">{imha}</th><td>&lt;5</td>' in page and ">3<" not in page
    assert ">seclusion<" not in page and ">Easy read<" in page
    export = list(csv.reader(io.StringIO(client.get("/dashboard/export.csv").text)))
    assert ["topic", "seclusion", "7"] in export and ["topic", "imha", "<5"] in export
    assert ["topic", "fallback", "<5"] in export
    assert not any(row[2] in ("1", "2", "3", "4") for row in export[1:])
    filtered = client.get("/dashboard", params={"channel": "socketio"}).text
    assert "seclusion" not in filtered


def test_sign_in_backs_off_after_repeated_failures(client, monkeypatch):
    staff.create_user("carol", PASSWORD)
    for _ in range(get_settings().max_failed_logins):
        assert sign_in(client, "carol", "not the password").status_code == 401
    backing_off = sign_in(client, "carol", PASSWORD)
    assert backing_off.status_code == 401 and "too many tries" in backing_off.text


def test_forms_need_their_csrf_token(client):
    staff.create_user("dave", PASSWORD)
    forged = client.post(
        "/dashboard/login", data={"username": "dave", "password": PASSWORD, "csrf": "guess"}, follow_redirects=False
    )
    assert forged.status_code != 303 and "expired" in forged.text
    assert sign_in(client, "dave").status_code == 303
    assert client.post("/dashboard/logout", data={"csrf": "guess"}).status_code == 403
    page = client.get("/dashboard").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/dashboard/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_session_cookie_is_secure_httponly_and_strict(any_database, monkeypatch):
    from bot.app import create_app

    monkeypatch.setenv("COOKIE_SECURE", "true")
    get_settings.cache_clear()
    staff.create_user("erin", PASSWORD)
    with TestClient(create_app(), base_url="https://testserver") as secure_client:
        cookie = sign_in(secure_client, "erin").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie


def test_suppression_rules():
    assert [insight.shown(n) for n in (0, 1, 4, 5, 12)] == ["<5", "<5", "<5", "5", "12"]
    assert insight.rate_shown(3, 100) == "<5" and insight.rate_shown(10, 40) == "25%"


def test_answers_that_did_not_help_are_counted_and_suppressed(client, any_database):
    staff.create_user("frank", PASSWORD)
    hour = topic_log.this_hour()
    topic_log.write(
        [Feedback("seclusion", "easy", "no", hour)] * 6
        + [Feedback("seclusion", "easy", "too_hard", hour)] * 5
        + [Feedback("pals", "plain", "no", hour)] * 2
        + [Feedback("pals", "plain", "yes", hour)] * 9
        + [Feedback("imha", "plain", "yes", hour)] * 7,
        any_database,
    )
    assert sign_in(client, "frank").status_code == 303
    page = client.get("/dashboard").text
    table = page.split('id="not-helped-heading"')[1].split("</table>")[0]
    seclusion, pals = (escape(LIBRARY.topics[t].title) for t in ("seclusion", "pals"))
    assert f'<th scope="row">{seclusion}</th><td>6</td><td>5</td><td>&lt;5</td><td>&lt;5</td><td>&lt;5</td>' in table
    assert f'<th scope="row">{pals}</th><td>&lt;5</td><td>&lt;5</td><td>&lt;5</td><td>&lt;5</td><td>9</td>' in table
    assert table.index(seclusion) < table.index(pals)  # most "no" first
    assert escape(LIBRARY.topics["imha"].title) not in table  # nobody said it did not help
    export = list(csv.reader(io.StringIO(client.get("/dashboard/export.csv").text)))
    assert ["did this help", "seclusion: no", "6"] in export and ["did this help", "pals: no", "<5"] in export
    assert not any(row[2] in ("1", "2", "3", "4") for row in export[1:])
