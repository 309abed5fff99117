"""GET /healthz: whether Rasa, the action server and the database each answer."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from bot import db
from bot.deps import http_client
from bot.settings import get_settings

router = APIRouter()


async def _answers(http: httpx.AsyncClient, url: str) -> str:
    try:
        response = await http.get(url, timeout=get_settings().health_timeout_seconds)
        return "ok" if response.status_code == 200 else "down"
    except httpx.HTTPError:
        return "down"


@router.get("/healthz")
async def healthz(http: httpx.AsyncClient = Depends(http_client)):
    """{"status": "ok" | "degraded", "parts": {"rasa": ..., "actions": ..., "database": ...}}"""
    settings = get_settings()
    rasa, actions, database = await asyncio.gather(
        _answers(http, settings.rasa_url.rstrip("/") + "/"),
        _answers(http, settings.actions_url.rstrip("/") + "/health"),
        run_in_threadpool(db.is_up),
    )
    parts = {"rasa": rasa, "actions": actions, "database": "ok" if database else "down"}
    status = "ok" if all(value == "ok" for value in parts.values()) else "degraded"
    return {"status": status, "parts": parts}
