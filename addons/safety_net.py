"""The safety net: the NLU component that decides, last, what kind of message this is (issue 13).

It runs after every classifier in the pipeline (config.yml) and puts the three safety layers
together (addons/safety_assess.py): the patterns in content/safety/patterns.yml, the NLU intents
(crisis, distress, safeguarding) and the semantic detector over content/safety/exemplars.yml.
Then it sets the intent, whatever the classifier or the FallbackClassifier decided:
- imminent -> `crisis` (the crisis reply, first and alone);
- distress -> `distress` (the helplines, then the answer to any question asked);
- a disclosure of harm -> `safeguarding` (unless the message is also imminent or distress: the
  crisis and distress actions then add the safeguarding reply);
- mention or a figure of speech -> `faq`, so the question is answered (action_answer adds the
  mention line);
- nothing -> the classifier's intent, except that `crisis`, `distress` and `safeguarding` are only
  ever set by this net.
What it found goes into the parse data under "safety" (kinds and flags only, never text).

Typed text that starts with "/" is checked like any other. Only a real button payload (a known
intent, optionally with a JSON object of entities, and nothing else) is left to Rasa's own
payload reader. Any other "/" message has its leading "/" taken off, so that Rasa cannot read it
as a payload and drop what was found (nor write the typed words to its log as a failed payload)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Text

import numpy as np
import yaml
from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import DEFAULT_INTENTS
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons import minilm
from addons.built import Built
from addons.safety_assess import Assessment, Assessor
from addons.safety_patterns import DEFAULT_PATTERNS, SafetyPatterns
from addons.safety_semantic import EXEMPLARS, THRESHOLDS, SemanticDetector, read_thresholds

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "domain.yml"
SAFETY_KEY = "safety"
SAFETY_INTENTS = ("crisis", "distress", "safeguarding")
# Below this ResponseSelector confidence a question is not guessed at (as actions/answers.py).
MIN_TOPIC_CONFIDENCE = 0.3
# How near (mean similarity of its 3 nearest questions) the question part must be to a topic for
# the exemplar bank to choose the topic when the ResponseSelector is unsure (set on training.yml).
TOPIC_NEARNESS = 0.55
PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z0-9_]+)(?P<entities>\{.*\})?$", re.S)


def domain_intents(path: Path = DOMAIN) -> Set[str]:
    """The domain's intents and Rasa's own (/restart, which the gateway sends for "forget me")."""
    return set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or []) | set(DEFAULT_INTENTS)


def is_payload(text: str, intents: Set[str]) -> bool:
    """True for a button payload Rasa reads without NLU: /intent or /intent{"entity": "value"}."""
    match = PAYLOAD.match(text.strip())
    if not match or match.group("intent") not in intents:
        return False
    if match.group("entities"):
        try:
            return isinstance(json.loads(match.group("entities")), dict)
        except ValueError:
            return False
    return True


def sentence_vector(message: Message) -> Optional[np.ndarray]:
    """The MiniLM sentence vector the featurizer already added to this message, at unit length."""
    for feature in message.features or []:
        if feature.type == FEATURE_TYPE_SENTENCE and feature.attribute == TEXT and "MiniLM" in str(feature.origin):
            vector = np.asarray(
                feature.features.toarray() if hasattr(feature.features, "toarray") else feature.features,
                dtype=np.float32,
            ).reshape(-1)
            norm = float(np.linalg.norm(vector))
            return vector / norm if norm else None
    return None


def selector_confidence(message: Message) -> float:
    selectors = message.get("response_selector") or {}
    selector = selectors.get("faq") or selectors.get("default") or {}
    return float((selector.get("response") or {}).get("confidence") or 0.0)


def intent_for(assessment: Assessment, current: Optional[str], topic_confidence: float) -> Optional[str]:
    """The intent the conversation should follow, or None to keep the classifier's."""
    if assessment.kind == "imminent":
        return "crisis"
    if assessment.kind == "distress":
        return "distress"
    if assessment.disclosure:
        return "safeguarding"
    if assessment.kind in ("mention", "figurative") and current in (*SAFETY_INTENTS, "faq", "nlu_fallback", None):
        return "faq"
    if current in SAFETY_INTENTS:
        return "faq" if topic_confidence >= MIN_TOPIC_CONFIDENCE else "nlu_fallback"
    return None


def set_topic(message: Message, topic: str, confidence: float) -> None:
    """Make `topic` the ResponseSelector's answer for this message (first in its ranking)."""
    selectors = dict(message.get("response_selector") or {})
    selector = dict(selectors.get("faq") or {})
    key = f"faq/{topic}"
    response = dict(selector.get("response") or {})
    response.update({"intent_response_key": key, "confidence": confidence, "responses": response.get("responses")})
    ranking = [r for r in selector.get("ranking") or [] if r.get("intent_response_key") != key]
    selector["response"] = response
    selector["ranking"] = [{"intent_response_key": key, "confidence": confidence}, *ranking]
    selectors["faq"] = selector
    message.set("response_selector", selectors, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyNet(Built, GraphComponent):
    """Decides the safety kind of every typed message and sets the intent to match."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"patterns": str(DEFAULT_PATTERNS), "exemplars": str(EXEMPLARS), "thresholds": str(THRESHOLDS)}

    def __init__(self, config: Dict[Text, Any]):
        def path(name: str, default: Path) -> Path:
            value = Path(config.get(name) or default)
            return value if value.is_absolute() else ROOT / value

        thresholds_path = path("thresholds", THRESHOLDS)
        data = yaml.safe_load(thresholds_path.read_text(encoding="utf-8")) if thresholds_path.exists() else {}
        self.model = minilm.load()
        detector = SemanticDetector(
            self.model.embed_texts, read_thresholds(thresholds_path), exemplars=path("exemplars", EXEMPLARS)
        )
        self.assessor = Assessor(
            SafetyPatterns.load(path("patterns", DEFAULT_PATTERNS)),
            detector,
            {k: float(v) for k, v in ((data or {}).get("intent") or {}).items()},
        )
        self.intents = domain_intents()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def second_opinion_on_topic(self, message: Message, text: str) -> None:
        """Risk words around a question pull the ResponseSelector off the topic, or leave it unsure.
        Ask the exemplar bank which topic the question part alone is nearest to: if it agrees with
        the selector's guess, answer it; if the selector is unsure and the bank is sure, use the bank's."""
        selectors = message.get("response_selector") or {}
        response = (selectors.get("faq") or {}).get("response") or {}
        guess = str(response.get("intent_response_key") or "").split("/", 1)[-1]
        confidence = float(response.get("confidence") or 0.0)
        if confidence >= MIN_TOPIC_CONFIDENCE:
            return
        detector = self.assessor.detector
        topic, nearness = detector.topic(self.model.embed_texts([self.assessor.question_part(text)])[0])
        if topic and topic == guess:
            set_topic(message, topic, MIN_TOPIC_CONFIDENCE)
        elif topic and nearness >= TOPIC_NEARNESS:
            set_topic(message, topic, MIN_TOPIC_CONFIDENCE)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[str] = message.get(TEXT)
            if not text or is_payload(text, self.intents):
                continue  # a button payload: Rasa reads it without NLU
            ranking = message.get(INTENT_RANKING_KEY) or []
            assessment = self.assessor.assess(
                text, embed=self.model.embed_texts, intent_ranking=ranking, whole=sentence_vector(message)
            )
            found = assessment.as_dict()
            # The classifier's own confidence in each safety intent (numbers only), for scripts/tune_safety.py.
            found["intents"] = {
                r.get("name"): round(float(r.get("confidence") or 0.0), 4)
                for r in ranking
                if r.get("name") in SAFETY_INTENTS
            }
            message.set(SAFETY_KEY, found, add_to_output=True)
            current = (message.get(INTENT) or {}).get("name")
            if assessment.kind or assessment.disclosure or current in SAFETY_INTENTS:
                # Risk words, or a classifier that heard a risk the layers did not confirm: the
                # topic of the question may have been pulled off course.
                self.second_opinion_on_topic(message, text)
            winner = intent_for(assessment, current, selector_confidence(message))
            if text.lstrip().startswith("/"):
                # Typed text, not a payload: without its "/", Rasa's payload reader leaves it alone
                # (it would drop what was found, and it writes unreadable "/" text to its log).
                message.set(TEXT, text.lstrip().lstrip("/").strip() or text, add_to_output=True)
            if winner is None or winner == current:
                continue
            override = {"name": winner, "confidence": 1.0}
            message.set(INTENT, override, add_to_output=True)
            rest = [r for r in ranking if r.get("name") != winner]
            message.set(INTENT_RANKING_KEY, [override, *rest], add_to_output=True)
        return messages
