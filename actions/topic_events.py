"""Records each answered topic in the anonymous topic log, without ever failing a reply."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker

from actions import conversation
from bot import topic_log

logger = logging.getLogger(__name__)


def record(tracker: Tracker, topic: str, level: str, channel: str = "") -> None:
    """Queue topic, level, channel and audience for the topic log (written in the background)."""
    try:
        topic_log.record(
            topic=topic,
            reading_level=level,
            channel=channel or conversation.channel(tracker),
            audience=conversation.audience(tracker),
        )
    except Exception as error:  # the reply matters more than the count (should not happen: it only queues)
        logger.warning("topic log write failed: %s", type(error).__name__)


def record_plan(meeting: str, channel: str) -> None:
    """Queue one "plan made" event: the meeting kind and the channel (and the hour), nothing else."""
    try:
        topic_log.record_plan(meeting=meeting, channel=channel)
    except Exception as error:  # the plan matters more than the count
        logger.warning("topic log write failed: %s", type(error).__name__)
