"""`make bench` works: its quick mode starts the stack, sends real conversations, writes valid JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.settings import ROOT

pytestmark = pytest.mark.stack


def test_quick_benchmark_runs_and_writes_results(tmp_path):
    out = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(out.read_text())
    figures = results["figures"]
    assert results["quick"] is True and figures["start_to_ready_s"] > 0
    for name in ("1-gateway", "1-rasa-rest", "10-gateway", "10-rasa-rest", "50-gateway"):
        assert results["runs"][name]["messages"] > 0
    assert figures["errors_50"] == 0
    workers = figures["rasa_workers"]
    assert set(results["peak_rss_mb"]) == {"actions", "gateway", "rasa", *(f"rasa-{n}" for n in range(2, workers + 1))}
    long = results["long_conversation"]
    assert long["turns"] == 30 and long["first_10_ms"] > 0 and long["ratio"] > 0
    assert "| p95 through the gateway, 10 concurrent 12-turn conversations |" in run.stdout
    assert "One conversation of 30 turns through Rasa REST" in run.stdout
