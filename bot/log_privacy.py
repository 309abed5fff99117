"""Keeps what people type out of every log record, at every level, in the gateway, the action
server and Rasa.

`install()` puts a log-record factory in the process, so every record any library makes (Rasa,
structlog through the standard library, Sanic, uvicorn, Python warnings, uncaught exceptions)
is cleaned before any handler sees it, whatever the level or the handler. Three rules:

1. Words of recent messages are removed wherever they appear. Each process calls `remember()`
   with the text it receives (the gateway per message, the action server per action call, Rasa
   for every UserMessage). Only salted hashes of the words are kept, never the words, for an
   hour (the session expiry) and at most MAX_WORDS of them.
2. Rasa's structured events (rendered as JSON or as key=value) lose the values of the keys that
   carry user text (`text`, `user_text`, `parse_data`, ...), even when rule 1 did not see them.
3. Rasa's "Failed to parse arguments in line '...'" warning (a message starting with "/" that
   is not a valid intent) is replaced whole: every part of it quotes the message.

Tracebacks are cleaned the same way (the record's exception is formatted, cleaned, and kept only
as text). A few short function words ("the", "and", ...) are left in place so logs stay
readable; they say nothing about a person."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import secrets
import sys
import threading
import time
import traceback
from collections import OrderedDict
from typing import Any, Iterable, Optional

REMOVED = "[removed]"
MAX_WORDS = 100_000
KEEP_SECONDS = 3600.0
MIN_WORD = 3
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Function words that are never redacted: they carry nothing about a person.
COMMON = frozenset(
    """the and for are but not you your yes was were has have had can did does this that
with from what when who why how its all any out into our off too very just than then there here
they them their she her him his one two get got down""".split()
)
# Keys of Rasa's structured log events (rasa.utils.log_utils) and of tracker data that hold user text.
TEXT_KEYS = frozenset(
    """text response_text user_text slot_values parse_data parse_data_text
parse_data_entities prediction_events tracker_latest_message latest_message prefilled_slots message
response slot_candidates rasa_event rasa_events tracker_states current_states old_states successes
current_entity next_entity states entity entities token_text tokens user_message json_message
metadata events""".split()
)
_KEY_ALTERNATION = "|".join(sorted(TEXT_KEYS, key=len, reverse=True))
_QUOTED = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\""""
# key=value (structlog's console renderer, reprs of keyword arguments)
KEY_EQUALS = re.compile(rf"\b({_KEY_ALTERNATION})=({_QUOTED}|[^\s,)]+)")
# "key": value or 'key': value (JSON that did not parse as a whole, dict reprs)
KEY_COLON = re.compile(rf"""(["']({_KEY_ALTERNATION})["']\s*:\s*)({_QUOTED}|[^\s,}}\]]+)""")
PARSE_WARNING = "Failed to parse arguments in line"
PARSE_WARNING_SAID = (
    "Rasa could not read a message that starts with '/' as a command; "
    f"the message is left out of this log ({REMOVED})."
)


class TextMemory:
    """Salted hashes of the words of recent messages, so they can be found in log text without
    keeping the words. Bounded (MAX_WORDS, oldest first out) and expiring (KEEP_SECONDS)."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS, max_words: int = MAX_WORDS) -> None:
        self.keep_seconds = keep_seconds
        self.max_words = max_words
        self._salt = secrets.token_bytes(16)
        self._seen: "OrderedDict[bytes, float]" = OrderedDict()
        self._lock = threading.Lock()

    def _digest(self, word: str) -> bytes:
        return hashlib.blake2b(word.casefold().encode("utf-8", "replace"), key=self._salt, digest_size=8).digest()

    @staticmethod
    def _words(text: str) -> Iterable[str]:
        for match in WORD.finditer(text):
            word = match.group()
            if len(word) >= MIN_WORD and word.casefold() not in COMMON:
                yield word

    def remember(self, text: Optional[str]) -> None:
        if not isinstance(text, str) or not text:
            return
        now = time.monotonic()
        with self._lock:
            for word in self._words(text):
                digest = self._digest(word)
                self._seen[digest] = now
                self._seen.move_to_end(digest)
            while len(self._seen) > self.max_words:
                self._seen.popitem(last=False)
            self._expire(now)

    def _expire(self, now: float) -> None:
        oldest = now - self.keep_seconds
        while self._seen:
            digest, seen = next(iter(self._seen.items()))
            if seen >= oldest:
                break
            self._seen.popitem(last=False)

    def __len__(self) -> int:
        return len(self._seen)

    def redact(self, text: str) -> str:
        if not self._seen:
            return text
        with self._lock:
            self._expire(time.monotonic())
            known = self._seen

            def swap(match: "re.Match[str]") -> str:
                word = match.group()
                if len(word) < MIN_WORD or word.casefold() in COMMON:
                    return word
                return REMOVED if self._digest(word) in known else word

            return WORD.sub(swap, text)


MEMORY = TextMemory()


def remember(text: Optional[str]) -> None:
    """Note a message a person sent, so its words are removed from any later log record."""
    MEMORY.remember(text)


def remember_tracker(tracker: Any) -> None:
    """Note every user text in a tracker as Rasa sends it to the action server."""
    if not isinstance(tracker, dict):
        return
    latest = tracker.get("latest_message")
    if isinstance(latest, dict):
        remember(latest.get("text"))
    for event in tracker.get("events") or []:
        if isinstance(event, dict) and event.get("event") == "user":
            remember(event.get("text"))


def _scrub_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: REMOVED if key in TEXT_KEYS and value[key] not in (None, "", [], {}) else _scrub_value(value[key])
            for key in value
        }
    if isinstance(value, list):
        return [_scrub_value(item) for item in value]
    if isinstance(value, str):
        return MEMORY.redact(value)
    return value


def clean(text: str) -> str:
    """The text of a log record with user text removed (rules 1 to 3 above)."""
    if not text:
        return text
    if PARSE_WARNING in text:
        return PARSE_WARNING_SAID
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            return json.dumps(_scrub_value(parsed), ensure_ascii=False)
    text = KEY_EQUALS.sub(lambda m: f"{m.group(1)}={REMOVED}", text)
    text = KEY_COLON.sub(lambda m: f'{m.group(1)}"{REMOVED}"', text)
    return MEMORY.redact(text)


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    """Clean one record in place: its message, its exception and its stack."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a record whose arguments do not fit its format
        message = str(record.msg)
    record.msg, record.args = clean(message), ()
    if record.exc_info:
        formatted = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info[0] else ""
        record.exc_text = clean(formatted).rstrip("\n") or None
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = clean(record.exc_text)
    if record.stack_info:
        record.stack_info = clean(record.stack_info)
    return record


_installed = False


def install() -> None:
    """Clean every log record this process makes from now on (safe to call more than once)."""
    global _installed
    if _installed:
        return
    _installed = True
    make = logging.getLogRecordFactory()

    def cleaned_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub(make(*args, **kwargs))

    logging.setLogRecordFactory(cleaned_record)
    logging.captureWarnings(True)  # warnings become records on "py.warnings", so they are cleaned too
    uncaught = logging.getLogger("speakup.uncaught")

    def log_uncaught(kind, value, trace) -> None:
        uncaught.critical("uncaught exception", exc_info=(kind, value, trace))

    sys.excepthook = log_uncaught
    threading.excepthook = lambda hook: log_uncaught(hook.exc_type, hook.exc_value, hook.exc_traceback)


def install_in_rasa() -> None:
    """install(), and remember the text of every message Rasa receives, on any channel."""
    install()
    from rasa.core.channels import channel

    original = channel.UserMessage.__init__
    if getattr(original, "remembers_text", False):
        return

    @functools.wraps(original)
    def init(self, text: Optional[str] = None, *args: Any, **kwargs: Any) -> None:
        remember(text)
        original(self, text, *args, **kwargs)

    init.remembers_text = True  # type: ignore[attr-defined]
    channel.UserMessage.__init__ = init  # type: ignore[method-assign]
