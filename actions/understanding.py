"""Decides what a message asked, from Rasa's parse: a specific answer, a topic's overview, a
follow-up about the last topic, or nothing clear enough to answer; for each question in it.

The `faq` ResponseSelector ranks every overview and specific answer. A topic is sure when its
overview and its specific answers together have enough confidence. Within the topic, the specific
answer is given when it alone is sure enough; otherwise the aspect the `follow_up`
ResponseSelector hears in the words ("how long", "what about children") picks the topic's answer
on that aspect; otherwise the overview, which offers its specific questions as buttons, rather
than "Did you mean...?". A `follow_up` question ("what about children?") is answered the same way
about the topic it follows. Two-part
questions and long stories come with their questions in "question_parts"
(addons/question_parts.py). Used by the answer action and by scripts/evaluate.py, so the figures
measure what the bot does."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from actions.content import Library

FAQ = "faq"
FOLLOW_UP = "follow_up"
ANSWER_INTENTS = (FAQ, FOLLOW_UP)
PARTS_KEY = "question_parts"  # as addons/question_parts.py
SAFETY_KEY = "safety"  # as addons/safety_net.py: what the safety layers found (kinds, never text)
# The follow-up aspect that asks about a topic in general: its overview (content/aspects.yml).
GENERAL = "general"

# Below this summed confidence (a topic's overview and specific answers together) Speak Up asks
# "Did you mean...?" instead of guessing. 0.15 halved "did you mean" on the developer split, but
# answered nonsense ("zxqv blorp wibble" sums to 0.295 over a topic with seven answers), so it
# stays at 0.3. The other two were chosen on a developer's split of the training phrasings (a
# fifth of each specific answer's and follow-up's phrasings left out of one training run), not
# on tests/nlu_heldout: see README "How well it understands".
MIN_TOPIC_CONFIDENCE = 0.3
# A specific answer is given when it alone has this much; otherwise its topic's overview.
MIN_ANSWER_CONFIDENCE = 0.3
# A follow-up's aspect ("how long", "children") must be at least this sure; otherwise the overview
# of the topic it follows.
MIN_ASPECT_CONFIDENCE = 0.4
# When the `faq` ranking is this sure of the overview itself, the aspect heard is not used.
SURE_OVERVIEW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Understood:
    """One question's outcome: the entry (specific answer or topic) to give, or None with the
    best guesses for "Did you mean...?"."""

    entry: Optional[str]
    guesses: Tuple[str, ...] = ()


def ranking(selector: Mapping[str, Any], prefix: str) -> List[Tuple[str, float]]:
    """(key without the intent prefix, confidence) from one ResponseSelector's output, best first."""
    ranked = []
    for candidate in selector.get("ranking") or []:
        key = candidate.get("intent_response_key") or ""
        if key.startswith(f"{prefix}/"):
            ranked.append((key.split("/", 1)[1], float(candidate.get("confidence") or 0.0)))
    best = selector.get("response") or {}
    key = best.get("intent_response_key") or ""
    if key.startswith(f"{prefix}/") and key.split("/", 1)[1] not in [k for k, _ in ranked[:1]]:
        ranked.insert(0, (key.split("/", 1)[1], float(best.get("confidence") or 0.0)))
    return ranked


def _selector(unit: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    return (unit.get("response_selector") or {}).get(name) or {}


def aspect(unit: Mapping[str, Any]) -> Optional[str]:
    """The aspect the `follow_up` ResponseSelector hears in a message, if it is sure enough."""
    ranked = ranking(_selector(unit, FOLLOW_UP), FOLLOW_UP)
    return ranked[0][0] if ranked and ranked[0][1] >= MIN_ASPECT_CONFIDENCE else None


def in_topic(library: Library, topic: str, unit: Mapping[str, Any], best: Optional[Tuple[str, float]] = None) -> str:
    """Within a topic: the specific answer the `faq` ranking is sure of; the overview if the ranking
    is sure of that; else the topic's answer on the aspect heard; else the overview."""
    if best is not None and best[0] != topic and best[1] >= MIN_ANSWER_CONFIDENCE:
        return best[0]
    if best is not None and best[0] == topic and best[1] >= SURE_OVERVIEW_CONFIDENCE:
        return topic
    answer = library.answer_for(topic, aspect(unit) or "")
    return answer.id if answer is not None else topic


def from_faq(library: Library, unit: Mapping[str, Any]) -> Understood:
    """The answer or overview the `faq` ResponseSelector's ranking points to, if it is sure enough."""
    ranked = [(key, confidence) for key, confidence in ranking(_selector(unit, FAQ), FAQ) if key in library]
    guesses = tuple(dict.fromkeys(key for key, _ in ranked))[:2]
    if not ranked:
        return Understood(None)
    totals: Dict[str, float] = defaultdict(float)
    for key, confidence in ranked:
        totals[library.topic_of(key)] += confidence
    topic = max(totals, key=lambda t: totals[t])  # ties: the first ranked (dicts keep order)
    if totals[topic] < MIN_TOPIC_CONFIDENCE:
        return Understood(None, guesses)
    best = next((k, c) for k, c in ranked if library.topic_of(k) == topic)
    return Understood(in_topic(library, topic, unit, best), guesses)


def from_follow_up(library: Library, unit: Mapping[str, Any], topic: Optional[str]) -> Optional[Understood]:
    """A follow-up about `topic`: its specific answer on the asked aspect, else its overview.
    None when there is no topic to follow."""
    if topic not in library.topics:
        return None
    return Understood(in_topic(library, topic, unit))


def one(library: Library, unit: Mapping[str, Any], topic: Optional[str]) -> Understood:
    """One question (a whole message, or one question in it), with the topic a follow-up follows."""
    intent = (unit.get("intent") or {}).get("name")
    if intent == FOLLOW_UP:
        followed = from_follow_up(library, unit, topic)
        if followed is not None:
            return followed
    found = from_faq(library, unit)
    if intent == FAQ and found.entry is None and aspect(unit) not in (None, GENERAL):
        # No topic is clear from the words, but an aspect is ("who decides that?" read as a
        # question): right after an answer it is about that answer's topic.
        followed = from_follow_up(library, unit, topic)
        if followed is not None:
            return followed
    return found if intent in ANSWER_INTENTS else Understood(None, found.guesses)


def _says_nothing_more(unit: Mapping[str, Any]) -> bool:
    """A follow-up that asks about nothing in particular ("is that true?", "can they do that?")."""
    return (unit.get("intent") or {}).get("name") == FOLLOW_UP and aspect(unit) in (None, GENERAL)


def guesses(library: Library, message: Mapping[str, Any]) -> Tuple[str, ...]:
    """The `faq` ResponseSelector's two best entries for a message, for "Did you mean...?"."""
    return from_faq(library, message).guesses


def understand(library: Library, message: Mapping[str, Any], last_entry: Optional[str] = None) -> List[Understood]:
    """Each question the message asked, in order, the same entry never twice. A message with no
    question Speak Up can answer gives one Understood with entry None (and guesses).

    A story with one question gets the answer on that question's aspect within the topic of the
    whole story, when there is one. A follow-up refers to the question before it in the same
    message, else to what the whole message is about (a story that names its topic, then asks
    "can they do that?"), else to the last answer in the conversation (`last_entry`, the `topic`
    slot)."""
    context = library.topic_of(last_entry) if last_entry in library else None
    whole = one(library, message, context)
    parts = message.get(PARTS_KEY) or []
    if not parts:
        return [whole]
    whole_topic = library.topic_of(whole.entry) if whole.entry else None
    safety = message.get(SAFETY_KEY) or {}
    if safety.get("kind") or safety.get("disclosure"):
        # Risk words beside the question ("I took an overdose years ago. Can I see my notes?")
        # pull the whole message's topic towards them: the question alone says what is asked.
        whole_topic = None
        calm = [part for part in parts if not (part.get(SAFETY_KEY) or {}).get("kind")]
        if calm:  # "when i was 15 i took an overdose" is not the question: "can i see the notes?" is
            parts = calm
    if len(parts) == 1 and whole_topic:
        # A story with one question in it: the story says what it is about, the question what
        # it asks ("... put in a room on his own. Do they have to tell me why?").
        asked = library.answer_for(whole_topic, aspect(parts[0]) or "")
        if asked is not None:
            return [Understood(asked.id)]
    found: List[Understood] = []
    for part in parts:
        if len(parts) > 1 and _says_nothing_more(part):
            continue  # "is that true?" beside a real question adds nothing to answer
        previous = next((library.topic_of(u.entry) for u in reversed(found) if u.entry), None)
        found.append(one(library, part, previous or whole_topic or context))
    answered = list(dict.fromkeys(u.entry for u in found if u.entry))
    if not answered:
        return [whole]
    return [Understood(entry) for entry in answered]
