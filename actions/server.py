"""Runs the action server: rasa-sdk's own app, plus GET /topic-log with the background writer's
counts (queued, written, dropped) for the gateway's /healthz, and a flush on shutdown.

Use it like rasa-sdk: `python -m actions.server --port 5055`."""

from __future__ import annotations

import argparse
import logging
import os

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import response

from actions.conversation import level_to_remember
from bot import log_privacy, topic_log

logger = logging.getLogger(__name__)


_run_action = ActionExecutor.run


async def _run_keeping_the_level(self, action_call):
    """Every action keeps the reading level the person chose with the message it answers: the
    widget sends a level only when the person changes it, so the slot must hold it from then on,
    whichever action answered (a menu, the walk-through, the plan), not only topic answers."""
    result = await _run_action(self, action_call)
    if result is not None:
        remembered = level_to_remember(action_call.get("tracker") or {}, result.get("events") or [])
        if remembered is not None:
            result["events"] = [*result.get("events", []), remembered]
    return result


ActionExecutor.run = _run_keeping_the_level


def build_app():
    app = create_app("actions", cors_origins=None)

    @app.on_request
    async def remember_what_was_typed(request):
        """The words of the conversation are noted, so no log record of this call can hold them."""
        if request.method == "POST" and request.path == "/webhook":
            try:
                log_privacy.remember_tracker((request.json or {}).get("tracker"))
            except Exception:  # noqa: BLE001 - a body that is not JSON: rasa-sdk answers it
                pass

    @app.get("/topic-log")
    async def topic_log_stats(_request):
        return response.json(topic_log.writer().stats())

    @app.listener("before_server_stop")
    async def flush_topic_log(_app, _loop):
        topic_log.writer().stop()

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "127.0.0.1"))
    args = parser.parse_args()
    log_privacy.install()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    topic_log.writer()._ensure_started()  # retention purge on start
    build_app().run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
