"""Texts the gateway itself says when Speak Up cannot answer, built from content/ (one source):
the words from content/messages.yml, then the helplines of the crisis answer (content/topics/crisis.yml)."""

from __future__ import annotations

import re
from typing import List

from actions import content
from actions.safety import CRISIS_TOPIC
from bot import labels

# A line of the crisis answer that is a helpline: it names staff or has a number.
HELP_LINE = re.compile(r"\d|staff", re.IGNORECASE)


def help_lines() -> List[str]:
    """The helplines, from the crisis answer in easy words."""
    library = content.library()
    text = library.topics[CRISIS_TOPIC].text("easy", library.filled)
    return [line for line in text.splitlines() if HELP_LINE.search(line)]


def _with_help(name: str) -> str:
    return " ".join([content.library().messages[name], *help_lines()])


# The crisis numbers stay in every error, so nobody in danger is left without them.
UNAVAILABLE = _with_help("gateway_unavailable")
SLOW_DOWN = _with_help("gateway_slow_down")  # .format(seconds=...)


def one_of(values) -> str:
    """ "easy, plain or detailed"."""
    values = list(values)
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _said(name: str, **values: str) -> str:
    return content.library().messages[name].format(**values)


BAD_REQUEST = _said("gateway_bad_request")
UNKNOWN_TOPIC = _said("gateway_unknown_topic")
BAD_SESSION = _said("gateway_bad_session")
_LEVEL = _said("gateway_bad_level", choices=one_of(labels.LEVELS))
# What a request with a bad field is told, by field (chat, "Did this help?" and forget requests).
FIELD_MESSAGES = {
    "reading_level": _LEVEL,
    "level": _LEVEL,
    "channel": _said("gateway_bad_channel", choices=one_of(labels.REQUEST_CHANNELS)),
    "audience": _said("gateway_bad_audience", choices=one_of(labels.AUDIENCES)),
    "choice": _said("gateway_bad_choice", choices=one_of(labels.FEEDBACK_CHOICES)),
    "message": _said("gateway_bad_message"),
    "session_id": BAD_SESSION,
    "payload": _said("gateway_bad_payload"),
    "topic": _said("gateway_bad_topic"),
}
