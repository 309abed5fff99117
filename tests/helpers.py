"""Small helpers the tests share: reading every row of the topic log, and sending chat messages."""

from __future__ import annotations

from typing import List

import httpx
from sqlalchemy import create_engine, inspect, select, text

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


def topic_rows(url: str) -> List[tuple]:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            columns = (TopicEvent.topic, TopicEvent.reading_level, TopicEvent.channel, TopicEvent.hour)
            return list(connection.execute(select(*columns).order_by(TopicEvent.id)))
    finally:
        engine.dispose()


def chat(base_url: str, message: str, session_id=None, reading_level=None) -> httpx.Response:
    body = {"message": message, "session_id": session_id, "reading_level": reading_level}
    return httpx.post(f"{base_url}/api/chat", json=body, timeout=30)


def reply_text(response: httpx.Response) -> str:
    return "\n".join(reply["text"] for reply in response.json()["replies"])
