"""The known-words guard (addons/known_words.py): nonsense is not understood, typos and known words are."""

from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.known_words import FALLBACK, KnownWords, knows

KNOWN = {"what", "is", "seclusion", "can", "i", "see", "my", "notes", "restraint"}


def guard(known=KNOWN) -> KnownWords:
    return KnownWords(None, None, set(known))


def parsed(text: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": "faq", "confidence": 0.99})
    message.set(INTENT_RANKING_KEY, [{"name": "faq", "confidence": 0.99}])
    return message


def test_a_message_with_no_known_word_is_not_understood():
    message = guard().process([parsed("zxqv blorp wibble")])[0]
    assert message.get(INTENT)["name"] == FALLBACK
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == FALLBACK
    assert message.get(INTENT_RANKING_KEY)[1]["name"] == "faq"


def test_one_known_word_is_enough():
    assert guard().process([parsed("blorp seclusion")])[0].get(INTENT)["name"] == "faq"


def test_a_one_letter_typo_of_a_known_word_counts_as_known():
    for typo in ("seclsion", "seclusoin", "restrant", "restrainta", "notse"):
        assert knows(typo, KNOWN), typo
        assert guard().process([parsed(typo)])[0].get(INTENT)["name"] == "faq", typo
    assert not knows("blorp", KNOWN)


def test_short_unknown_words_are_not_matched_by_typo():
    assert not knows("zz", KNOWN) and not knows("iz", KNOWN)


def test_payloads_numbers_and_an_untrained_guard_pass_through():
    assert guard().process([parsed('/faq{"topic": "seclusion"}')])[0].get(INTENT)["name"] == "faq"
    assert guard().process([parsed("136 ???")])[0].get(INTENT)["name"] == "faq"
    assert guard(set()).process([parsed("zxqv blorp")])[0].get(INTENT)["name"] == "faq"


def test_training_learns_the_examples_words(tmp_path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    storage = LocalModelStorage(tmp_path)
    resource = Resource("known_words")
    component = KnownWords.create({}, storage, resource, None)
    component.train(TrainingData([Message(data={TEXT: "Why am I kept apart?", INTENT: "faq"})]))
    loaded = KnownWords.load({}, storage, resource, None)
    assert loaded.known == {"why", "am", "i", "kept", "apart"}
    assert loaded.process([parsed("qqqq")])[0].get(INTENT)["name"] == FALLBACK
    assert loaded.process([parsed("why kept")])[0].get(INTENT)["name"] == "faq"
