"""Rasa's socket.io channel, made to work on Python 3.11 (websocket and long-polling transports).

Rasa 3.6 declares Python <3.11. On 3.11 its socket.io channel has two faults, both measured:

1. Sanic 21.12 (the only line Rasa 3.6 accepts) passes a bare coroutine,
   ``self.assembler.get(...)``, to ``asyncio.wait`` in ``WebsocketImplProtocol.recv`` and
   ``recv_burst``. Python 3.11 forbids that ("Passing coroutines is forbidden, use tasks
   explicitly"), so every websocket upgrade fails. The fix below makes
   ``WebsocketFrameAssembler.get`` return a Task, which ``asyncio.wait`` accepts and which
   callers can still ``await``.
2. python-socketio 5.10 and newer made ``AsyncServer.enter_room`` a coroutine; Rasa calls it
   without ``await``, so with ``session_persistence`` the session never joins its room and
   bot messages are lost. requirements.lock pins python-socketio 5.8.0 with
   python-engineio 4.4.1 (inside Rasa's declared ranges), where it is a plain method; the
   check below refuses to start on a version where the call would silently do nothing.

It also accepts connections only from the origins in CORS_ORIGINS (and the page's own origin):
Rasa's channel turns python-engineio's origin check off (``cors_allowed_origins=[]``), which lets
a page on any site open a websocket. Here engine.io checks the Origin header of every request,
websocket and long-polling alike, and leaves the CORS headers to Rasa's ``--cors`` (the same
list, passed by scripts/stack.py), so no response carries them twice.
"""

from __future__ import annotations

import asyncio
import functools
import os

import socketio
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic.server.websockets.frame import WebsocketFrameAssembler

from bot.settings import origin_list

__all__ = ["SocketIOInput"]


def _get_returns_task(get):
    @functools.wraps(get)
    def wrapper(self, timeout=None):
        return asyncio.ensure_future(get(self, timeout))

    wrapper._speakup_patched = True
    return wrapper


if not getattr(WebsocketFrameAssembler.get, "_speakup_patched", False):
    WebsocketFrameAssembler.get = _get_returns_task(WebsocketFrameAssembler.get)

if asyncio.iscoroutinefunction(socketio.AsyncServer.enter_room):
    raise RuntimeError(
        "python-socketio's AsyncServer.enter_room is a coroutine in this version, and Rasa 3.6 "
        "does not await it: install python-socketio 5.8.0 from requirements.lock."
    )


def allowed_origins() -> list:
    """The other sites whose pages may connect (CORS_ORIGINS), read when Rasa starts."""
    return origin_list(os.environ.get("CORS_ORIGINS", ""))


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io input channel; importing this module applies the fixes above."""

    def blueprint(self, on_new_message):
        blueprint = super().blueprint(on_new_message)
        engine = self.sio.eio
        origins = allowed_origins()
        # None: pages of Rasa's own origin only; a list: exactly those origins. Requests with no
        # Origin header (apps, python-socketio's client) are not browser pages and pass.
        engine.cors_allowed_origins = origins or None
        engine._cors_headers = lambda environ: []  # Rasa's --cors sets them (see above)
        return blueprint
