"""Faults on real processes: the action server, Rasa and PostgreSQL are killed or stopped under a
stack of their own, and every process is sent SIGTERM. People must always get an answer with the
crisis numbers, and the stack must recover without a restart of the parts that did not fail."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
import uuid

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from bot import db, messages
from scripts.stack import NO_RATE_LIMITS, Ports, Stack
from tests.helpers import chat, reply_text, topic_rows

pytestmark = [pytest.mark.stack, pytest.mark.postgres]

CRISIS = ("999", "116 123", "0800 1111", "85258")


@pytest.fixture(scope="module")
def postgres(postgres_servers):
    """A PostgreSQL server of its own: these tests stop it and start it again."""
    server, url = postgres_servers()
    db.migrate(url)
    db.engine(url).dispose()
    yield server, url
    server.stop()


@pytest.fixture(scope="module")
def faults(postgres, log_dir):
    """A stack of its own (the shared one must not be disturbed), logging to PostgreSQL."""
    _, url = postgres
    running = Stack(ports=Ports.free(), env={"DATABASE_URL": url, **NO_RATE_LIMITS}, log_dir=log_dir / "faults")
    running.start()
    yield running
    running.stop()


def health(stack: Stack) -> dict:
    return httpx.get(f"{stack.gateway_url}/healthz", timeout=10).json()


def assert_safe_failure(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    text = reply_text(response)
    assert text == messages.UNAVAILABLE
    assert "try again" in text and "staff" in text
    assert all(number in text for number in CRISIS)


def test_action_server_killed_mid_conversation(faults):
    session = uuid.uuid4().hex
    assert chat(faults.gateway_url, "what is PALS", session_id=session).status_code == 200
    faults.kill("actions")
    assert_safe_failure(chat(faults.gateway_url, "what is an IMHA", session_id=session))
    status = health(faults)
    assert status["status"] == "degraded" and status["parts"]["actions"] == "down"
    faults.start_actions()
    again = chat(faults.gateway_url, "what is an IMHA", session_id=session)
    assert again.status_code == 200 and "advocate" in reply_text(again).lower()
    assert health(faults)["status"] == "ok"


@pytest.mark.browser
def test_rasa_killed_then_back_without_a_gateway_restart(faults):
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed: run `make system-deps`"
    faults.kill("rasa")
    started = time.monotonic()
    assert_safe_failure(chat(faults.gateway_url, "what is PALS"))
    assert time.monotonic() - started < 2
    assert health(faults)["parts"]["rasa"] == "down"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(faults.gateway_url + "/chat")
            page.get_by_label("Type your question").fill("what is PALS")
            page.get_by_role("button", name="Send").click()
            alert = page.locator("#error-box")
            expect(alert).to_be_visible(timeout=10000)
            expect(alert).to_contain_text("116 123")
            restart = threading.Thread(target=faults.start_rasa)
            restart.start()
            restart.join()
            # The widget tries again by itself: the answer arrives with no click.
            expect(page.locator(".su-message--bot").last).to_contain_text("PALS", timeout=60000)
            expect(alert).to_be_hidden()
        finally:
            browser.close()
    back = chat(faults.gateway_url, "what is PALS")
    assert back.status_code == 200 and "PALS" in reply_text(back)


def test_database_down_chat_goes_on_and_events_are_written_later(faults, postgres):
    server, url = postgres
    before = len(topic_rows(url))
    server.stop()
    try:
        session = uuid.uuid4().hex
        for question in ("what is PALS", "what is an IMHA", "what is seclusion"):
            started = time.monotonic()
            response = chat(faults.gateway_url, question, session_id=session)
            assert response.status_code == 200 and reply_text(response)
            assert time.monotonic() - started < 5, "a reply never waits for the database"
        status = health(faults)
        assert status["status"] == "degraded" and status["parts"]["database"] == "down"
        assert status["topic_log"]["queued"] >= 1
    finally:
        server.resume()
    rows = topic_rows(url, at_least=before + 3, timeout=30)
    assert len(rows) == before + 3
    assert health(faults)["topic_log"]["dropped"] == 0


@pytest.mark.parametrize("name", ["gateway", "actions", "rasa"])
def test_sigterm_shuts_each_process_down_gracefully(faults, postgres, log_dir, name):
    _, url = postgres
    before = len(topic_rows(url))
    for question in ("what is PALS", "what is an IMHA"):
        assert chat(faults.gateway_url, question).status_code == 200
    log = log_dir / "faults" / f"{name}.log"
    start = log.stat().st_size
    process = faults.processes.pop(name)
    os.killpg(process.pid, signal.SIGTERM)
    # uvicorn shuts down, then re-raises the signal (exit -15); sanic (Rasa, actions) exits 0.
    code = process.wait(30)
    said = log.read_bytes()[start:].decode("utf-8", "replace")
    assert code in (0, -signal.SIGTERM) and "Traceback" not in said, f"{name} exited {code}:\n{said[-2000:]}"
    if name == "gateway":
        assert "Application shutdown complete" in said
    # Every answered question's topic event is in the database, whole (the action server flushes
    # its queue before it exits).
    rows = topic_rows(url, at_least=before + 2, timeout=10)
    assert len(rows) == before + 2 and all(all(cell is not None for cell in row) for row in rows)
    getattr(faults, f"start_{name}")()
    assert chat(faults.gateway_url, "what is PALS").status_code == 200
