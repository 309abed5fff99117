"""The add-ons Rasa loads: kept-alive action calls, the once-built check of action-server replies,
the MiniLM encoder and the training-cache fingerprints."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import addons  # noqa: F401  (installs the reply check, as `rasa run` does)
from addons.minilm import load


def test_action_replies_are_still_checked_against_rasas_schema():
    action = RemoteAction("action_answer", None)
    good = {"events": [{"event": "slot", "name": "topic", "value": "seclusion"}], "responses": [{"text": "Hello"}]}
    assert action._validate_action_result(good) is True
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "slot", "value": 1}]})  # a slot event needs a name
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})


def test_an_endpoint_keeps_one_open_session_per_event_loop():
    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")

    async def twice():
        async with endpoint.session() as first:
            pass
        async with endpoint.session() as second:
            pass
        assert first is second and not first.closed
        await first.close()
        async with endpoint.session() as third:
            assert third is not first and not third.closed
        await third.close()

    asyncio.run(twice())


def test_minilm_puts_questions_with_one_meaning_close_together():
    model = load()
    kept = model.embed_words("why am I kept in a room on my own".split())[1]
    apart = model.embed_words("why have they put me in seclusion".split())[1]
    food = model.embed_words("what time is lunch served".split())[1]
    assert np.isclose(np.linalg.norm(kept), 1.0, atol=1e-5)
    assert float(kept @ apart) > float(kept @ food)
    words, sentence = model.embed_words(["hello", "", "x" * 200])
    assert words.shape == (3, 384) and sentence.shape == (384,)
    assert np.isfinite(words).all()


def test_conversations_are_forgotten_after_the_session_expiry():
    import time

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from addons.tracker_store import ExpiringInMemoryTrackerStore
    from bot.settings import ROOT

    domain = Domain.load(str(ROOT / "domain.yml"))
    store = ExpiringInMemoryTrackerStore(domain)
    assert store.expiry_seconds() == 60 * domain.session_config.session_expiration_time

    async def run():
        await store.save(DialogueStateTracker.from_events("a" * 32, [UserUttered("hello")]))
        assert (await store.retrieve("a" * 32)).latest_message.text == "hello"
        assert isinstance(dict.__getitem__(store.store, "a" * 32), bytes), "held compressed"
        assert store.forget_expired(time.monotonic() + store.expiry_seconds() - 5) == 0
        assert store.forget_expired(time.monotonic() + store.expiry_seconds() + 1) == 1
        assert await store.retrieve("a" * 32) is None and not store.store

    asyncio.run(run())


def test_training_fingerprints_change_with_any_change_to_a_token_or_a_feature():
    import scipy.sparse
    from rasa.nlu.tokenizers.tokenizer import Token
    from rasa.shared.nlu.training_data.features import Features

    token = Token("kept", 4, lemma="keep", data={"pos": "VERB"})
    same = Token("kept", 4, lemma="keep", data={"pos": "VERB"})
    assert token.fingerprint() == same.fingerprint()
    for other in (Token("kept", 5, lemma="keep", data={"pos": "VERB"}), Token("kept", 4, lemma="kept")):
        assert other.fingerprint() != token.fingerprint()
    before = token.fingerprint()
    token.set("pos", "NOUN")
    assert token.fingerprint() != before
    matrix = scipy.sparse.random(1, 5000, density=0.01, format="coo", random_state=1)
    changed = matrix.copy()
    changed.data[0] += 1
    wider = scipy.sparse.coo_matrix((matrix.data, (matrix.row, matrix.col)), shape=(1, 5001))

    def print_of(m, origin="cvf"):
        return Features(m, "sentence", "text", origin).fingerprint()

    assert print_of(matrix) == print_of(matrix.copy()) == print_of(matrix.tocsr())
    assert len({print_of(matrix), print_of(changed), print_of(wider), print_of(matrix, "other")}) == 4
