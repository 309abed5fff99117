"""The log filter (bot/log_privacy.py) on real logging: what a person typed never reaches a log
record, at any level, in a traceback, in Rasa's "/"-warning or in Rasa's structured events."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pytest

from bot import log_privacy
from bot.settings import ROOT

SECRET = "my nurse periwinkle hit me near the zanzibar room"
WORDS = ("periwinkle", "zanzibar", "nurse")


@pytest.fixture
def output(monkeypatch):
    """A real handler on a real logger, with the filter installed in this process, and a memory
    of its own (other tests in this process remember the texts they send)."""
    monkeypatch.setattr(log_privacy, "MEMORY", log_privacy.TextMemory())
    log_privacy.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("speakup.test")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.removeHandler(handler)


def assert_clean(text: str) -> None:
    for word in WORDS:
        assert word not in text.lower(), text


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL])
def test_remembered_words_are_removed_at_every_level(output, level):
    logger, stream = output
    log_privacy.remember(SECRET)
    logger.log(level, "Received user message '%s' with intent %s", SECRET, "faq")
    written = stream.getvalue()
    assert_clean(written)
    assert log_privacy.REMOVED in written and "with intent faq" in written


def test_tracebacks_are_cleaned(output):
    logger, stream = output
    log_privacy.remember(SECRET)
    try:
        raise ValueError(f"could not handle {SECRET!r}")
    except ValueError:
        logger.exception("action failed")
    written = stream.getvalue()
    assert "Traceback" in written and "ValueError" in written
    assert_clean(written)


def test_rasa_structured_events_lose_their_text_even_unremembered(output):
    logger, stream = output
    unseen = "quokka zebrawood"  # never passed to remember()
    logger.error(json.dumps({"event": "rest.message.received.timeout", "text": unseen, "level": "error"}))
    logger.error("rest.message.received.failure text='%s' sender=abc", unseen)
    logger.debug("parse %s", {"user_text": unseen, "intent": "faq"})
    written = stream.getvalue()
    assert "quokka" not in written and "zebrawood" not in written
    assert "rest.message.received.timeout" in written and "sender=abc" in written and "faq" in written


RASA_PARSE = """
import logging, sys
from bot import log_privacy
from bot.settings import ROOT
log_privacy.install()
logging.basicConfig(stream=sys.stderr, level=logging.DEBUG, format="%(levelname)s %(name)s %(message)s")
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message
domain = Domain.from_yaml("intents: [faq]\\nentities: [topic]")
for line in sys.argv[1:]:
    YAMLStoryReader.unpack_regex_message(Message.build(text=line), domain=domain)
"""


def test_rasa_failed_to_parse_warning_is_replaced_whole():
    """The real Rasa code path in a fresh process: a "/"-message that is not an intent, malformed
    JSON, and an unknown entity. Without the filter each warning quotes the whole message."""
    lines = ["/quokka periwinkle hit me", '/faq{"topic": "zanzibar', '/faq{"zanzibar": "x"}']
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", RASA_PARSE, *lines],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    written = done.stdout + done.stderr
    assert written.count("could not read a message that starts with '/'") == 3, written[-2000:]
    assert "quokka" not in written
    assert_clean(written)


def test_memory_keeps_only_salted_hashes_and_is_bounded():
    memory = log_privacy.TextMemory(keep_seconds=3600, max_words=3)
    memory.remember("alpha bravo charlie delta")
    assert len(memory) == 3
    assert memory.redact("alpha bravo charlie delta") == "alpha [removed] [removed] [removed]"
    stored = b"".join(memory._seen)
    assert b"delta" not in stored and b"bravo" not in stored
    expired = log_privacy.TextMemory(keep_seconds=0)
    expired.remember("echo foxtrot")
    assert expired.redact("echo foxtrot") == "echo foxtrot"


def test_the_action_server_remembers_every_user_text_in_a_tracker():
    log_privacy.remember_tracker(
        {
            "latest_message": {"text": "the marmalade question"},
            "events": [{"event": "user", "text": "an earlier kumquat"}, {"event": "bot"}],
        }
    )
    assert "marmalade" not in log_privacy.clean("saw marmalade and kumquat")
    assert "kumquat" not in log_privacy.clean("saw marmalade and kumquat")
