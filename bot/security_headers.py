"""Security headers on every response, and a limit on request body size.

A strict Content-Security-Policy (no inline script, nothing from other origins), nosniff,
no referrer, and frame-ancestors from FRAME_ANCESTORS, so a trust can allow its own site to
embed the widget. Every dashboard page and the CSV export also get Cache-Control: no-store (no
browser or proxy keeps a copy), and every response served over HTTPS gets HSTS (behind a
proxy, uvicorn takes the scheme from X-Forwarded-Proto, trusted only from the proxy)."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.settings import get_settings

HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
NO_STORE = (b"cache-control", b"no-store")
TOO_LARGE = json.dumps({"detail": "That request is too large. Please send a shorter message."}).encode()


def content_security_policy(frame_ancestors: str) -> str:
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        f"form-action 'self'; frame-src 'self'; frame-ancestors {frame_ancestors}"
    )


class SecurityHeaders:
    """ASGI middleware: adds the headers, and answers 413 to bodies over the limit."""

    def __init__(self, app: ASGIApp):
        self.app = app
        settings = get_settings()
        self.limit = settings.max_body_bytes
        self.headers = [
            (b"content-security-policy", content_security_policy(settings.frame_ancestors).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _BodyTooLarge()
            return message

        extra = list(self.headers)
        if scope.get("scheme") == "https":
            extra.append(HSTS)
        path = scope.get("path", "")
        dashboard = path == "/dashboard" or path.startswith("/dashboard/")
        if dashboard:
            extra.append(NO_STORE)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if dashboard:
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                message["headers"] = headers + extra
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _BodyTooLarge:
            await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), *self.headers],
            }
        )
        await send({"type": "http.response.body", "body": TOO_LARGE})


class _BodyTooLarge(Exception):
    pass
