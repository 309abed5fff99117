"""Writes and reads the anonymous topic log: topic, reading level, channel and hour only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from bot.db import engine
from bot.models import TopicEvent


def this_hour(now: dt.datetime | None = None) -> dt.datetime:
    """The current time in UTC, cut down to the hour (no finer time is ever stored)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0, tzinfo=None)


def record(topic: str, reading_level: str, channel: str, url: str = "") -> None:
    """Add one event. Takes only these three labels: there is no way to pass text or ids."""
    with engine(url).begin() as connection:
        connection.execute(
            insert(TopicEvent).values(
                topic=topic[:64], reading_level=reading_level[:16], channel=channel[:32], hour=this_hour()
            )
        )
