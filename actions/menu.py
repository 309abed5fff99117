"""The topic menu, and the two-stage fallback when Speak Up does not understand."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import content, conversation, plan, replies, topic_events, understanding

MENU_GROUPS = ("restrictive_practices", "rights", "help", "conversation")


def group_buttons(library: content.Library) -> List[Dict[str, str]]:
    return [
        replies.button(library.messages[f"group_{group}"], "topic_menu", group=group)
        for group in MENU_GROUPS
        if any(topic.group == group for topic in library.topics.values())
    ]


def show_menu(dispatcher: CollectingDispatcher, tracker: Tracker, group: Optional[str]) -> None:
    """All groups, or every topic in one group, as buttons."""
    library = content.library()
    replies.introduce_if_first(dispatcher, tracker, library)
    if group in MENU_GROUPS:
        topics = [t for t in library.topics.values() if t.group == group]
        dispatcher.utter_message(text=library.messages["menu_group"], buttons=[replies.topic_button(t) for t in topics])
    else:
        dispatcher.utter_message(text=library.messages["menu"], buttons=group_buttons(library) + [plan.start_button()])


class ActionTopicMenu(Action):
    """Shows the topics, by group, so nobody has to type."""

    def name(self) -> Text:
        return "action_topic_menu"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        show_menu(dispatcher, tracker, conversation.entity(tracker, "group"))
        return []


def _missed_just_before(tracker: Tracker, library: content.Library) -> bool:
    """True if Speak Up's last message before this one was itself a "did not understand"."""
    missed = {library.messages[name] for name in ("fallback_first", "fallback_no_guess", "fallback_second")}
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            return event.get("text") in missed
    return False


def fallback(dispatcher: CollectingDispatcher, tracker: Tracker, guesses=()) -> List[Dict[Text, Any]]:
    """First miss: "Did you mean...?" with the two best guesses (given, else the ResponseSelector's
    two best). Second miss in a row: the menu and the people who can help. Never a silent guess."""
    library = content.library()
    level = conversation.reading_level(tracker)
    topic_events.record(tracker, "fallback", level)
    replies.introduce_if_first(dispatcher, tracker, library)
    show_topics = replies.button(library.messages["show_topics"], "topic_menu")
    if not _missed_just_before(tracker, library):
        guesses = [t for t in (guesses or understanding.guesses(library, tracker.latest_message)) if t in library][:2]
        if guesses:
            buttons = [replies.topic_button(library.entry(t)) for t in guesses] + [show_topics]
            dispatcher.utter_message(text=library.messages["fallback_first"], buttons=buttons)
        else:
            dispatcher.utter_message(text=library.messages["fallback_no_guess"], buttons=[show_topics])
        return []
    buttons = group_buttons(library)
    if replies.HELP_TOPIC in library:
        buttons.append(replies.topic_button(library.topics[replies.HELP_TOPIC]))
    dispatcher.utter_message(text=library.messages["fallback_second"], buttons=buttons)
    return []


class ActionFallback(Action):
    """Runs when the NLU confidence is too low to answer."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        return fallback(dispatcher, tracker)
