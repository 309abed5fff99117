"""Request and response shapes of the gateway's API, with errors a person can read."""

from __future__ import annotations

import re
from typing import List, Literal, Optional

from pydantic import BaseModel, Field, validator

from bot.settings import get_settings

SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
# Lone surrogates (they cannot be sent on as UTF-8) and control characters other than tab and
# new line are taken out of messages before anything else sees them.
UNSENDABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ChatRequest(BaseModel):
    """One message from the person, with the session it belongs to (if any)."""

    message: str = Field(..., description="What the person typed, or the title of the button they pressed.")
    payload: Optional[str] = Field(None, max_length=500, description="For a button press: the button's payload.")
    session_id: Optional[str] = Field(None, description="The id this gateway gave in an earlier reply.")
    reading_level: Optional[Literal["easy", "plain", "detailed"]] = Field(
        None, description="Answer at this level from now on."
    )
    channel: Optional[Literal["widget", "fullpage"]] = Field(
        None, description="Which front end sent this: the embedded widget or the full page (default widget)."
    )
    audience: Optional[Literal["young_person", "family", "staff", "patient"]] = Field(
        None, description="Who the person said they are, if they chose to (counted, never linked to them)."
    )

    @validator("message")
    def message_has_text(cls, value: str) -> str:
        value = UNSENDABLE.sub("", value).strip()
        if not value:
            raise ValueError("Please type a message before sending.")
        limit = get_settings().max_message_chars
        if len(value) > limit:
            raise ValueError(f"Your message is too long. Please keep it under {limit:,} characters.")
        return value

    @validator("session_id")
    def session_id_is_ours(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not SESSION_ID.match(value):
            raise ValueError("This conversation id is not valid. Start a new conversation.")
        return value


class Button(BaseModel):
    title: str
    payload: str


Level = Literal["easy", "plain", "detailed"]


class Reply(BaseModel):
    text: str = ""
    buttons: List[Button] = []
    kind: Optional[Literal["summary"]] = Field(None, description='"summary": a walk-through summary to print.')
    level: Optional[Level] = Field(None, description="The reading level this answer was written in.")
    topic: Optional[str] = Field(None, description="The topic this answer is about (for \"Did this help?\").")


class ChatResponse(BaseModel):
    session_id: str
    replies: List[Reply]


class ErrorResponse(BaseModel):
    detail: str


FEEDBACK_CHOICES = ("yes", "no", "too_hard", "not_what_i_asked", "something_else")


class FeedbackRequest(BaseModel):
    """ "Did this help?" under one answer: only the answer's topic, its level and the choice."""

    topic: str = Field(..., max_length=64, description="The topic of the answer (a reply's `topic`).")
    level: Level = Field(..., description="The level the answer was written in (a reply's `level`).")
    choice: Literal[FEEDBACK_CHOICES] = Field(  # type: ignore[valid-type]
        ..., description="yes, no, or after no: too_hard, not_what_i_asked or something_else."
    )


class FeedbackResponse(BaseModel):
    counted: bool
