"""Writes grading sheets for a human (or independent) reader: each held-out message and the whole
reply the running bot gave (texts and button titles), with no expected label, as evaluation.md
asks. Usage: python -m scripts.grading_sheet GATEWAY_URL OUT_DIR. Sheets: safety.md (the held-out
safety set), answers.md (held-out specific-answer questions), conversations.md (follow-ups,
two-part questions, long stories)."""

from __future__ import annotations

import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List, Optional, Tuple

import httpx
import yaml

from scripts.evaluate import read_examples

ROOT = Path(__file__).resolve().parent.parent
SAFETY = ROOT / "tests" / "safety" / "heldout.yml"
ANSWERS = ROOT / "tests" / "answers_heldout"


def ask(url: str, message: str, session: Optional[str] = None) -> Tuple[str, str]:
    """(session id, the reply as text: each message, then its buttons' titles)."""
    body = {"message": message, "session_id": session}
    response = httpx.post(f"{url}/api/chat", json=body, timeout=60)
    data = response.json()
    parts = []
    for reply in data.get("replies") or []:
        parts.append(reply.get("text", "").strip())
        titles = [b["title"] for b in reply.get("buttons") or []]
        if titles:
            parts.append("[buttons: " + " | ".join(titles) + "]")
    return data.get("session_id"), "\n".join(p for p in parts if p)


def quote(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines())


def rows_safety() -> List[List[str]]:
    data = yaml.safe_load(SAFETY.read_text(encoding="utf-8"))
    items = [
        entry["text"]
        for kind in ("imminent", "distress", "disclosure", "mention", "benign")
        for entry in data.get(kind) or []
    ]
    return [[text] for text in items]


def rows_answers() -> List[List[str]]:
    return [[text] for text, _ in read_examples(ANSWERS)]


def rows_conversations() -> List[List[str]]:
    data = yaml.safe_load((ANSWERS / "conversations.yml").read_text(encoding="utf-8"))
    rows = [[item["first"], item["then"]] for item in data.get("follow_ups") or []]
    rows += [[item["text"]] for item in data.get("two_part") or []]
    rows += [[item["text"]] for item in data.get("stories") or []]
    return rows


def run(url: str, rows: List[List[str]]) -> List[str]:
    def one(row: List[str]) -> str:
        session, out = None, []
        for number, message in enumerate(row):
            session, reply = ask(url, message, session)
            label = "Message" if len(row) == 1 else ("First message" if number == 0 else "Then")
            out.append(f"**{label}:**\n{quote(message)}\n\n**Reply:**\n{quote(reply)}\n")
        return "\n".join(out)

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(one, rows))


def write(out: Path, name: str, rows: List[List[str]]) -> None:
    random.Random(7).shuffle(rows)
    blocks = run(sys.argv[1], rows)
    text = "\n".join(f"## Row {index}\n\n{block}" for index, block in enumerate(blocks, 1))
    (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {out / name}: {len(rows)} rows")


def main() -> int:
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    if SAFETY.exists():
        write(out, "safety.md", rows_safety())
    if ANSWERS.exists():
        write(out, "answers.md", rows_answers())
        write(out, "conversations.md", rows_conversations())
    return 0


if __name__ == "__main__":
    sys.exit(main())
