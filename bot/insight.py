"""What the topic log says, for the dashboard and its CSV export, with small numbers suppressed.

Any count below 5 is shown as "<5" everywhere (charts, tables and exports), so that nobody can be
picked out from a rare topic in a quiet week."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from sqlalchemy import func, select

from bot import labels
from bot.db import engine
from bot.models import AnswerFeedback, TopicEvent

SUPPRESS_BELOW = 5
SUPPRESSED = f"<{SUPPRESS_BELOW}"  # what a count below the threshold shows
CHANNELS = labels.CHANNELS


def shown(count: int) -> str:
    """A count as it may be shown: "<5" below the threshold."""
    return SUPPRESSED if count < SUPPRESS_BELOW else str(count)


@dataclass(frozen=True)
class Filters:
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    channel: Optional[str] = None

    def where(self, query, table=TopicEvent):
        if self.start:
            query = query.where(table.hour >= dt.datetime.combine(self.start, dt.time()))
        if self.end:
            query = query.where(table.hour < dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time()))
        if self.channel and table is TopicEvent:  # feedback is counted without its channel
            query = query.where(TopicEvent.channel == self.channel)
        return query


# "Did this help?" for one answer's topic: how many chose each of these.
FEEDBACK_COLUMNS = ("no", "too_hard", "not_what_i_asked", "something_else", "yes")


@dataclass(frozen=True)
class Feedback:
    topic: str
    counts: Dict[str, int]

    def count(self, choice: str) -> int:
        return self.counts.get(choice, 0)


@dataclass
class Insight:
    total: int = 0
    weekly: List[Tuple[dt.date, int]] = field(default_factory=list)
    topics: List[Tuple[str, int]] = field(default_factory=list)
    audience: List[Tuple[str, int]] = field(default_factory=list)
    levels: List[Tuple[str, int]] = field(default_factory=list)
    channels: List[Tuple[str, int]] = field(default_factory=list)
    fallback_rate: List[Tuple[dt.date, int, int]] = field(default_factory=list)  # week, fallbacks, all
    not_helped: List[Feedback] = field(default_factory=list)  # answers someone said did not help, most first


def _week(hour: dt.datetime) -> dt.date:
    day = hour.date()
    return day - dt.timedelta(days=day.weekday())


def _grouped(connection, column, filters: Filters, skip_none: bool = False) -> List[Tuple[str, int]]:
    query = filters.where(select(column, func.count()).group_by(column))
    if skip_none:
        query = query.where(column.is_not(None))
    rows = [(str(value) if value is not None else "not said", count) for value, count in connection.execute(query)]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def load(filters: Filters, url: str = "") -> Insight:
    """Every figure the dashboard shows, for the chosen dates and channel."""
    insight = Insight()
    with engine(url).connect() as connection:
        by_hour = connection.execute(
            filters.where(
                select(TopicEvent.hour, TopicEvent.topic == "fallback", func.count()).group_by(
                    TopicEvent.hour, TopicEvent.topic == "fallback"
                )
            )
        ).all()
        insight.topics = _grouped(connection, TopicEvent.topic, filters)
        insight.audience = _grouped(connection, TopicEvent.audience, filters)
        # "Plan made" events have no reading level: the level chart counts answers only.
        insight.levels = _grouped(connection, TopicEvent.reading_level, filters, skip_none=True)
        insight.channels = _grouped(connection, TopicEvent.channel, filters)
        insight.not_helped = _not_helped(connection, filters)
    weekly: Counter = Counter()
    fallbacks: Dict[dt.date, int] = defaultdict(int)
    for hour, is_fallback, count in by_hour:
        week = _week(hour)
        weekly[week] += count
        if is_fallback:
            fallbacks[week] += count
    insight.total = sum(weekly.values())
    insight.weekly = sorted(weekly.items())
    insight.fallback_rate = [(week, fallbacks[week], total) for week, total in insight.weekly]
    return insight


def _not_helped(connection, filters: Filters) -> List[Feedback]:
    query = select(AnswerFeedback.topic, AnswerFeedback.choice, func.count()).group_by(
        AnswerFeedback.topic, AnswerFeedback.choice
    )
    counts: Dict[str, Dict[str, int]] = defaultdict(dict)
    for topic, choice, count in connection.execute(filters.where(query, AnswerFeedback)):
        counts[topic][choice] = count
    rows = [Feedback(topic, by_choice) for topic, by_choice in counts.items() if by_choice.get("no")]
    return sorted(rows, key=lambda row: (-row.count("no"), row.topic))


def rate_shown(fallbacks: int, total: int) -> str:
    """A fallback rate, or "<5" when either count is too small to show."""
    if fallbacks < SUPPRESS_BELOW or total < SUPPRESS_BELOW:
        return SUPPRESSED
    return f"{100 * fallbacks / total:.0f}%"


def csv_rows(insight: Insight) -> List[Tuple[str, str, str]]:
    """(section, label, shown value) rows for the export, suppressed like the page."""
    rows = [("total", "all events", shown(insight.total))]
    rows += [("week", week.isoformat(), shown(count)) for week, count in insight.weekly]
    for section, values in (
        ("topic", insight.topics),
        ("audience", insight.audience),
        ("reading level", insight.levels),
        ("channel", insight.channels),
    ):
        rows += [(section, label, shown(count)) for label, count in values]
    rows += [("fallback rate", week.isoformat(), rate_shown(f, t)) for week, f, t in insight.fallback_rate]
    rows += [
        ("did this help", f"{row.topic}: {choice}", shown(row.count(choice)))
        for row in insight.not_helped
        for choice in FEEDBACK_COLUMNS
    ]
    return rows
