"""Request and response shapes of the gateway's API, with errors a person can read."""

from __future__ import annotations

import re
from typing import List, Literal, Optional

from pydantic import BaseModel, Field, validator

from bot import messages
from bot.labels import AUDIENCES, FEEDBACK_CHOICES, LEVELS, REQUEST_CHANNELS
from bot.settings import get_settings

# Well-formed ids: signed ones (random.HMAC), and the unsigned 32-hex ids of older versions, which
# (like a wrongly signed id) start a new conversation. Anything else is a 422.
SESSION_ID = re.compile(r"^[0-9a-f]{32}(\.[0-9a-f]{32})?$")
# Typed text never acts as a command: leading slashes (and the spaces around them) are taken off,
# so Rasa reads "/my nurse hit me" as the words "my nurse hit me", with the safety net and NLU.
COMMAND_PREFIX = re.compile(r"^[\s/]+")
# Lone surrogates (they cannot be sent on as UTF-8) and control characters other than tab and
# new line are taken out of messages before anything else sees them.
UNSENDABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ChatRequest(BaseModel):
    """One message from the person, with the session it belongs to (if any)."""

    message: str = Field(
        ...,
        description="What the person typed, or the title of the button they pressed. "
        "Always treated as text: a leading '/' is taken off.",
    )
    payload: Optional[str] = Field(
        None,
        max_length=500,
        description=(
            "For a button press: the button's payload. Used only if the bot offered it in this conversation "
            "or it is one of the widget's own (topic menu, walk-through, reading levels); otherwise the "
            "message (the button's title) is sent as text."
        ),
    )
    session_id: Optional[str] = Field(
        None,
        description="The id this gateway gave in an earlier reply. " "An id it did not sign starts a new conversation.",
    )
    reading_level: Optional[Literal[LEVELS]] = Field(None, description="Answer at this level from now on.")
    channel: Optional[Literal[REQUEST_CHANNELS]] = Field(
        None, description="Which front end sent this: the embedded widget or the full page (default widget)."
    )
    audience: Optional[Literal[AUDIENCES]] = Field(
        None, description="Who the person said they are, if they chose to (counted, never linked to them)."
    )

    @validator("message")
    def message_has_text(cls, value: str) -> str:
        value = COMMAND_PREFIX.sub("", UNSENDABLE.sub("", value)).strip()
        if not value:
            raise ValueError("Please type a message before sending.")
        limit = get_settings().max_message_chars
        if len(value) > limit:
            raise ValueError(f"Your message is too long. Please keep it under {limit:,} characters.")
        return value

    @validator("payload")
    def payload_is_sendable(cls, value: Optional[str]) -> Optional[str]:
        return UNSENDABLE.sub("", value).strip() or None if value is not None else None

    @validator("session_id")
    def session_id_is_ours(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not SESSION_ID.match(value):
            raise ValueError(messages.BAD_SESSION)
        return value


class ForgetRequest(BaseModel):
    """Clear conversation / Leave quickly: the conversation to forget on the server."""

    session_id: Optional[str] = Field(None, max_length=100, description="The id this gateway gave.")


class ForgetResponse(BaseModel):
    forgotten: bool = Field(..., description="True if the id was ours and Rasa restarted its tracker.")


class Button(BaseModel):
    title: str
    payload: str


Level = Literal[LEVELS]


class Reply(BaseModel):
    text: str = ""
    buttons: List[Button] = []
    kind: Optional[Literal["summary"]] = Field(None, description='"summary": a walk-through summary to print.')
    level: Optional[Level] = Field(None, description="The reading level this answer was written in.")
    topic: Optional[str] = Field(None, description='The topic this answer is about (for "Did this help?").')


class ChatResponse(BaseModel):
    session_id: str
    replies: List[Reply]


class ErrorResponse(BaseModel):
    detail: str


class FeedbackRequest(BaseModel):
    """ "Did this help?" under one answer: only the answer's topic, its level and the choice."""

    topic: str = Field(..., max_length=64, description="The topic of the answer (a reply's `topic`).")
    level: Level = Field(..., description="The level the answer was written in (a reply's `level`).")
    choice: Literal[FEEDBACK_CHOICES] = Field(  # type: ignore[valid-type]
        ..., description="yes, no, or after no: too_hard, not_what_i_asked or something_else."
    )


class FeedbackResponse(BaseModel):
    counted: bool
