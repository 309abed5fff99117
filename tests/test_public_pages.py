"""The public pages and the small APIs behind the widget, without the stack: the chat page and the
answer pages rendered from content/, "Did this help?", the reply's level and topic, CORS origins."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from actions import content
from actions.menu import MENU_GROUPS
from bot import labels, messages, rasa_client, starters, topic_log
from bot.routes import pages
from bot.settings import origin_list

LIBRARY = content.library()
HOSTILE = "<script>window.__pwned=1</script>"


@pytest.fixture
def client(database_url, monkeypatch):
    from bot.app import create_app

    with TestClient(create_app(), base_url="http://testserver") as test_client:
        yield test_client


def feedback_rows(url):
    topic_log.writer().flush()
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(text("SELECT * FROM answer_feedback ORDER BY id"))]
    engine.dispose()
    return rows


def test_the_helplines_come_from_the_crisis_answer():
    crisis = LIBRARY.topics["crisis"].text("easy", LIBRARY.filled)
    lines = messages.help_lines()
    assert lines and all(line in crisis for line in lines)
    for number in ("999", "111", "116 123", "0800 1111", "85258"):
        assert any(number in line for line in lines)
    assert any("staff" in line for line in lines)
    assert crisis.splitlines()[0] not in lines  # the words to someone in crisis, not a list of numbers


def test_the_chat_page_has_the_starters_helplines_and_every_topic_link(client):
    page = client.get("/chat").text
    for starter in starters.starters():
        assert f'data-payload="{starter.payload.replace(chr(34), "&#34;")}"' in page
    for line in messages.help_lines():
        assert line.replace("'", "&#39;") in page
    for topic in LIBRARY.topics.values():
        assert (f'href="/topics/{topic.id}"' in page) == (topic.group in MENU_GROUPS)
    assert "The chat needs JavaScript" in page and 'for="message"' in page
    assert 'href="/neutral.html"' in page and "Leave quickly" in page
    assert "<script>" not in page.replace('<script src="/js/enabled.js"></script>', "").replace(
        '<script type="module" src="/js/main.js"></script>', ""
    )  # no inline script (CSP); the widget's texts are data (type="application/json"), never run


WIDGET_JS = Path(__file__).resolve().parent.parent / "web_widget" / "js"
WIDGET_TEXTS = re.compile(r'<script type="application/json" id="su-widget-texts">(.*?)</script>', re.S)


def page_texts(page: str) -> dict:
    found = WIDGET_TEXTS.search(page)
    assert found, "the chat page carries no widget texts"
    return json.loads(found.group(1))


def test_the_widget_says_only_words_from_content(client):
    """Every name the page's script says (say("...")) is sent in the page, from content/messages.yml,
    and none of those words is also written in the script itself."""
    sent = page_texts(client.get("/chat").text)
    scripts = {  # the code, without its comments
        path.name: re.sub(r"(^|\s)//[^\n]*", "", path.read_text(encoding="utf-8")) for path in WIDGET_JS.glob("*.js")
    }
    used = {name for source in scripts.values() for name in re.findall(r'say\("([a-z_]+)"\)', source)}
    assert used and used <= set(sent["texts"]), used - set(sent["texts"])
    for name, words in sent["texts"].items():
        assert words == LIBRARY.messages[name]
        assert not [f for f, source in scripts.items() if f'"{words}"' in source], f"{name} is also written in a script"
    assert sent["feedback_reasons"] == [c for c in labels.FEEDBACK_CHOICES if c not in ("yes", "no")]
    for choice in sent["feedback_reasons"]:
        assert sent["texts"][f"widget_feedback_{choice}"]


def test_the_widget_texts_cannot_break_out_of_the_page(client, monkeypatch):
    library = content.library()
    monkeypatch.setitem(library.messages, "widget_cleared", HOSTILE)
    page = client.get("/chat").text
    assert HOSTILE not in page and page_texts(page)["texts"]["widget_cleared"] == HOSTILE


def test_the_chat_page_takes_only_a_known_start_level(client):
    assert 'data-start-level="easy"' in client.get("/chat", params={"level": "easy"}).text
    hostile = client.get("/chat", params={"level": HOSTILE, "embedded": HOSTILE}).text
    assert "data-start-level" not in hostile and HOSTILE not in hostile and "Close chat" not in hostile
    assert "Close chat" in client.get("/chat", params={"embedded": "1"}).text


@pytest.mark.parametrize("level", ["easy", "plain", "detailed"])
def test_every_menu_topic_has_a_page_at_every_level(client, level):
    for topic in LIBRARY.topics.values():
        if topic.group not in MENU_GROUPS:
            continue
        page = client.get(f"/topics/{topic.id}", params={"level": level})
        assert page.status_code == 200
        used, words = LIBRARY.choose(topic.id, level)
        first = words.splitlines()[0]
        assert re.sub(r"\s+", " ", first.replace("'", "&#39;").replace('"', "&#34;")) in page.text
        assert f'href="/topics/{topic.id}?level={used}" aria-current="page"' in page.text
        assert "Source:" in page.text and "116 123" in page.text


def test_topic_pages_escape_and_refuse_what_is_not_an_answer(client):
    assert client.get("/topics/out_of_scope").status_code == 404  # not information: no page
    hostile_id = '"><img src=x onerror=alert(1)>'
    missing = client.get(f"/topics/{hostile_id}")
    assert missing.status_code == 404 and hostile_id not in missing.text and "116 123" in missing.text
    odd_level = client.get("/topics/pals", params={"level": HOSTILE})
    assert odd_level.status_code == 200 and HOSTILE not in odd_level.text
    crisis = client.get("/topics/crisis", params={"level": "detailed"}).text
    assert "level=detailed" not in crisis  # crisis text is never the long version
    assert pages.with_links("a <b> [Samaritans](https://www.samaritans.org) [x](javascript:alert(1))") == (
        'a &lt;b&gt; <a href="https://www.samaritans.org">Samaritans</a> [x](javascript:alert(1))'
    )


def test_the_starters_are_real_answers_and_menus():
    made = starters.starters()
    assert 6 <= len(made) <= 8
    for starter in made:
        assert starter.payload.startswith("/")
        if starter.topic:
            assert starter.topic in LIBRARY and starter.payload == f'/faq{{"topic": "{starter.topic}"}}'
    assert {"/crisis", "/plan", '/topic_menu{"group": "rights"}'} <= starters.payloads()


def test_did_this_help_counts_only_topic_level_choice_and_hour(client, database_url):
    assert client.post("/api/feedback", json={"topic": "pals", "level": "easy", "choice": "no"}).status_code == 202
    assert client.post("/api/feedback", json={"topic": "pals", "level": "easy", "choice": "too_hard"}).json() == {
        "counted": True
    }
    refused = [
        {"topic": "pals", "level": "easy", "choice": "I hated it"},
        {"topic": "pals", "level": "hard", "choice": "no"},
        {"topic": HOSTILE, "level": "easy", "choice": "no"},
        {"topic": "pals", "level": "easy"},
    ]
    for body in refused:
        response = client.post("/api/feedback", json=body)
        assert response.status_code == 422 and HOSTILE not in response.text and "hated" not in response.text
    extra = client.post(
        "/api/feedback", json={"topic": "pals", "level": "plain", "choice": "yes", "text": "secret words"}
    )
    assert extra.status_code == 202
    rows = feedback_rows(database_url)
    assert [row[1:4] for row in rows] == [
        ("pals", "easy", "no"),
        ("pals", "easy", "too_hard"),
        ("pals", "plain", "yes"),
    ]
    assert all(str(row[4]).endswith(":00:00.000000") or str(row[4]).endswith(":00:00") for row in rows)
    assert not any("secret" in str(value) for row in rows for value in row)


def test_a_reply_carries_the_level_and_topic_the_action_sent():
    messages = [
        {"text": "Hi"},
        {"text": "PALS is...", "buttons": [{"title": "More detail", "payload": "/more_detail"}]},
        {"custom": {"level": "easy", "topic": "pals"}},
        {"text": "Summary"},
        {"custom": {"kind": "summary", "level": "loud", "topic": HOSTILE}},
    ]
    assert rasa_client.replies_from(messages) == [
        {"text": "Hi", "buttons": []},
        {
            "text": "PALS is...",
            "buttons": [{"title": "More detail", "payload": "/more_detail"}],
            "level": "easy",
            "topic": "pals",
        },
        {"text": "Summary", "buttons": [], "kind": "summary"},
    ]


def test_cors_origins_are_one_list_for_the_gateway_and_rasa(monkeypatch):
    from scripts.stack import Stack

    assert origin_list(" https://a.nhs.uk/, https://b.nhs.uk ,,") == ["https://a.nhs.uk", "https://b.nhs.uk"]
    stack = Stack(env={"CORS_ORIGINS": "https://a.nhs.uk, https://b.nhs.uk"})
    assert stack._cors() == ["--cors", "https://a.nhs.uk", "https://b.nhs.uk"]
    assert Stack(env={"CORS_ORIGINS": ""})._cors() == []
    monkeypatch.setenv("CORS_ORIGINS", "https://a.nhs.uk")
    from addons import socketio_channel

    assert socketio_channel.allowed_origins() == ["https://a.nhs.uk"]
