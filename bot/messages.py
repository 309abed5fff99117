"""Texts the gateway itself says when Speak Up cannot answer, built from content/ (one source):
the words from content/messages.yml, then the helplines of the crisis answer (content/topics/crisis.yml)."""

from __future__ import annotations

import re
from typing import List

from actions import content
from actions.safety import CRISIS_TOPIC

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
CRISIS_NUMBERS = " ".join(help_lines())
UNAVAILABLE = _with_help("gateway_unavailable")
SLOW_DOWN = _with_help("gateway_slow_down")  # .format(seconds=...)
