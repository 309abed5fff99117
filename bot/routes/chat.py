"""POST /api/chat: passes one message to Rasa and returns its replies."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from bot import messages
from bot.deps import rasa_client
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.schemas import ChatRequest, ChatResponse, ErrorResponse

router = APIRouter()

WIDGET_CHANNEL = "widget"


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    responses={422: {"model": ErrorResponse}, 503: {"model": ChatResponse}},
)
async def chat(request: ChatRequest, rasa: RasaClient = Depends(rasa_client)):
    """Answer one message. A new conversation gets a random id made here."""
    session_id = request.session_id or uuid.uuid4().hex
    metadata = {"channel": request.channel or WIDGET_CHANNEL}
    if request.reading_level:
        metadata["reading_level"] = request.reading_level
    if request.audience:
        metadata["audience"] = request.audience
    try:
        replies = await rasa.send(session_id, request.message, metadata)
    except RasaUnavailable:
        unavailable = ChatResponse(
            session_id=session_id, replies=[{"text": messages.UNAVAILABLE, "buttons": []}]
        )
        return JSONResponse(status_code=503, content=unavailable.dict())
    return ChatResponse(session_id=session_id, replies=replies)
