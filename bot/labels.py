"""The label lists the actions, the gateway and the widget share: reading levels, audiences and channels (one source)."""

from __future__ import annotations

from enum import Enum
from typing import Tuple


class Level(str, Enum):
    """How an answer is explained: easy read, plain words, or more detail (simplest first)."""

    EASY = "easy"
    PLAIN = "plain"
    DETAILED = "detailed"


class Audience(str, Enum):
    """Who the person said they are, if they chose to."""

    PATIENT = "patient"
    YOUNG_PERSON = "young_person"
    FAMILY = "family"
    STAFF = "staff"


class Channel(str, Enum):
    """Where a message came from, as the topic log counts it."""

    WIDGET = "widget"
    FULLPAGE = "fullpage"
    WALKTHROUGH = "walkthrough"
    RASA_REST = "rasa-rest"
    SOCKETIO = "socketio"
    SHELL = "shell"
    OTHER = "other"


class Feedback(str, Enum):
    """ "Did this help?": yes, no, and the reasons offered after no."""

    YES = "yes"
    NO = "no"
    TOO_HARD = "too_hard"
    NOT_WHAT_I_ASKED = "not_what_i_asked"
    SOMETHING_ELSE = "something_else"


def values(labels) -> Tuple[str, ...]:
    return tuple(label.value for label in labels)


LEVELS = values(Level)
AUDIENCES = values(Audience)
CHANNELS = values(Channel)
FEEDBACK_CHOICES = values(Feedback)
# The channels the gateway names itself (the widget, the full page and the walk-through page);
# the others are Rasa's own input channels.
GATEWAY_CHANNELS = values((Channel.WIDGET, Channel.FULLPAGE, Channel.WALKTHROUGH))
# The channels a client may name in a chat request.
REQUEST_CHANNELS = values((Channel.WIDGET, Channel.FULLPAGE))
RASA_CHANNELS = {"rest": Channel.RASA_REST.value, "socketio": Channel.SOCKETIO.value, "cmdline": Channel.SHELL.value}
