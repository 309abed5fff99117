"""Dependencies routes declare: the shared HTTP client and the Rasa client."""

from __future__ import annotations

import httpx
from fastapi import Request

from bot.rasa_client import RasaClient
from bot.settings import get_settings


def http_client(request: Request) -> httpx.AsyncClient:
    return request.app.state.http


def rasa_client(request: Request) -> RasaClient:
    return RasaClient(request.app.state.http, get_settings().rasa_url)
