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

    message: str = Field(..., description="What the person typed or the payload of a button they pressed.")
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


class Reply(BaseModel):
    text: str = ""
    buttons: List[Button] = []
    kind: Optional[Literal["summary"]] = Field(None, description='"summary": a walk-through summary to print.')


class ChatResponse(BaseModel):
    session_id: str
    replies: List[Reply]


class ErrorResponse(BaseModel):
    detail: str
