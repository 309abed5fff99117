"""The topic log on SQLite and on a real PostgreSQL: what it holds, the background writer, retention."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select

from bot import db, topic_log
from bot.models import TopicEvent
from bot.topic_log import Event, TopicLogWriter
from tests.helpers import topic_rows


def test_schema_comes_from_the_migrations_and_holds_only_labels(any_database):
    columns = {c["name"] for c in inspect(db.engine(any_database)).get_columns("topic_events")}
    assert columns == {"id", "topic", "reading_level", "channel", "audience", "hour"}
    assert set(inspect(db.engine(any_database)).get_table_names()) >= {
        "topic_events",
        "staff_users",
        "staff_sessions",
        "alembic_version",
    }


def test_events_are_written_in_the_background_with_the_hour_only(any_database):
    topic_log.record("seclusion", "easy", "widget", audience="family")
    topic_log.record("crisis", "plain", "socketio", audience="not a real audience")
    rows = topic_rows(any_database, at_least=2)
    assert [r[:3] for r in rows] == [("seclusion", "easy", "widget"), ("crisis", "plain", "socketio")]
    assert all(r[3].minute == r[3].second == 0 for r in rows)
    with db.engine(any_database).connect() as connection:
        audiences = dict(connection.execute(select(TopicEvent.topic, TopicEvent.audience)).all())
    assert audiences == {"seclusion": "family", "crisis": None}


def test_a_database_that_is_down_queues_retries_and_counts_drops(any_database):
    from scripts.stack import free_port

    down = f"postgresql+psycopg2://nobody@127.0.0.1:{free_port()}/nothing"
    writer = TopicLogWriter(url=down, capacity=3)
    for topic in ("pals", "cqc", "imha", "imca", "ctr"):
        writer.record(topic_log.make_event(topic, "plain", "widget"))  # never blocks
    assert writer.stats()["dropped"] >= 2
    assert not writer.flush(timeout=1.5)  # nothing can be written while the database is down
    assert writer.stats()["failures"] >= 1
    writer.url = any_database  # the database comes back
    assert writer.flush(timeout=15)
    assert writer.stats()["written"] == 3
    writer.stop()
    assert {r[0] for r in topic_rows(any_database)} == {"pals", "cqc", "imha"}


def test_retention_deletes_old_events_and_keeps_recent_ones(any_database):
    now = dt.datetime(2026, 11, 27, 10, 0)
    old = Event("seclusion", "plain", "widget", None, now - dt.timedelta(days=400))
    recent = Event("imha", "plain", "widget", None, now - dt.timedelta(days=30))
    topic_log.write([old, recent], any_database)
    assert topic_log.purge(any_database, days=365, now=now.replace(tzinfo=dt.timezone.utc)) == 1
    assert [r[0] for r in topic_rows(any_database)] == ["imha"]
