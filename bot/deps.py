"""Dependencies routes declare: the shared HTTP client and the Rasa client (both made at start-up)."""

from __future__ import annotations

import httpx
from fastapi import Request

from bot.rasa_client import RasaClient


def http_client(request: Request) -> httpx.AsyncClient:
    return request.app.state.http


def rasa_client(request: Request) -> RasaClient:
    return request.app.state.rasa
