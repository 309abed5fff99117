"""POST /api/chat: passes one message to Rasa and returns its replies."""

from __future__ import annotations

import logging
import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from bot import messages
from bot.deps import rasa_client
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.schemas import ChatRequest, ChatResponse, ErrorResponse

router = APIRouter()
logger = logging.getLogger(__name__)
RETRY_SECONDS = 5

WIDGET_CHANNEL = "widget"


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    response_model_exclude_none=True,
    responses={422: {"model": ErrorResponse}, 429: {"model": ErrorResponse}, 503: {"model": ChatResponse}},
)
async def chat(request: ChatRequest, http: Request, rasa: RasaClient = Depends(rasa_client)):
    """Answer one message. A new conversation gets a random id made here."""
    address = http.client.host if http.client else "unknown"
    wait = await http.app.state.limiter.check(request.session_id, address)
    if wait is not None:
        return JSONResponse(status_code=429, headers={"Retry-After": str(wait)},
                            content={"detail": messages.SLOW_DOWN.format(seconds=wait)})
    session_id = request.session_id or uuid.uuid4().hex
    metadata = {"channel": request.channel or WIDGET_CHANNEL}
    if request.reading_level:
        metadata["reading_level"] = request.reading_level
    if request.audience:
        metadata["audience"] = request.audience
    # A button press: its payload goes to Rasa. (Issue 15 checks the payload was offered.)
    try:
        replies = await rasa.send(session_id, request.payload or request.message, metadata)
    except RasaUnavailable as error:
        logger.warning("Rasa did not answer (%s)", error)
        return unavailable(session_id)
    if not replies:  # every turn says something: none means an action failed (the action server is down)
        logger.warning("Rasa sent no reply; the action server may be down")
        return unavailable(session_id)
    return ChatResponse(session_id=session_id, replies=replies)


def unavailable(session_id: str) -> JSONResponse:
    """503 with the friendly text and the crisis numbers; the widget tries again by itself."""
    body = ChatResponse(session_id=session_id, replies=[{"text": messages.UNAVAILABLE, "buttons": []}])
    return JSONResponse(status_code=503, content=body.dict(exclude_none=True), headers={"Retry-After": str(RETRY_SECONDS)})
