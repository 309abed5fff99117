"""`make audit` (scripts/audit.py): every allowlisted advisory has a reason, and a package that
pip-audit cannot look up fails the audit instead of passing silently."""

from __future__ import annotations

import pytest

from scripts import audit


def test_every_allowlisted_advisory_names_its_package_and_reason():
    entries = audit.allowlist()
    assert entries, "the allowlist lists the advisories Rasa 3.6 forces us to keep"
    for entry in entries:
        assert entry["id"].startswith(("GHSA-", "PYSEC-", "CVE-")) and len(entry["reason"]) > 40


def test_an_entry_without_a_reason_is_refused(tmp_path):
    bad = tmp_path / "allow.yml"
    bad.write_text("- id: GHSA-xxxx-xxxx-xxxx\n  package: aiohttp\n")
    with pytest.raises(ValueError, match="reason"):
        audit.allowlist(bad)


def test_the_audit_is_strict_and_ignores_only_the_allowlist():
    line = audit.command(audit.allowlist())
    assert "--strict" in line and line[line.index("-r") + 1].endswith("requirements.lock")
    assert [line[i + 1] for i, flag in enumerate(line) if flag == "--ignore-vuln"] == [
        entry["id"] for entry in audit.allowlist()
    ]
