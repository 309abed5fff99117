"""One source for the label lists (bot/labels.py): the domain, the schema, the topic log and the widget agree with it."""

from __future__ import annotations

import yaml

from actions import readability
from bot import insight, labels, rasa_client, topic_log
from bot.app import app
from bot.settings import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_domains_reading_level_slot_has_the_same_levels_in_the_same_order():
    assert tuple(DOMAIN["slots"]["reading_level"]["values"]) == labels.LEVELS


def test_the_domains_audience_slot_has_the_audiences_if_it_lists_them():
    values = (DOMAIN["slots"].get("audience") or {}).get("values")
    assert values is None or set(values) == set(labels.AUDIENCES)


def test_the_modules_use_the_one_list():
    assert readability.LEVELS is labels.LEVELS and rasa_client.LEVELS is labels.LEVELS
    assert insight.CHANNELS is labels.CHANNELS and topic_log.AUDIENCES is labels.AUDIENCES
    assert set(topic_log.AUDIENCE_TITLES) == set(labels.AUDIENCES)


def test_the_api_schema_offers_exactly_the_labels():
    schema = app.openapi()["components"]["schemas"]["ChatRequest"]["properties"]

    def enum(name):
        field = schema[name]
        options = field.get("anyOf", [field])
        return next(tuple(option["enum"]) for option in options if "enum" in option)

    assert enum("reading_level") == labels.LEVELS
    assert set(enum("audience")) == set(labels.AUDIENCES)
    assert enum("channel") == labels.REQUEST_CHANNELS


def test_the_widget_takes_the_levels_from_the_page_the_gateway_renders():
    state = (ROOT / "web_widget" / "js" / "state.js").read_text(encoding="utf-8")
    assert '"easy"' not in state and 'input[name="reading_level"]' in state
    chat = (ROOT / "bot" / "templates" / "chat.html").read_text(encoding="utf-8")
    assert 'name="reading_level" value="{{ level }}"' in chat
