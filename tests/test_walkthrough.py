"""The staff walk-through: every situation's content at every step and level, then through the
real running bot: choose, step, go back, finish, summary."""

from __future__ import annotations

import pytest
import yaml

from actions import content, readability
from actions.walkthrough_content import SITUATIONS, STEPS, WALKTHROUGH_DIR, load_situations, situations, step_title
from scripts.check_content import variants
from tests.helpers import chat

LIBRARY = content.library()


def send(stack, message, session=None, level=None):
    response = chat(stack.gateway_url, message, session_id=session, reading_level=level)
    assert response.status_code == 200, response.text
    return response.json()


def payloads(reply):
    return {b["title"]: b["payload"] for b in reply["buttons"]}


def test_every_situation_has_all_steps_at_every_level():
    assert list(situations()) == list(SITUATIONS), "every situation offered has a file, in order"
    for situation in situations().values():
        steps = yaml.safe_load(situation.path.read_text(encoding="utf-8"))["steps"]
        assert set(steps) == set(STEPS), f"{situation.id}: steps must be {', '.join(STEPS)}"
        for step in STEPS:
            assert set(steps[step]) == set(readability.LEVELS), f"{situation.id}/{step}: levels {list(steps[step])}"
            for level in readability.LEVELS:
                for variant, filled in variants().items():
                    assert situation.text(step, level, filled), f"{situation.id}/{step}/{level} ({variant}) is empty"


def test_every_step_title_and_the_step_heading_come_from_content():
    messages = LIBRARY.messages
    for step in STEPS:
        assert step_title(messages, step).strip(), f"content/messages.yml: walkthrough_step_{step} is empty"
    heading = messages["walkthrough_step_heading"].format(title="Held", number=1, count=4, step="What it is")
    assert heading.startswith("Held") and "What it is" in heading


def test_a_situation_missing_a_step_at_a_level_gets_a_clear_error(tmp_path):
    held = (WALKTHROUGH_DIR / "held.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(held)
    del data["steps"]["rights"]["easy"]
    (tmp_path / "held.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"held.yml: missing steps.rights.easy"):
        load_situations(tmp_path)


@pytest.mark.stack
def test_a_whole_walk_through_with_back_and_a_summary(stack):
    start = send(stack, "/walkthrough")
    session = start["session_id"]
    menu = start["replies"][-1]
    # The situations, then "Get ready for a meeting" (the speak-up plan, together) and Stop.
    assert [b["title"] for b in menu["buttons"]][:-2] == [s.title for s in situations().values()]
    held = situations()["held"]
    step = send(stack, payloads(menu)[held.title], session, level="easy")["replies"][-1]
    assert step["text"].startswith(f"{held.title}. Step 1 of 4. {step_title(content.library().messages, 'what')}.")
    assert held.text("what", "easy", LIBRARY.filled) in step["text"]
    assert list(payloads(step)) == ["Back", "Next", "Stop the walk-through"]
    step = send(stack, "/walkthrough_next", session, level="easy")["replies"][-1]
    assert "Step 2 of 4" in step["text"]
    step = send(stack, "/walkthrough_back", session, level="easy")["replies"][-1]
    assert "Step 1 of 4" in step["text"]
    for number in (2, 3, 4):
        step = send(stack, "/walkthrough_next", session, level="easy")["replies"][-1]
        assert f"Step {number} of 4" in step["text"]
    assert "Finish" in payloads(step)
    summary = send(stack, "/walkthrough_next", session, level="easy")["replies"][-1]
    assert summary["kind"] == "summary"
    for name in STEPS:
        assert step_title(content.library().messages, name) in summary["text"]
        assert held.text(name, "easy", LIBRARY.filled) in summary["text"]


def start_with(stack, situation):
    """The walk-through menu, then the situation's button (the gateway sends a payload only if
    the bot offered it in the conversation)."""
    menu = send(stack, "/walkthrough")
    title = situations()[situation].title
    return send(stack, payloads(menu["replies"][-1])[title], menu["session_id"])


@pytest.mark.stack
def test_crisis_inside_the_walk_through_comes_first_and_the_walk_through_goes_on(stack):
    start = start_with(stack, "kept_apart")
    session = start["session_id"]
    assert "Step 1 of 4" in start["replies"][-1]["text"]
    crisis = send(stack, "i want to die", session)["replies"]
    assert "116 123" in crisis[0]["text"]
    assert "Step 1 of 4" in crisis[-1]["text"]


@pytest.mark.stack
def test_stop_ends_the_walk_through(stack):
    start = start_with(stack, "watched")
    stopped = send(stack, "/walkthrough_stop", start["session_id"])["replies"][-1]
    assert "stopped the walk-through" in stopped["text"]
    after = send(stack, "what is PALS", start["session_id"])["replies"]
    assert any("PALS" in reply["text"] for reply in after)
