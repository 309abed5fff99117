"""A Rasa dense featurizer that adds all-MiniLM-L6-v2 embeddings to each message.

The sparse lemma and character features catch words and typos; these vectors catch meaning, so
"what was the arsenal result" lands near "who won the football" although they share no words.
Like Rasa's LanguageModelFeaturizer: one contextual vector per token (the mean of its WordPiece
vectors) as sequence features, and the model's own sentence embedding as the sentence feature."""

from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons import minilm
from addons.built import Built


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MiniLMSentenceFeaturizer(Built, DenseFeaturizer, GraphComponent):
    """Adds 384-number vectors: one per token, and one for the whole message."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.model = minilm.load()
        self.scale = float(self._config.get("scale", 1.0))

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def process(self, messages: List[Message]) -> List[Message]:
        alias = self._config[FEATURIZER_CLASS_ALIAS]
        wanted = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        embedded = self.model.embed_many([[token.text for token in m.get(TOKENS_NAMES[TEXT])] for m in wanted])
        for message, (per_token, sentence) in zip(wanted, embedded):
            per_token, sentence = per_token * self.scale, sentence * self.scale
            message.add_features(Features(per_token, FEATURE_TYPE_SEQUENCE, TEXT, alias))
            message.add_features(Features(sentence.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, alias))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
