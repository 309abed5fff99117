"""Local contact details a deployment may set, and the sentences that put them into answers."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Mapping, Optional

import yaml

from bot.settings import Settings, get_settings

CONTACTS_FILE = Path(__file__).resolve().parent.parent / "content" / "local-contacts.yml"

# The contact fields; each may be set in the file, and its setting (SPEAKUP_TRUST_NAME and so on,
# bot/settings.py) overrides the file.
FIELDS = ("trust_name", "pals_phone", "advocacy_name", "advocacy_phone", "ward_phone")

# Placeholder -> (sentence when the deployment set the details, sentence when it did not).
# Each sentence must read well at every level, so they are short and plain. Without local
# details the answer gives a national route that does not go through staff, because the worry
# may be about staff. Sources of the national routes:
# - advocates: since April 2013 local councils in England commission IMHA services and NHS
#   complaints advocacy (Health and Social Care Act 2012; SCIE, "Commissioning IMHA services",
#   2015; DHSC response to the Francis report, recommendations 116 and 134), and Mind's Infoline
#   gives the details of local advocacy services (Mind, "Advocacy in mental health: finding an
#   advocate"). No phone number is given: none could be confirmed at its source.
# - PALS: you can find your nearest PALS office on the NHS website, or phone NHS 111 for its
#   details (NHS website, "What is PALS?").
PLACEHOLDERS = {
    "pals_contact": (
        ("pals_phone",),
        "You can call PALS at {trust} on {pals_phone}.",
        "You can find your nearest PALS on the NHS website. " "NHS 111 can also tell you how to reach them.",
    ),
    "advocacy_contact": (
        ("advocacy_name", "advocacy_phone"),
        "The advocates here are {advocacy_name}. You can call them on {advocacy_phone}.",
        "You do not need to ask staff to get an advocate. "
        "Your local council can tell you who the advocates are. The charity Mind can help too.",
    ),
    "ward_contact": (
        ("ward_phone",),
        "The ward phone number is {ward_phone}.",
        "",
    ),
}


def load(path: Path = CONTACTS_FILE, settings: Optional[Settings] = None) -> Dict[str, str]:
    """Read local contacts from the file, then let the settings (environment variables) override them."""
    settings = settings or get_settings()
    values: Dict[str, str] = {}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        unknown = set(data) - set(FIELDS)
        if unknown:
            raise ValueError(f"{path}: unknown contact fields {sorted(unknown)}; use {sorted(FIELDS)}")
        values.update({k: str(v).strip() for k, v in data.items() if v not in (None, "")})
    for field in FIELDS:
        if getattr(settings, field).strip():
            values[field] = getattr(settings, field).strip()
    return values


def sentences(contacts: Mapping[str, str]) -> Dict[str, str]:
    """The text each placeholder stands for, given the deployment's contacts."""
    trust = contacts.get("trust_name") or "this hospital"
    filled = {}
    for name, (needs, when_set, when_unset) in PLACEHOLDERS.items():
        if all(contacts.get(field) for field in needs):
            filled[name] = when_set.format(trust=trust, **contacts)
        else:
            filled[name] = when_unset
    return filled
