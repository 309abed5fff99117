"""Small helpers the tests share: reading every row of the topic log, sending chat messages, and
a ResponseSelector's output for action tests."""

from __future__ import annotations

import time
from typing import List

import httpx
from sqlalchemy import create_engine, inspect, select, text

from bot import topic_log
from bot.models import TopicEvent


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
    body = {"message": message, "session_id": session_id, "reading_level": reading_level}
    return httpx.post(f"{base_url}/api/chat", json=body, timeout=30)


def reply_text(response: httpx.Response) -> str:
    return "\n".join(reply["text"] for reply in response.json()["replies"])


def faq_output(*keys, confidence=0.9, prefix="faq"):
    """A ResponseSelector's output: the first key at `confidence`, each other one a tenth of the rest."""
    rest = (1 - confidence) / 10  # the rest of the probability is spread over many answers
    ranked = [{"intent_response_key": f"{prefix}/{k}", "confidence": confidence if i == 0 else rest}
              for i, k in enumerate(keys)]
    return {"response": dict(ranked[0]), "ranking": ranked}
