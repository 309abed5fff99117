"""Custom actions run with rasa-sdk Tracker and CollectingDispatcher objects, on the real content."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, inspect

from actions import contacts, content
from actions.answers import ActionAnswer, ActionChangeLevel
from actions.content import Library, Topic
from actions.menu import ActionFallback
from actions.safety import ActionCrisis
from tests.helpers import all_rows, run, topic_rows, tracker

LIBRARY = content.library()


@pytest.mark.parametrize("level", ["easy", "plain", "detailed"])
async def test_answer_uses_the_conversation_reading_level(database_url, level):
    messages, events = await run(ActionAnswer(), tracker(topic="seclusion", slots={"reading_level": level}))
    assert messages[0]["text"] == LIBRARY.topics["seclusion"].text(level, LIBRARY.filled)
    assert {"event": "slot", "name": "reading_level", "value": level, "timestamp": None} in events


async def test_gateway_level_in_metadata_wins_over_the_slot(database_url):
    a_tracker = tracker(topic="seclusion", slots={"reading_level": "easy"}, metadata={"reading_level": "detailed"})
    messages, _ = await run(ActionAnswer(), a_tracker)
    assert "Source: Mental Health Act Code of Practice" in messages[0]["text"]


async def test_button_topic_entity_is_answered(database_url):
    messages, events = await run(ActionAnswer(), tracker(entities=[("topic", "ombudsman")]))
    assert "0345 015 4033" in messages[0]["text"]
    assert {"event": "slot", "name": "topic", "value": "ombudsman", "timestamp": None} in events


async def test_an_unsure_topic_match_asks_did_you_mean_instead_of_guessing(database_url):
    unsure = tracker(topic="seclusion", ranking=("seclusion", "long_term_segregation"), confidence=0.2)
    messages, _ = await run(ActionAnswer(), unsure)
    assert messages[0]["text"] == LIBRARY.messages["fallback_first"]
    assert topic_rows(database_url)[0][0] == "fallback"


async def test_answer_buttons_offer_other_levels_and_related_topics(database_url):
    messages, _ = await run(ActionAnswer(), tracker(topic="seclusion"))
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles[:2] == ["Easier words", "More detail"]
    assert LIBRARY.topics["long_term_segregation"].title in titles


def test_readability_fallback_uses_the_next_simpler_version_that_passes():
    hard = (
        "Notwithstanding institutional considerations, multidisciplinary deliberations concerning "
        "individualised therapeutic interventions necessitate comprehensive documentation."
    )
    topic = Topic(
        id="sample",
        title="Sample",
        group="rights",
        source="A test source",
        reviewed=dt.date(2026, 1, 1),
        texts={"easy": "You can ask for help. Staff will listen to you.", "plain": hard, "detailed": hard},
    )
    library = Library({"sample": topic}, {}, {})
    assert library.choose("sample", "plain") == ("easy", "You can ask for help. Staff will listen to you.")
    assert library.choose("sample", "detailed")[0] == "easy"
    assert library.choose("sample", "easy")[0] == "easy"


async def test_topic_log_gets_one_row_with_only_the_allowed_fields(database_url):
    await run(ActionAnswer(), tracker(topic="imha", slots={"reading_level": "easy"}))
    now = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0, tzinfo=None)
    rows = topic_rows(database_url)
    assert len(rows) == 1
    topic, level, channel, hour = rows[0]
    assert (topic, level, channel) == ("imha", "easy", "rasa-rest")
    assert abs(hour - now) <= dt.timedelta(hours=1) and hour.minute == hour.second == 0
    engine = create_engine(database_url)
    columns = {c["name"] for c in inspect(engine).get_columns("topic_events")}
    engine.dispose()
    assert columns == {"id", "topic", "reading_level", "channel", "audience", "hour"}
    assert not any("a message" in cell for row in all_rows(database_url) for cell in row)


async def test_gateway_channel_and_audience_are_logged(database_url):
    await run(ActionAnswer(), tracker(topic="pals", metadata={"channel": "widget", "audience": "family"}))
    await run(ActionAnswer(), tracker(topic="pals", metadata={"audience": "my name is Sam"}))
    assert topic_rows(database_url)[0][2] == "widget"
    audiences = [row[-1] for row in all_rows(database_url) if "pals" in row]
    assert audiences == ["family", "None"]


async def test_easier_words_says_the_last_topic_again_more_simply(database_url):
    a_tracker = tracker(intent="simpler", slots={"reading_level": "plain", "topic": "seclusion"})
    messages, events = await run(ActionChangeLevel(), a_tracker)
    assert messages[0]["text"] == LIBRARY.topics["seclusion"].text("easy", LIBRARY.filled)
    assert {"event": "slot", "name": "reading_level", "value": "easy", "timestamp": None} in events


async def test_easier_words_at_easy_says_this_is_the_easiest(database_url):
    a_tracker = tracker(intent="simpler", slots={"reading_level": "easy", "topic": "seclusion"})
    messages, _ = await run(ActionChangeLevel(), a_tracker)
    assert messages[0]["text"] == LIBRARY.messages["easiest_already"]


async def test_set_level_without_a_level_offers_the_three(database_url):
    messages, _ = await run(ActionChangeLevel(), tracker(intent="set_level"))
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/set_level{"reading_level": "easy"}',
        '/set_level{"reading_level": "plain"}',
        '/set_level{"reading_level": "detailed"}',
    ]


async def test_fallback_first_offers_two_guesses_then_the_menu_and_people(database_url):
    first = tracker(intent="nlu_fallback", ranking=("seclusion", "long_term_segregation", "imha"))
    messages, _ = await run(ActionFallback(), first)
    assert messages[0]["text"] == LIBRARY.messages["fallback_first"]
    assert [b["title"] for b in messages[0]["buttons"]][:2] == [
        LIBRARY.topics["seclusion"].title,
        LIBRARY.topics["long_term_segregation"].title,
    ]
    user = {"event": "user", "input_channel": "rest"}
    events = [
        {"event": "bot"},
        user,
        {"event": "action", "name": "action_answer"},
        {"event": "bot", "text": LIBRARY.messages["fallback_first"]},
        {"event": "action", "name": "action_listen"},
        user,
    ]
    messages, _ = await run(ActionFallback(), tracker(intent="nlu_fallback", events=events))
    assert messages[0]["text"] == LIBRARY.messages["fallback_second"]
    assert [row[0] for row in topic_rows(database_url)] == ["fallback", "fallback"]


async def test_crisis_reply_has_the_helplines_and_is_logged(database_url):
    messages, _ = await run(ActionCrisis(), tracker(intent="crisis"))
    for number in ("999", "111", "116 123", "0800 1111", "85258"):
        assert number in messages[0]["text"]
    assert topic_rows(database_url)[0][0] == "crisis"


async def test_first_answer_is_introduced_later_ones_are_not(database_url):
    messages, _ = await run(ActionAnswer(), tracker(topic="seclusion", events=[{"event": "user"}]))
    assert messages[0]["text"] == LIBRARY.messages["intro"]
    later = tracker(topic="seclusion", events=[{"event": "user"}, {"event": "bot", "text": "hi"}, {"event": "user"}])
    messages, _ = await run(ActionAnswer(), later)
    assert messages[0]["text"] != LIBRARY.messages["intro"]


async def test_crisis_comes_before_the_introduction(database_url):
    messages, _ = await run(ActionCrisis(), tracker(intent="crisis", events=[{"event": "user"}]))
    assert "116 123" in messages[0]["text"] and messages[-1]["text"] == LIBRARY.messages["intro"]


async def test_crisis_with_a_disclosure_also_gets_the_safeguarding_reply(database_url):
    a_tracker = tracker(intent="crisis")
    a_tracker.latest_message["safety"] = {"crisis": True, "safeguarding": True}
    messages, _ = await run(ActionCrisis(), a_tracker)
    assert "116 123" in messages[0]["text"] and "believe you" in messages[1]["text"]
    assert [row[0] for row in topic_rows(database_url)] == ["crisis", "safeguarding"]


def test_without_local_contacts_the_advocate_and_pals_routes_do_not_go_through_staff():
    national = contacts.sentences({})
    for name in ("advocacy_contact", "pals_contact"):
        assert "staff can give" not in national[name].lower(), name
    assert "council" in national["advocacy_contact"] and "Mind" in national["advocacy_contact"]
    assert "NHS website" in national["pals_contact"] and "NHS 111" in national["pals_contact"]
    local = contacts.sentences(
        {
            "trust_name": "Example Trust",
            "pals_phone": "01234 567890",
            "advocacy_name": "Example Advocacy",
            "advocacy_phone": "01234 567891",
        }
    )
    assert local["advocacy_contact"] == "The advocates here are Example Advocacy. You can call them on 01234 567891."
    assert local["pals_contact"] == "You can call PALS at Example Trust on 01234 567890."


def test_local_contacts_come_from_the_file_and_the_settings_override_them(tmp_path, monkeypatch):
    from bot.settings import Settings

    file = tmp_path / "local-contacts.yml"
    file.write_text("trust_name: File Trust\npals_phone: 01234 000000\n", encoding="utf-8")
    assert contacts.load(file, Settings()) == {"trust_name": "File Trust", "pals_phone": "01234 000000"}
    monkeypatch.setenv("SPEAKUP_PALS_PHONE", "01234 111111")
    assert contacts.load(file, Settings())["pals_phone"] == "01234 111111"
    file.write_text("pals_number: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown contact fields"):
        contacts.load(file, Settings())


def test_a_level_chosen_with_a_message_is_kept_whichever_action_answers():
    from actions.conversation import level_to_remember

    state = {"latest_message": {"metadata": {"reading_level": "easy"}}, "slots": {"reading_level": "plain"}}
    assert level_to_remember(state, [])["value"] == "easy"
    assert level_to_remember(state, [{"event": "slot", "name": "reading_level", "value": "detailed"}]) is None
    assert level_to_remember({**state, "slots": {"reading_level": "easy"}}, []) is None
    assert level_to_remember({"latest_message": {"metadata": {"reading_level": "loud"}}}, []) is None
