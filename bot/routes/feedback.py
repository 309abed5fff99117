"""POST /api/feedback: "Did this help?" under an answer, counted anonymously in the topic log."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from actions import content
from bot import messages, topic_log
from bot.routes.chat import slow_down
from bot.schemas import ErrorResponse, FeedbackRequest, FeedbackResponse

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post(
    "/api/feedback",
    response_model=FeedbackResponse,
    status_code=202,
    responses={429: {"model": ErrorResponse}},
)
async def feedback(request: FeedbackRequest, http: Request):
    """Count one choice (yes, no, or a reason after no) for an answer's topic at its level, in the
    hour it was made. Nothing else is kept: no text, no conversation id, no address."""
    address = http.client.host if http.client else "unknown"
    wait = await http.app.state.limiter.check(None, address)
    if wait is not None:
        return slow_down(wait)
    if request.topic not in content.library():
        return JSONResponse(status_code=422, content={"detail": messages.UNKNOWN_TOPIC})
    try:
        topic_log.record_feedback(request.topic, request.level, request.choice)
    except Exception as error:  # only queues; the person's page must not break over a count
        logger.warning("feedback not counted: %s", type(error).__name__)
        return FeedbackResponse(counted=False)
    return FeedbackResponse(counted=True)
