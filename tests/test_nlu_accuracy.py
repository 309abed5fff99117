"""The trained model understands held-out questions it never saw, as the bot answers them, and
beats a TF-IDF baseline (scripts/evaluate.py)."""

from __future__ import annotations

import pytest

from scripts import evaluate

pytestmark = pytest.mark.model

MINIMUM_ACCURACY = 0.92
# Issue 14's target for questions labelled with a specific answer (tests/answers_heldout/) is 0.85,
# not met yet. On 2026-12-01 it measured 0.842, then 0.820 after a retraining whose data differed
# by one phrasing (and features by 2e-6): about 0.02 is training noise, so the floor sits below it.
MINIMUM_SPECIFIC_ACCURACY = 0.80
# Issue 14's target is 0.03, not met: this only stops it getting worse (0.064, then 0.078, 2026-12-01).
MAXIMUM_DID_YOU_MEAN = 0.10


@pytest.fixture(scope="module")
def result():
    evaluate.quiet_rasa_logs()  # Rasa's in-process parse would print each held-out text at debug level
    return evaluate.evaluate(with_conversations=False)


def test_held_out_set_is_big_enough(result):
    per_label = result["rasa"]["per_label"]
    small = {label: f["support"] for label, f in per_label.items() if f["support"] < 8}
    assert not small, f"fewer than 8 held-out questions: {small}"


def test_held_out_accuracy_is_high_enough(result):
    accuracy = result["rasa"]["accuracy"]
    assert (
        accuracy >= MINIMUM_ACCURACY
    ), f"held-out accuracy {accuracy:.3f} < {MINIMUM_ACCURACY}; confusions: {result['rasa']['confusions']}"


def test_model_beats_the_tfidf_baseline(result):
    assert result["rasa"]["accuracy"] > result["tfidf_baseline"]["accuracy"]


def test_specific_answers_are_given_when_they_are_asked(result):
    if not result["rasa"]["specific_examples"]:
        pytest.fail("no held-out questions are labelled with a specific answer (tests/answers_heldout/)")
    accuracy = result["rasa"]["specific_accuracy"]
    assert (
        accuracy >= MINIMUM_SPECIFIC_ACCURACY
    ), f"specific-answer accuracy {accuracy:.3f} < {MINIMUM_SPECIFIC_ACCURACY}"


def test_clear_questions_rarely_get_did_you_mean(result):
    assert result["rasa"]["did_you_mean_rate"] <= MAXIMUM_DID_YOU_MEAN
