"""Nothing a person types reaches a log file, the database or var/ (the running stack)."""

from __future__ import annotations

import pytest

from bot.settings import ROOT
from tests.helpers import all_rows, chat

pytestmark = pytest.mark.stack

# A conversation with words found nowhere in Speak Up's own content or code.
WORDS = ["periwinkle", "zanzibar", "quokka"]
CONVERSATION = [f"why was I kept apart near the {WORDS[0]} room",
                f"my friend {WORDS[1]} says staff held me down", f"easier please {WORDS[2]}"]


def assert_kept_nowhere(words, database: str, session: str = "") -> None:
    """No file under var/ (every log of every process the tests started) and no database row
    holds any of these words (or the conversation's id)."""
    files = [path for path in (ROOT / "var").rglob("*") if path.is_file() and path.stat().st_size < 50_000_000]
    assert any(path.suffix == ".log" for path in files), "the stack wrote no logs to check"
    for path in files:
        data = path.read_bytes().lower()
        for word in words:
            assert word.encode() not in data, f"{path} contains typed text ({word})"
    cells = " ".join(cell for row in all_rows(database) for cell in row).lower()
    assert not any(word in cells for word in words)
    if session:
        assert session.split(".")[0] not in cells


def test_no_log_file_contains_what_was_typed(stack, stack_database):
    session = None
    for message in CONVERSATION:
        response = chat(stack.gateway_url, message, session_id=session)
        assert response.status_code == 200
        session = response.json()["session_id"]
    assert_kept_nowhere(WORDS, stack_database, session)
