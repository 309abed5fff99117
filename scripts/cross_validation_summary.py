"""Prints the F1 scores from a `rasa test nlu --cross-validation` output folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPORTS = {"intent_report.json": "intent (DIET)", "response_selection_report.json": "topic (ResponseSelector)"}


def main(argv) -> int:
    folder = Path(argv[0] if argv else "var/eval/cross-validation")
    found = False
    for name, label in REPORTS.items():
        path = folder / name
        if not path.exists():
            continue
        found = True
        report = json.loads(path.read_text(encoding="utf-8"))
        weighted, macro = report.get("weighted avg", {}), report.get("macro avg", {})
        print(
            f"5-fold cross-validation, {label}: weighted F1 {weighted.get('f1-score', 0):.3f}, "
            f"macro F1 {macro.get('f1-score', 0):.3f}, accuracy {report.get('accuracy', 0):.3f}"
        )
    if not found:
        print(f"no cross-validation reports in {folder}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
