"""The words people see for the ids the topic log stores: topic titles from content/, reading
levels, who asked and channels (the dashboard and the chat page use the same names)."""

from __future__ import annotations

from actions import content, walkthrough_content
from bot.topic_log import AUDIENCE_TITLES

NOT_SAID = "not said"
OTHER_TOPICS = {"fallback": "Not understood (fallback)"}
WALKTHROUGH_PREFIX = "walkthrough_"
CHANNEL_TITLES = {
    "widget": "Widget on a trust's site",
    "fullpage": "Full page",
    "walkthrough": "Walk-through",
    "rasa-rest": "Another app (Rasa REST)",
    "socketio": "Another web chat (socket.io)",
    "shell": "Rasa shell",
    "other": "Other",
}


def topic(topic_id: str) -> str:
    """A topic's title from its content file ("Seclusion" for `seclusion`), a walk-through's
    situation, or, for an id no content names, the id in words."""
    library = content.library()
    if topic_id in library.topics:
        return library.topics[topic_id].title
    if topic_id in OTHER_TOPICS:
        return OTHER_TOPICS[topic_id]
    if topic_id.startswith(WALKTHROUGH_PREFIX):
        situation = walkthrough_content.situations().get(topic_id[len(WALKTHROUGH_PREFIX) :])
        if situation is not None:
            return f"Walk-through: {situation.title}"
    return topic_id.replace("_", " ").capitalize()


def level(level_id: str) -> str:
    """ "Easy read", "Plain words" or "More detail" (content/messages.yml)."""
    return content.library().messages.get(f"level_title_{level_id}", level_id)


def audience(audience_id: str) -> str:
    return AUDIENCE_TITLES.get(audience_id, audience_id)


def channel(channel_id: str) -> str:
    return CHANNEL_TITLES.get(channel_id, channel_id)
