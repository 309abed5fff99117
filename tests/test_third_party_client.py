"""A standard socket.io Rasa web chat client from npm (rasa-webchat), on a host page of another
site (another loopback port), completes a conversation with Speak Up's Rasa; other sites are refused.

The client is installed with `npm ci` from tests/webchat/package.json and package-lock.json into
var/webchat/ (once; again when the lock file changes). Only its self-contained bundle,
lib/index.js, is served to the host page, from the host's own origin: no CDN."""

from __future__ import annotations

import filecmp
import http.server
import shutil
import subprocess
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect

from bot.settings import ROOT
from tests.browser_checks import ANSWER_TIMEOUT, SCREENSHOTS
from tests.helpers import THIRD_PARTY_ORIGIN

pytestmark = [pytest.mark.stack, pytest.mark.browser]

PACKAGE = ROOT / "tests" / "webchat"
INSTALLED = ROOT / "var" / "webchat"
BUNDLE = INSTALLED / "node_modules" / "rasa-webchat" / "lib" / "index.js"
OTHER_SITE = "http://127.0.0.1:9"  # never in CORS_ORIGINS

HOST_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Example trust site</title></head>
<body><main><h1>Example Valley NHS Foundation Trust</h1><div id="webchat"></div></main>
<script src="/webchat.js"></script>
<script>
  WebChat.default({socketUrl: "%(rasa)s", socketPath: "/socket.io/", title: "Speak Up", embedded: true,
                   initPayload: "/greet", params: {storage: "session"}, inputTextFieldHint: "Type your question",
                   hideWhenNotConnected: false}, document.getElementById("webchat"));
</script></body></html>"""


def install_webchat() -> Path:
    """`npm ci` the pinned client into var/webchat/, unless that exact lock is installed already."""
    INSTALLED.mkdir(parents=True, exist_ok=True)
    lock = INSTALLED / "package-lock.json"
    if BUNDLE.exists() and lock.exists() and filecmp.cmp(lock, PACKAGE / "package-lock.json", shallow=False):
        return BUNDLE
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is not installed: `apt-get install npm` (make system-deps does this).")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(PACKAGE / name, INSTALLED / name)
    done = subprocess.run(
        [npm, "ci", "--omit=peer", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=INSTALLED,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0 and BUNDLE.exists(), done.stderr[-2000:]
    return BUNDLE


class _Host(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def host_site(stack):
    """The trust's own site: a host page and the client's bundle, on THIRD_PARTY_ORIGIN."""
    bundle = install_webchat()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    folder = ROOT / "var" / "webchat-host"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundle, folder / "webchat.js")
    (folder / "index.html").write_text(HOST_PAGE % {"rasa": stack.rasa_url}, encoding="utf-8")
    address = urlsplit(THIRD_PARTY_ORIGIN)
    server = http.server.ThreadingHTTPServer((address.hostname, address.port), partial(_Host, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield THIRD_PARTY_ORIGIN
    server.shutdown()
    server.server_close()


def test_a_socketio_web_chat_on_another_site_completes_a_conversation(browser, stack, host_site):  # noqa: F811
    assert urlsplit(host_site).port != urlsplit(stack.rasa_url).port  # another origin
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    outside = []

    def only_loopback(route):  # the client asks Google Fonts for its font: nothing leaves this machine
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(urlsplit(route.request.url).hostname)
            route.abort()

    page.route("**/*", only_loopback)
    page.goto(host_site + "/")
    box = page.locator(".rw-new-message")
    expect(box).to_be_enabled(timeout=ANSWER_TIMEOUT)
    expect(page.locator(".rw-response").first).to_be_visible(timeout=ANSWER_TIMEOUT)  # the greeting
    box.fill("why am I being kept apart?")
    box.press("Enter")
    expect(page.locator(".rw-messages-container")).to_contain_text("Seclusion", timeout=ANSWER_TIMEOUT)
    page.locator(".rw-reply", has_text="Who can help?").click()
    expect(page.locator(".rw-messages-container")).to_contain_text("advocate", timeout=ANSWER_TIMEOUT)
    page.screenshot(path=str(SCREENSHOTS / "third-party-webchat.png"))
    assert set(outside) <= {"fonts.googleapis.com", "fonts.gstatic.com"}
    context.close()


def test_rasa_answers_only_the_listed_origins(stack):
    polling = f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling"
    allowed = httpx.get(polling, headers={"Origin": THIRD_PARTY_ORIGIN}, timeout=10)
    assert allowed.status_code == 200 and allowed.headers.get_list("access-control-allow-origin") == [
        THIRD_PARTY_ORIGIN
    ]
    refused = httpx.get(polling, headers={"Origin": OTHER_SITE}, timeout=10)
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    rest = f"{stack.rasa_url}/webhooks/rest/webhook"
    ok = httpx.options(rest, headers={"Origin": THIRD_PARTY_ORIGIN, **preflight}, timeout=10)
    assert ok.headers.get("access-control-allow-origin") == THIRD_PARTY_ORIGIN
    other = httpx.options(rest, headers={"Origin": OTHER_SITE, **preflight}, timeout=10)
    assert "access-control-allow-origin" not in other.headers
    gateway = httpx.options(
        f"{stack.gateway_url}/api/chat", headers={"Origin": THIRD_PARTY_ORIGIN, **preflight}, timeout=10
    )
    assert gateway.headers.get("access-control-allow-origin") == THIRD_PARTY_ORIGIN
