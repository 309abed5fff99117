"""POST /api/chat: passes one message to Rasa and returns its replies; POST /api/forget: makes
Rasa forget a conversation ("Clear conversation" and "Leave quickly" in the widget)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from bot import log_privacy, messages
from bot.deps import rasa_client
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.schemas import ChatRequest, ChatResponse, ErrorResponse, ForgetRequest, ForgetResponse

router = APIRouter()
logger = logging.getLogger(__name__)
RETRY_SECONDS = 5

WIDGET_CHANNEL = "widget"


def client_address(http: Request) -> str:
    """The person's address as uvicorn gives it (behind a proxy: from X-Forwarded-For, trusted
    only from the proxy's own address, --forwarded-allow-ips)."""
    return http.client.host if http.client else "unknown"


def slow_down(wait: int) -> JSONResponse:
    return JSONResponse(
        status_code=429, headers={"Retry-After": str(wait)}, content={"detail": messages.SLOW_DOWN.format(seconds=wait)}
    )


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    response_model_exclude_none=True,
    responses={429: {"model": ErrorResponse}, 503: {"model": ChatResponse}},
)
async def chat(request: ChatRequest, http: Request, rasa: RasaClient = Depends(rasa_client)):
    """Answer one message. A new conversation (no id, or an id this gateway did not sign) gets a
    new signed id. A button press is sent as a command only if it was offered (bot/offered.py)."""
    log_privacy.remember(request.message)
    ids, offers = http.app.state.session_ids, http.app.state.offers
    name = ids.name(request.session_id)
    new_conversation = name is None
    session_id = ids.new() if new_conversation else request.session_id
    name = ids.name(session_id)
    wait = await http.app.state.limiter.check(name, client_address(http), new_conversation=new_conversation)
    if wait is not None:
        return slow_down(wait)
    metadata = {"channel": request.channel or WIDGET_CHANNEL}
    if request.reading_level:
        metadata["reading_level"] = request.reading_level
    if request.audience:
        metadata["audience"] = request.audience
    command = await offers.accept(name, request.payload) if request.payload else None
    try:
        replies = await rasa.send(name, command or request.message, metadata)
    except RasaUnavailable as error:
        logger.warning("Rasa did not answer (%s)", error)
        return unavailable(session_id)
    if not replies:  # every turn says something: none means an action failed (the action server is down)
        logger.warning("Rasa sent no reply; the action server may be down")
        return unavailable(session_id)
    await offers.remember(name, replies)
    return ChatResponse(session_id=session_id, replies=replies)


@router.post("/api/forget", response_model=ForgetResponse, responses={429: {"model": ErrorResponse}})
async def forget(request: ForgetRequest, http: Request, rasa: RasaClient = Depends(rasa_client)):
    """Restart the conversation's tracker in Rasa, so the server keeps none of its events, and
    drop its offered buttons. An id this gateway did not sign is ignored."""
    wait = await http.app.state.limiter.check(None, client_address(http))
    if wait is not None:
        return slow_down(wait)
    name = http.app.state.session_ids.name(request.session_id)
    if name is None:
        return ForgetResponse(forgotten=False)
    await http.app.state.offers.forget(name)
    try:
        await rasa.restart(name)
    except RasaUnavailable as error:
        logger.warning("Rasa did not restart a conversation (%s); it expires after the session expiry", error)
        return ForgetResponse(forgotten=False)
    return ForgetResponse(forgotten=True)


def unavailable(session_id: str) -> JSONResponse:
    """503 with the friendly text and the crisis numbers; the widget tries again by itself."""
    body = ChatResponse(session_id=session_id, replies=[{"text": messages.UNAVAILABLE, "buttons": []}])
    return JSONResponse(
        status_code=503, content=body.dict(exclude_none=True), headers={"Retry-After": str(RETRY_SECONDS)}
    )
