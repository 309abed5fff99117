"""The anonymous topic log: events are queued and written in the background, off the reply path.

Each topic event holds only topic, reading level, channel, audience (if the person chose one) and
the hour; each "Did this help?" press only the answer's topic, its level, the choice and the hour. A
speak-up plan adds one event, "plan made" with the meeting kind, the channel and the hour (no
reading level, no audience). A database that is down never blocks a reply: events wait in a
bounded queue and are retried; when the queue is full, new events are counted as dropped. Events
older than RETENTION_DAYS are deleted on start and then daily."""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import ClassVar, Dict, List, Optional, Union

from sqlalchemy import delete, insert

from bot import labels
from bot.db import engine
from bot.labels import Audience
from bot.models import AnswerFeedback, TopicEvent
from bot.settings import get_settings

logger = logging.getLogger(__name__)

# Who the person said they are, if they chose to: the stored label and the words people see.
AUDIENCE_TITLES = {
    Audience.PATIENT.value: "A patient",
    Audience.YOUNG_PERSON.value: "A young person",
    Audience.FAMILY.value: "Family or carer",
    Audience.STAFF.value: "Staff",
}
AUDIENCES = labels.AUDIENCES
# "Did this help?": yes, no, and the reasons offered after no.
FEEDBACK_TITLES = {
    "yes": "Yes",
    "no": "No",
    "too_hard": "Too hard to read",
    "not_what_i_asked": "Not what I asked",
    "something_else": "Something else",
}
RETRY_SECONDS = 2.0
PURGE_EVERY_SECONDS = 24 * 3600
# The topic of a "plan made" event: plan_made:<meeting kind>, e.g. plan_made:ward_round.
PLAN_MADE = "plan_made"


def this_hour(now: Optional[dt.datetime] = None) -> dt.datetime:
    """The current time in UTC, cut down to the hour (no finer time is ever stored)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).replace(minute=0, second=0, microsecond=0, tzinfo=None)


@dataclass(frozen=True)
class Event:
    topic: str
    reading_level: Optional[str]
    channel: str
    audience: Optional[str]
    hour: dt.datetime
    table: ClassVar = TopicEvent

    def row(self) -> Dict[str, object]:
        return {
            "topic": self.topic,
            "reading_level": self.reading_level,
            "channel": self.channel,
            "audience": self.audience,
            "hour": self.hour,
        }


@dataclass(frozen=True)
class Feedback:
    topic: str
    reading_level: str
    choice: str
    hour: dt.datetime
    table: ClassVar = AnswerFeedback

    def row(self) -> Dict[str, object]:
        return {"topic": self.topic, "reading_level": self.reading_level, "choice": self.choice, "hour": self.hour}


def make_event(topic: str, reading_level: str, channel: str, audience: Optional[str] = None) -> Event:
    """An event from fixed labels only: there is no way to pass text or ids."""
    return Event(topic[:64], reading_level[:16], channel[:32], audience if audience in AUDIENCES else None, this_hour())


def make_plan_event(meeting: str, channel: str) -> Event:
    """A "plan made" event: the meeting kind, the channel and the hour, and nothing else."""
    return Event(f"{PLAN_MADE}:{meeting}"[:64], None, channel[:32], None, this_hour())


def make_feedback(topic: str, reading_level: str, choice: str) -> Feedback:
    """A "Did this help?" count from fixed labels only (the gateway checks them first)."""
    if choice not in FEEDBACK_TITLES:
        raise ValueError("not a feedback choice")
    return Feedback(topic[:64], reading_level[:16], choice, this_hour())


def write(events: List[Union[Event, Feedback]], url: str = "") -> None:
    """Insert events now, in one transaction."""
    by_table: Dict[object, List[Dict[str, object]]] = defaultdict(list)
    for event in events:
        by_table[event.table].append(event.row())
    with engine(url).begin() as connection:
        for table, rows in by_table.items():
            connection.execute(insert(table), rows)


def purge(url: str = "", days: Optional[int] = None, now: Optional[dt.datetime] = None) -> int:
    """Delete events older than the retention period; returns how many went."""
    days = get_settings().retention_days if days is None else days
    cutoff = this_hour(now) - dt.timedelta(days=days)
    removed = 0
    with engine(url).begin() as connection:
        for table in (TopicEvent, AnswerFeedback):
            removed += connection.execute(delete(table).where(table.hour < cutoff)).rowcount or 0
    return removed


class TopicLogWriter:
    """A bounded queue and one background thread that writes it, retrying while the database is down."""

    def __init__(self, url: str = "", capacity: Optional[int] = None):
        self.url = url
        self.queue: "queue.Queue[Union[Event, Feedback]]" = queue.Queue(
            maxsize=capacity or get_settings().topic_queue_size
        )
        self.dropped = 0
        self.written = 0
        self.failures = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()

    def record(self, event: Union[Event, Feedback]) -> None:
        """Queue an event; never blocks. A full queue counts the event as dropped."""
        self._ensure_started()
        try:
            self.queue.put_nowait(event)
        except queue.Full:
            with self._lock:
                self.dropped += 1

    def stats(self) -> Dict[str, int]:
        return {
            "queued": self.queue.qsize() + self._in_flight,
            "written": self.written,
            "dropped": self.dropped,
            "failures": self.failures,
        }

    def _ensure_started(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="topic-log-writer", daemon=True)
                self._thread.start()

    def _batch(self, first: Union[Event, Feedback]) -> List[Union[Event, Feedback]]:
        batch = [first]
        while len(batch) < 200:
            try:
                batch.append(self.queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _purge_safely(self) -> float:
        try:
            removed = purge(self.url)
            if removed:
                logger.info("topic log: removed %d events past the retention period", removed)
            return time.monotonic() + PURGE_EVERY_SECONDS
        except Exception as error:
            logger.warning("topic log retention purge failed: %s", type(error).__name__)
            return time.monotonic() + RETRY_SECONDS * 30

    def _run(self) -> None:
        next_purge = self._purge_safely()
        pending: List[Union[Event, Feedback]] = []
        while not self._stop.is_set():
            if time.monotonic() >= next_purge:
                next_purge = self._purge_safely()
            if not pending:
                try:
                    pending = self._batch(self.queue.get(timeout=1.0))
                except queue.Empty:
                    continue
                self._in_flight = len(pending)
            try:
                write(pending, self.url)
                self.written += len(pending)
                pending = []
                self._in_flight = 0
            except Exception as error:  # database down: keep the batch and try again
                self.failures += 1
                logger.warning("topic log write failed, will retry: %s", type(error).__name__)
                self._stop.wait(RETRY_SECONDS)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued has been written (for shutdown and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.queue.empty() and self._in_flight == 0:
                return True
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        self.flush()
        self._stop.set()


_writer: Optional[TopicLogWriter] = None
_writer_lock = threading.Lock()


def writer() -> TopicLogWriter:
    """The process's writer, made on first use."""
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = TopicLogWriter()
        return _writer


def flush_writer() -> None:
    """Write what is queued, if this process ever queued anything (the gateway, on shutdown)."""
    if _writer is not None:
        _writer.flush()


def record(topic: str, reading_level: str, channel: str, audience: Optional[str] = None) -> None:
    """Queue one event for the background writer."""
    writer().record(make_event(topic, reading_level, channel, audience))


def record_plan(meeting: str, channel: str) -> None:
    """Queue one "plan made" event for the background writer."""
    writer().record(make_plan_event(meeting, channel))


def record_feedback(topic: str, reading_level: str, choice: str) -> None:
    """Queue one "Did this help?" count for the background writer."""
    writer().record(make_feedback(topic, reading_level, choice))
