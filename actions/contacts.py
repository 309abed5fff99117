"""Local contact details a deployment may set, and the sentences that put them into answers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Mapping, Optional

import yaml

CONTACTS_FILE = Path(__file__).resolve().parent.parent / "content" / "local-contacts.yml"

# Field name -> environment variable that overrides the file.
FIELDS = {
    "trust_name": "SPEAKUP_TRUST_NAME",
    "pals_phone": "SPEAKUP_PALS_PHONE",
    "advocacy_name": "SPEAKUP_ADVOCACY_NAME",
    "advocacy_phone": "SPEAKUP_ADVOCACY_PHONE",
    "ward_phone": "SPEAKUP_WARD_PHONE",
}

# Placeholder -> (sentence when the deployment set the details, sentence when it did not).
# Each sentence must read well at every level, so they are short and plain.
PLACEHOLDERS = {
    "pals_contact": (
        ("pals_phone",),
        "You can call PALS at {trust} on {pals_phone}.",
        "Staff can give you the phone number for PALS.",
    ),
    "advocacy_contact": (
        ("advocacy_name", "advocacy_phone"),
        "The advocates here are {advocacy_name}. You can call them on {advocacy_phone}.",
        "Staff can give you the phone number for the advocates.",
    ),
    "ward_contact": (
        ("ward_phone",),
        "The ward phone number is {ward_phone}.",
        "",
    ),
}


def load(path: Path = CONTACTS_FILE, environ: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """Read local contacts from the file, then let environment variables override them."""
    environ = os.environ if environ is None else environ
    values: Dict[str, str] = {}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        unknown = set(data) - set(FIELDS)
        if unknown:
            raise ValueError(f"{path}: unknown contact fields {sorted(unknown)}; use {sorted(FIELDS)}")
        values.update({k: str(v).strip() for k, v in data.items() if v not in (None, "")})
    for field, variable in FIELDS.items():
        if environ.get(variable, "").strip():
            values[field] = environ[variable].strip()
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
