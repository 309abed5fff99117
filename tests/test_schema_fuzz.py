"""Schemathesis, from its own venv (.venv-fuzz), against the running gateway's published OpenAPI
schema: a bounded number of generated requests per operation, with a fixed seed. It must find no
server errors and no responses that break the schema (status codes, content types, bodies)."""

from __future__ import annotations

import subprocess

import httpx
import pytest

from bot.settings import ROOT

pytestmark = pytest.mark.stack

SCHEMATHESIS = ROOT / ".venv-fuzz" / "bin" / "st"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"


def test_the_schema_is_published(stack):
    schema = httpx.get(f"{stack.gateway_url}/openapi.json", timeout=10).json()
    assert "/api/chat" in schema["paths"] and "/healthz" in schema["paths"]


def test_schemathesis_finds_no_server_errors_or_schema_violations(stack, tmp_path):
    if not SCHEMATHESIS.exists():
        pytest.fail(
            "schemathesis is not installed: run `make install` (it fills .venv-fuzz from requirements-fuzz.lock)"
        )
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{stack.gateway_url}/openapi.json",
            "--checks",
            CHECKS,
            "--hypothesis-max-examples",
            "150",
            "--hypothesis-seed",
            "2024",
            "--hypothesis-derandomize",
            "--hypothesis-suppress-health-check",
            "all",
            "--data-generation-method",
            "all",
            "--request-timeout",
            "30000",
            "--no-color",
            "--experimental=openapi-3.1",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    summary = "\n".join(result.stdout.splitlines()[-40:])
    assert result.returncode == 0, summary
