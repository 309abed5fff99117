"""Small helpers the tests share: reading every row of the topic log, sending chat messages,
checking that typed words are kept nowhere, signing in to the dashboard, and a ResponseSelector's
output for action tests."""

from __future__ import annotations

import time
from typing import List

import httpx
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, inspect, select, text

from bot import topic_log
from bot.models import TopicEvent
from bot.settings import ROOT
from scripts.stack import free_port

# Another site that may use the stack's Rasa channels and gateway API (CORS_ORIGINS): the host page
# of tests/test_third_party_client.py is served here.
THIRD_PARTY_ORIGIN = f"http://127.0.0.1:{free_port()}"


def all_rows(url: str) -> List[tuple]:
    """Every row of every table in the database, as tuples of strings."""
    engine = create_engine(url, future=True)
    try:
        rows = []
        with engine.connect() as connection:
            for table in inspect(connection).get_table_names():
                rows.extend(tuple(map(str, row)) for row in connection.execute(text(f'SELECT * FROM "{table}"')))
        return rows
    finally:
        engine.dispose()


def topic_rows(url: str, at_least: int = 0, timeout: float = 10.0) -> List[tuple]:
    """(topic, level, channel, hour) rows, oldest first. Events are written in the background,
    so this first flushes this process's writer, then waits up to `timeout` for `at_least` rows
    (written by another process, such as the running action server)."""
    topic_log.writer().flush()
    deadline = time.monotonic() + timeout
    engine = create_engine(url, future=True)
    try:
        while True:
            with engine.connect() as connection:
                columns = (TopicEvent.topic, TopicEvent.reading_level, TopicEvent.channel, TopicEvent.hour)
                rows = list(connection.execute(select(*columns).order_by(TopicEvent.id)))
            if len(rows) >= at_least or time.monotonic() > deadline:
                return rows
            time.sleep(0.1)
    finally:
        engine.dispose()


def chat(base_url: str, message: str, session_id=None, reading_level=None) -> httpx.Response:
    """Send what the widget would send: a message starting with "/" is a button press (its payload,
    with the payload as the title too); anything else is typed text."""
    body = {"message": message, "session_id": session_id, "reading_level": reading_level}
    if message.startswith("/"):
        body["payload"] = message
    return httpx.post(f"{base_url}/api/chat", json=body, timeout=30)


def reply_text(response: httpx.Response) -> str:
    return "\n".join(reply["text"] for reply in response.json()["replies"])


def assert_kept_nowhere(words, database: str, session: str = "") -> None:
    """No file under var/ (every log of every process the tests started) and no database row
    holds any of these words (or the conversation's id)."""
    files = [path for path in (ROOT / "var").rglob("*") if path.is_file() and path.stat().st_size < 50_000_000]
    assert any(path.suffix == ".log" for path in files), "the stack wrote no logs to check"
    for path in files:
        data = path.read_bytes().lower()
        for word in words:
            assert word.encode() not in data, f"{path} contains typed text ({word})"
    cells = " ".join(cell for row in all_rows(database) for cell in row).lower()
    assert not any(word in cells for word in words)
    if session:
        assert session.split(".")[0] not in cells


# The password of the dashboard accounts the tests make.
PASSWORD = "correct horse battery"


def sign_in(client, username="alice", password=PASSWORD):
    page = client.get("/dashboard/login")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    return client.post(
        "/dashboard/login", data={"username": username, "password": password, "csrf": csrf}, follow_redirects=False
    )


def faq_output(*keys, confidence=0.9, prefix="faq"):
    """A ResponseSelector's output: the first key at `confidence`, each other one a tenth of the rest."""
    rest = (1 - confidence) / 10  # the rest of the probability is spread over many answers
    ranked = [
        {"intent_response_key": f"{prefix}/{k}", "confidence": confidence if i == 0 else rest}
        for i, k in enumerate(keys)
    ]
    return {"response": dict(ranked[0]), "ranking": ranked}


# Actions with rasa-sdk objects.
def tracker(
    intent="faq",
    topic=None,
    entities=(),
    slots=None,
    metadata=None,
    events=None,
    ranking=(),
    confidence=0.9,
    parts=None,
):
    """A tracker whose latest message the ResponseSelector read as `topic` (or `ranking`, best
    first) with `confidence`, the rest sharing what is left, as Rasa's softmax ranking does."""
    selector = {}
    if topic or ranking:
        selector = {"faq": faq_output(*(ranking or (topic,)), confidence=confidence)}
    message = {
        "intent": {"name": intent, "confidence": 0.9},
        "entities": [{"entity": k, "value": v} for k, v in entities],
        "response_selector": selector,
        "metadata": metadata or {},
        "text": "a message",
    }
    if parts is not None:
        message["question_parts"] = parts
    return Tracker(
        sender_id="test",
        slots={"reading_level": "plain", "topic": None, **(slots or {})},
        latest_message=message,
        events=events
        if events is not None
        else [
            {"event": "bot", "text": "an earlier reply"},
            {"event": "user", "input_channel": "rest", "parse_data": message},
        ],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action, a_tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, a_tracker, {})
    return dispatcher.messages, events
