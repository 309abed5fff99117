"""Rasa's socket.io channel with python-socketio's client, over websocket and long-polling."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import socketio

pytestmark = pytest.mark.stack


@pytest.mark.parametrize("transport", ["websocket", "polling"])
async def test_socketio_session_and_answer(stack, transport):
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    answers: asyncio.Queue = asyncio.Queue()

    @client.on("session_confirm")
    async def on_confirm(session_id):
        if not confirmed.done():
            confirmed.set_result(session_id)

    @client.on("bot_uttered")
    async def on_bot(message):
        await answers.put(message)

    await client.connect(stack.rasa_url, transports=[transport], socketio_path="socket.io", wait_timeout=20)
    try:
        assert client.transport() == transport
        session_id = uuid.uuid4().hex
        await client.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(confirmed, 20) == session_id
        await client.emit("user_uttered", {"message": "why am I being kept apart?", "session_id": session_id})
        texts = []
        while not any("seclusion" in t.lower() or "segregation" in t.lower() for t in texts):
            texts.append((await asyncio.wait_for(answers.get(), 30)).get("text", ""))
    finally:
        await client.disconnect()
