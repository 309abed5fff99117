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


async def _topic_log(http: httpx.AsyncClient, url: str) -> dict:
    """The action server's topic-log counts: queued, written, dropped, failures."""
    try:
        response = await http.get(url, timeout=get_settings().health_timeout_seconds)
        return response.json() if response.status_code == 200 else {}
    except (httpx.HTTPError, ValueError):
        return {}


@router.get("/healthz")
async def healthz(http: httpx.AsyncClient = Depends(http_client)):
    """{"status": "ok" | "degraded", "parts": {"rasa", "actions", "database"}, "topic_log": {...}}"""
    settings = get_settings()
    actions_url = settings.actions_url.rstrip("/")
    rasa, actions, database, counts = await asyncio.gather(
        asyncio.gather(*(_answers(http, url.rstrip("/") + "/") for url in settings.rasa_urls)),
        _answers(http, actions_url + "/health"),
        run_in_threadpool(db.is_up),
        _topic_log(http, actions_url + "/topic-log"),
    )
    # With several Rasa instances: "ok" when all answer, "down" when none does, else "degraded".
    together = "ok" if all(r == "ok" for r in rasa) else "down" if all(r == "down" for r in rasa) else "degraded"
    parts = {"rasa": together, "actions": actions, "database": "ok" if database else "down"}
    status = "ok" if all(value == "ok" for value in parts.values()) else "degraded"
    return {"status": status, "parts": parts, "topic_log": counts}
