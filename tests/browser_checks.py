"""What the browser tests share: chromium's flags, the screenshot folder, the axe check, and
asking the chat page a question."""

from __future__ import annotations

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
