"""What the browser tests share: chromium's flags, the screenshot folder, the axe check, asking
the chat page a question, and signing in to the dashboard."""

from __future__ import annotations

import os
import subprocess
import sys

from bot.settings import ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
SCREENSHOTS = ROOT / "var" / "screenshots"


def assert_no_axe_violations(page, name):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


DASHBOARD_PASSWORD = "a long dashboard password"


def create_dashboard_user(database_url: str, username: str, password: str = DASHBOARD_PASSWORD) -> None:
    """A dashboard account, made as an administrator would (python -m bot.admin create-user)."""
    made = subprocess.run(
        [sys.executable, "-m", "bot.admin", "create-user", username, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
    )
    assert made.returncode == 0, made.stderr


def sign_in_to_dashboard(page, gateway_url: str, username: str, password: str = DASHBOARD_PASSWORD) -> None:
    """Fill in the dashboard's sign-in form and send it."""
    page.goto(gateway_url + "/dashboard/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


# How long a browser test waits for Speak Up's answer (ms).
ANSWER_TIMEOUT = 30000


def open_chat(context, stack, path="/chat"):
    """A new page on the chat, once its script has started."""
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(stack.gateway_url + path)
    expect(page.locator("#chat[data-started]")).to_be_attached()
    return page


def ask(page, text):
    page.get_by_label("Type your question").fill(text)
    page.get_by_role("button", name="Send").click()


def last_bot(page):
    return page.locator(".su-message--bot").last
