"""The public pages, rendered from content/ with Jinja (escaped): the chat page, and plain pages
of the answers that work with no JavaScript at all."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from actions import content, readability
from actions.menu import MENU_GROUPS
from bot import labels, starters
from bot.messages import help_lines
from bot.settings import ROOT
from bot.topic_log import AUDIENCE_TITLES

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(ROOT / "bot" / "templates"))
# The lines of the crisis answer that say who to tell or what to call (not its opening words to
# someone in crisis): shown on every page.
# Pages exist for the topics of the menu, and for the crisis and safeguarding answers.
PAGE_GROUPS = (*MENU_GROUPS, "safety")
LINK = re.compile(r"\[([^\]]+)\]\(((?:https://|tel:)[^)\s]+)\)")


def topic_groups() -> List[Tuple[str, list]]:
    """(group title, topics) in the order of the chat's topic menu."""
    library = content.library()
    return [
        (library.messages[f"group_{group}"], [t for t in library.topics.values() if t.group == group])
        for group in MENU_GROUPS
    ]


def level_titles() -> List[Tuple[str, str]]:
    messages = content.library().messages
    return [(level, messages[f"level_title_{level}"]) for level in readability.LEVELS]


def widget_texts() -> dict:
    """What the page's script says (content/messages.yml: widget_*, and gateway_unavailable for
    when the gateway cannot be reached), and the reasons "Did this help?" offers after No."""
    messages = content.library().messages
    texts = {name: text for name, text in messages.items() if name.startswith("widget_")}
    texts["gateway_unavailable"] = messages["gateway_unavailable"]
    reasons = [c for c in labels.FEEDBACK_CHOICES if c not in (labels.Feedback.YES.value, labels.Feedback.NO.value)]
    return {"texts": texts, "feedback_reasons": reasons}


def with_links(line: str) -> Markup:
    """One line of an answer, escaped, with [label](https://...) and [label](tel:...) as links."""
    out, at = Markup(""), 0
    for match in LINK.finditer(line):
        out += escape(line[at : match.start()])
        out += Markup('<a href="{}">{}</a>').format(match.group(2), match.group(1))
        at = match.end()
    return out + escape(line[at:])


def _level(value: Optional[str]) -> Optional[str]:
    return value if value in readability.LEVELS else None


@router.get("/", response_class=HTMLResponse)
@router.get("/chat", response_class=HTMLResponse)
async def chat_page(request: Request, embedded: str = "", level: str = ""):
    """The chat. Without JavaScript it shows the helplines and links to every answer's page."""
    return templates.TemplateResponse(
        request,
        "chat.html",
        {
            "embedded": embedded == "1",
            "start_level": _level(level) or "",
            "help_lines": help_lines(),
            "groups": topic_groups(),
            "starters": starters.starters(),
            "levels": level_titles(),
            "audiences": AUDIENCE_TITLES,
            "ui": content.library().messages,
            "widget": widget_texts(),
        },
    )


@router.get("/topics", response_class=HTMLResponse)
async def topics_page(request: Request):
    return templates.TemplateResponse(request, "topics.html", {"help_lines": help_lines(), "groups": topic_groups()})


@router.get("/topics/{topic_id}", response_class=HTMLResponse)
async def topic_page(request: Request, topic_id: str, level: str = ""):
    """One answer at a reading level (plain unless asked), as the chat would give it."""
    library = content.library()
    topic = library.topics.get(topic_id)
    if topic is None or topic.group not in PAGE_GROUPS:
        response = templates.TemplateResponse(
            request, "topics.html", {"help_lines": help_lines(), "groups": topic_groups(), "missing": True}
        )
        response.status_code = 404
        return response
    used, text = library.choose(topic.id, _level(level) or readability.DEFAULT_LEVEL)
    if topic.group == "safety" and used == "detailed":  # the chat never gives a longer crisis text
        used, text = library.choose(topic.id, "plain")
    return templates.TemplateResponse(
        request,
        "topic.html",
        {
            "topic": topic,
            "used": used,
            "lines": [with_links(line) for line in text.splitlines() if line.strip()],
            "levels": level_titles(),
            "help_lines": help_lines(),
            "related": [library.topics[r] for r in topic.related if r in library],
        },
    )
