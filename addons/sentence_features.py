"""Cuts the text's per-token features down to the first token, for the classifiers after it.

DIET and the ResponseSelectors here have no transformer layers and no entity recognition, so
they read only the message's sentence position: the per-token (sequence) features went through
their dense layers on every token and were then thrown away. Rasa needs some per-token features
to build these models, so one token's are kept: the layers are the same, the classifiers see the
same information, and training and every prediction do far less work (config.yml has the
figures). Tokens stay on the message for the components that read them (addons/known_words.py)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

import scipy.sparse
from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.built import Built


def first_token_only(feature: Features) -> Features:
    """The same feature with only its first row (token)."""
    matrix = feature.features
    if scipy.sparse.issparse(matrix):
        first = matrix.tocsr()[:1].tocoo()
    else:
        first = matrix[:1]
    return Features(first, feature.type, feature.attribute, feature.origin)


def cut_sequence_features(message: Message) -> None:
    """Keep one token of the text's per-token features; all other features stay as they are."""
    if message.features:
        message.features = [
            first_token_only(f) if f.attribute == TEXT and f.type == FEATURE_TYPE_SEQUENCE else f
            for f in message.features
        ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceFeaturesOnly(Built, GraphComponent):
    """Put after the last featurizer and before DIET."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            cut_sequence_features(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
