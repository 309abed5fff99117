"""The FastAPI gateway: the chat and feedback API, health checks, the public pages and the widget's files."""

from __future__ import annotations

from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from bot import log_privacy, messages, topic_log
from bot.offered import Offers
from bot.rasa_client import RasaClient
from bot.rate_limit import Limits, RateLimiter
from bot.routes import chat, dashboard, feedback, health, pages
from bot.schemas import ErrorResponse
from bot.security_headers import SecurityHeaders
from bot.sessions import SessionIds
from bot.settings import ROOT, get_settings


@asynccontextmanager
async def lifespan(app: FastAPI):
    settings = get_settings()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    app.state.limiter = RateLimiter(
        Limits(
            settings.rate_limit_per_session,
            settings.rate_limit_per_address,
            settings.rate_limit_window_seconds,
            settings.rate_limit_new_per_address,
            settings.rate_limit_new_window_seconds,
            settings.login_limit_per_address,
            settings.login_limit_window_seconds,
        ),
        settings.redis_url,
    )
    app.state.session_ids = SessionIds.from_settings(settings)
    app.state.offers = Offers(settings.redis_url)
    try:
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds, limits=limits) as http:
            app.state.http = http
            app.state.rasa = RasaClient(http, settings.rasa_urls, sticky=settings.sticky_routing)
            yield
    finally:
        await app.state.limiter.close()
        await app.state.offers.close()
        await run_in_threadpool(topic_log.flush_writer)  # write the last "Did this help?" counts


def readable_error(error: RequestValidationError) -> str:
    """The first problem with a request, in words a person can act on (never echoing input)."""
    for problem in error.errors():
        field = problem.get("loc", ["", ""])[-1]
        message = problem.get("msg", "")
        if problem.get("type") == "value_error":
            return message
        if field in messages.FIELD_MESSAGES:
            return messages.FIELD_MESSAGES[field]
    return messages.BAD_REQUEST


def create_app() -> FastAPI:
    log_privacy.install()
    settings = get_settings()
    # No /docs or /redoc: they load scripts from a CDN. The schema is at /openapi.json.
    # Every 422 has the shape validation_error() below sends, so the schema says so for every route.
    app = FastAPI(
        title="Speak Up gateway",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        responses={422: {"model": ErrorResponse}},
    )
    origins = settings.cors_origin_list
    if origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"], allow_headers=["content-type"]
        )
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": readable_error(error)})

    app.include_router(chat.router)
    app.include_router(feedback.router)
    app.include_router(health.router)
    app.include_router(dashboard.router)
    app.include_router(pages.router)  # "/" and "/chat" (the chat page), "/topics/<id>" (plain pages)
    app.mount("/dashboard-static", StaticFiles(directory=ROOT / "bot" / "static"), name="dashboard-static")
    app.mount("/", StaticFiles(directory=settings.widget_dir), name="widget")
    return app


app = create_app()
