"""`make audit`: pip-audit (in its own venv, .venv-audit) over requirements.lock, with the
documented allowlist (requirements-audit-allowlist.yml: a reason for every advisory kept).

It fails, loudly, when pip-audit cannot look a package up: pip-audit on its own reports "No
known vulnerabilities found" and exits 0 even when every lookup failed, which would be a silent
pass. On the machines this project is built on, PyPI's per-version JSON API (the `vulns` field)
and OSV cannot be reached, so this step fails here; it is not part of `make test`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = ROOT / "requirements-audit-allowlist.yml"
PIP_AUDIT = ROOT / ".venv-audit" / "bin" / "pip-audit"


def allowlist(path: Path = ALLOWLIST) -> List[Dict[str, str]]:
    """The allowlist's entries; each must name an id, a package and a reason."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        missing = [key for key in ("id", "package", "reason") if not str(entry.get(key) or "").strip()]
        if missing:
            raise ValueError(f"{path.name}: {entry.get('id', '?')} has no {', '.join(missing)}")
    return entries


def command(entries: List[Dict[str, str]]) -> List[str]:
    """--strict makes a package that could not be looked up fail the audit."""
    ignored = [flag for entry in entries for flag in ("--ignore-vuln", entry["id"])]
    return [
        str(PIP_AUDIT),
        "--strict",
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "-r",
        str(ROOT / "requirements.lock"),
        *ignored,
    ]


def main() -> int:
    if not PIP_AUDIT.exists():
        print("pip-audit is not installed: run `make audit` (it makes .venv-audit).", file=sys.stderr)
        return 2
    done = subprocess.run(command(allowlist()), capture_output=True, text=True)
    output = done.stdout + done.stderr
    print(output)
    if "could not be audited" in output or "ConnectionError" in output:
        print(
            "AUDIT FAILED: pip-audit could not reach its advisory database (PyPI's JSON API or OSV), so "
            "requirements.lock was NOT checked. Run `make audit` where it can reach them.",
            file=sys.stderr,
        )
        return 1
    if done.returncode != 0:
        print(
            "AUDIT FAILED: known advisories above are neither fixed nor in requirements-audit-allowlist.yml.",
            file=sys.stderr,
        )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
