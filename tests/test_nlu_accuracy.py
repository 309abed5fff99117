"""The trained model understands held-out questions it never saw, and beats a TF-IDF baseline."""

from __future__ import annotations

import pytest

from scripts import evaluate

pytestmark = pytest.mark.model

MINIMUM_ACCURACY = 0.92


@pytest.fixture(scope="module")
def result():
    return evaluate.evaluate()


def test_held_out_set_is_big_enough(result):
    per_label = result["rasa"]["per_label"]
    small = {label: f["support"] for label, f in per_label.items() if f["support"] < 8}
    assert not small, f"fewer than 8 held-out questions: {small}"


def test_held_out_accuracy_is_high_enough(result):
    accuracy = result["rasa"]["accuracy"]
    assert accuracy >= MINIMUM_ACCURACY, (
        f"held-out accuracy {accuracy:.3f} < {MINIMUM_ACCURACY}; confusions: {result['rasa']['confusions']}"
    )


def test_model_beats_the_tfidf_baseline(result):
    assert result["rasa"]["accuracy"] > result["tfidf_baseline"]["accuracy"]
