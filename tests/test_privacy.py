"""Nothing a person types reaches a log file, the database or var/ (the running stack)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_kept_nowhere, chat

pytestmark = pytest.mark.stack

# A conversation with words found nowhere in Speak Up's own content or code.
WORDS = ["periwinkle", "zanzibar", "quokka"]
CONVERSATION = [
    f"why was I kept apart near the {WORDS[0]} room",
    f"my friend {WORDS[1]} says staff held me down",
    f"easier please {WORDS[2]}",
]


def test_no_log_file_contains_what_was_typed(stack, stack_database):
    session = None
    for message in CONVERSATION:
        response = chat(stack.gateway_url, message, session_id=session)
        assert response.status_code == 200
        session = response.json()["session_id"]
    assert_kept_nowhere(WORDS, stack_database, session)
