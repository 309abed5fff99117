"""Two Rasa workers behind one gateway: both answer, each conversation stays on its worker, and
when a worker dies its conversations move to the other one."""

from __future__ import annotations

import zlib

import pytest

from actions import content
from scripts.stack import NO_RATE_LIMITS, Ports, Stack
from tests.helpers import chat

pytestmark = pytest.mark.stack

LIBRARY = content.library()


@pytest.fixture(scope="module")
def two_workers(stack_database, log_dir):
    running = Stack(
        ports=Ports.free(rasa_workers=2),
        env={"DATABASE_URL": stack_database, **NO_RATE_LIMITS},
        log_dir=log_dir / "workers",
    )
    running.start()
    yield running
    running.stop()


def home(session: str) -> int:
    """The worker the gateway sends a conversation to: a hash of its name, the id's random part
    before the signature (bot/sessions.py), as bot/rasa_client.py computes it."""
    name = session.split(".")[0]
    return zlib.crc32(name.encode("utf-8")) % 2


def test_both_workers_answer_and_each_conversation_stays_on_its_worker(two_workers):
    easy = LIBRARY.choose("seclusion", "easy")[1]
    homes = set()
    for _ in range(12):
        first = chat(two_workers.gateway_url, "what is seclusion").json()
        session = first["session_id"]
        homes.add(home(session))
        # Only the worker that holds the conversation knows its last topic: a level change proves
        # the second message reached the same worker.
        again = chat(two_workers.gateway_url, "easier please", session_id=session).json()["replies"]
        assert easy in [reply["text"] for reply in again], again
    assert homes == {0, 1}


def test_a_dead_workers_conversations_move_to_the_other(two_workers, log_dir):
    sessions = []
    while len(sessions) < 3:
        session = chat(two_workers.gateway_url, "what is PALS").json()["session_id"]
        if home(session) == 1:
            sessions.append(session)
    two_workers.kill("rasa-2")
    for session in sessions:
        response = chat(two_workers.gateway_url, "what is seclusion", session_id=session)
        assert response.status_code == 200
        assert LIBRARY.choose("seclusion", "plain")[1] in [r["text"] for r in response.json()["replies"]]
    log = (log_dir / "workers" / "gateway.log").read_text(errors="replace")
    assert "Rasa worker 2 is not answering" in log
