"""The test suite's own rules: shared fixtures come from conftest.py as fixtures, never by importing
tests.conftest or another test module (tests/conftest.py also refuses a test that uses the stack,
browser or PostgreSQL fixtures without their marker)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
IMPORT = re.compile(r"^\s*(?:from\s+tests\.(conftest|test_\w+)\s+import|import\s+tests\.(conftest|test_\w+))", re.M)


def test_no_test_imports_conftest_or_another_test_module():
    found = [
        f"{path.name}: tests.{match.group(1) or match.group(2)}"
        for path in sorted(TESTS.rglob("*.py"))
        for match in IMPORT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "use a fixture (tests/conftest.py) or tests/helpers.py instead of importing: " + ", ".join(found)
