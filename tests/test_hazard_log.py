"""The hazard log covers every hazard it must, and each control points to a test that exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = (ROOT / "docs" / "safety" / "hazard-log.md").read_text(encoding="utf-8")
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")

HAZARDS = [
    "A crisis is missed",
    "Wrong or outdated legal information",
    "An answer is too hard to read",
    "The bot is taken as advice",
    "A disclosure of abuse is ignored",
    "Privacy is leaked",
    "The service is unavailable",
    "The system is misused by someone other than the patient",
    "The safety reply hides the answer to a question",
]


def sections():
    return re.split(r"\n## ", LOG)[1:]


def test_every_required_hazard_is_in_the_log():
    titles = [section.splitlines()[0] for section in sections()]
    for hazard in HAZARDS:
        assert any(hazard in title for title in titles), hazard


def test_every_hazard_has_cause_effect_controls_and_residual_risk():
    for section in sections():
        for part in ("**Cause:**", "**Effect:**", "**Controls:**", "**Residual risk:**"):
            assert part in section, f"{section.splitlines()[0]}: missing {part}"


def test_every_control_names_a_test_that_exists():
    controls = re.findall(r"- (C\d+\.\d+ .*?)(?=\n  - C|\n- \*\*Residual)", LOG, re.S)
    assert controls
    for control in controls:
        references = REFERENCE.findall(control)
        assert references, f"control without a test: {control[:60]}"
        for path, name in references:
            source = ROOT / path
            assert source.exists(), f"{path} does not exist"
            assert re.search(rf"^(async )?def {name}\(", source.read_text(encoding="utf-8"), re.M), f"{path}::{name}"
