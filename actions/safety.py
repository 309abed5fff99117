"""Safety replies, as the table in content/safety/policy.yml says: crisis, distress and safeguarding
first, then the answer to the question when the table allows it, each counted in the topic log."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content, conversation, replies, topic_events

POLICY_FILE = content.CONTENT_DIR / "safety" / "policy.yml"
CRISIS_TOPIC = "crisis"
SAFEGUARDING_TOPIC = "safeguarding"
# Topics that are not an answer to a question asked beside a risk.
NOT_ANSWERS = ("out_of_scope",)


@lru_cache(maxsize=1)
def policy() -> Dict[str, Dict[str, Any]]:
    """The reply policy: kind -> which reply, whether the question is answered too, what is logged."""
    kinds = (yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8")) or {}).get("kinds") or {}
    library = content.library()
    for kind, rule in kinds.items():
        named = [rule.get("reply"), rule.get("reply_other"), *(rule.get("reply_by_who") or {}).values()]
        for topic in named:
            if topic and " " not in topic and topic not in library:
                raise content.ContentError(f"{POLICY_FILE}: {kind} names the reply {topic!r}, not in content/topics/")
        for line in (rule.get("opening"), rule.get("line_after"), rule.get("injury_line"), rule.get("crime_line")):
            if line and line != "none" and line not in library.messages:
                raise content.ContentError(
                    f"{POLICY_FILE}: {kind} names the line {line!r}, not in content/messages.yml"
                )
    return kinds


def safety_flags(tracker: Tracker) -> Dict[str, Any]:
    """What the NLU safety net (addons/safety_net.py) found in the latest message (no text)."""
    return tracker.latest_message.get("safety") or {}


def reply_level(tracker: Tracker) -> str:
    """Safety replies come in easy or plain words only, never the longer version."""
    return "easy" if conversation.reading_level(tracker) == "easy" else "plain"


def send_reply(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic_id: str, log_as: str, opening: str = ""
) -> None:
    """Send one safety reply (with an opening line, if any) and count it in the topic log."""
    library = content.library()
    used, text = library.choose(topic_id, reply_level(tracker))
    if opening:
        text = f"{library.messages[opening]}\n{text}"
    topic = library.topics[topic_id]
    buttons = [replies.topic_button(library.topics[r]) for r in topic.related if r in library]
    dispatcher.utter_message(text=text, buttons=buttons)
    topic_events.record(tracker, log_as, used)


def send_crisis_reply(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str) -> None:
    """The crisis reply for imminent or distress: the one for someone else in danger, if it is."""
    rule = policy()[kind]
    other = safety_flags(tracker).get("about") == "other" and rule.get("reply_other")
    send_reply(
        dispatcher, tracker, rule["reply_other"] if other else rule["reply"], rule["log"], rule.get("opening") or ""
    )


def send_safeguarding_reply(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The safeguarding reply for who is telling, then the lines for an injury and for a crime."""
    rule = policy()["disclosure"]
    flags = safety_flags(tracker)
    by_who = rule["reply_by_who"]
    send_reply(dispatcher, tracker, by_who.get(flags.get("who") or "self", by_who["self"]), rule["log"])
    library = content.library()
    for flag, line in (("injury", "injury_line"), ("crime", "crime_line")):
        if flags.get(flag) and rule.get(line):
            dispatcher.utter_message(text=library.messages[rule[line]])


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """If the message also asked a question, answer it; if the topic is unsure, offer the two
    likeliest ones. Nothing when no question was asked."""
    from actions import understanding

    if not safety_flags(tracker).get("asked"):
        return []
    library = content.library()

    def answerable(entry_id: Optional[str]) -> bool:
        if entry_id not in library:
            return False
        topic_id = library.topic_of(entry_id)
        return topic_id not in NOT_ANSWERS and library.topics[topic_id].group != "safety"

    level = conversation.reading_level(tracker)
    # The question is understood as any question is (actions/understanding.py): a specific answer
    # where one fits, else the topic's overview.
    # The safety net set the message's intent; the question in it is read as a question.
    asked = {**tracker.latest_message, "intent": {"name": "faq", "confidence": 1.0}}
    understood = understanding.understand(library, asked, tracker.get_slot("topic"))
    entries = [u.entry for u in understood if answerable(u.entry)]
    if entries:
        dispatcher.utter_message(text=library.messages["safety_then_answer"])
        used, text, buttons = replies.answer(library, entries[0], level)
        dispatcher.utter_message(text=text, buttons=buttons)
        topic_events.record(tracker, library.topic_of(entries[0]), used)
        return [SlotSet("reading_level", level), SlotSet("topic", entries[0])]
    guesses = [t for t in understood[0].guesses if answerable(t)][:2]
    if guesses:
        buttons = [replies.topic_button(library.entry(t)) for t in guesses]
        buttons.append(replies.button(library.messages["show_topics"], "topic_menu"))
        dispatcher.utter_message(text=library.messages["safety_question_guess"], buttons=buttons)
        topic_events.record(tracker, "fallback", level)
    return []


def after_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After an answer: for a message that only mentions a risk, the one short safety line (none for
    a plain figure of speech), and the count."""
    kind = safety_flags(tracker).get("kind")
    if kind not in ("mention", "figurative"):
        return
    rule = policy()[kind]
    line = rule.get("line_after")
    if line and line != "none":
        dispatcher.utter_message(text=content.library().messages[line])
    topic_events.record(tracker, rule["log"], reply_level(tracker))


def send_crisis_first(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str) -> None:
    """The crisis reply for imminent or distress, the safeguarding reply if the message also told
    of harm, and only then, on a first message, the introduction ("I am a computer...")."""
    first = conversation.first_turn(tracker)
    send_crisis_reply(dispatcher, tracker, kind)
    if safety_flags(tracker).get("safeguarding"):
        send_safeguarding_reply(dispatcher, tracker)
    if first:
        dispatcher.utter_message(text=content.library().messages["intro"])


class ActionCrisis(Action):
    """Imminent risk: the crisis reply first and alone (with the safeguarding reply if the message
    also told of harm). Never asks the person to wait or to rephrase."""

    def name(self) -> Text:
        return "action_crisis"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        send_crisis_first(dispatcher, tracker, "imminent")
        return []


class ActionDistress(Action):
    """Distress: a warm crisis reply with the helplines, then the answer if a question was asked."""

    def name(self) -> Text:
        return "action_distress"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        send_crisis_first(dispatcher, tracker, "distress")
        return answer_question(dispatcher, tracker) if policy()["distress"].get("answer_question") else []


class ActionSafeguarding(Action):
    """A disclosure of harm: believed, not your fault, who to tell (matched to who is telling),
    then the answer if a question was asked."""

    def name(self) -> Text:
        return "action_safeguarding"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        send_safeguarding_reply(dispatcher, tracker)
        replies.introduce_if_first(dispatcher, tracker, content.library())
        return answer_question(dispatcher, tracker) if policy()["disclosure"].get("answer_question") else []
