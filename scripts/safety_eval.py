"""Recall and false alarms per safety kind, for the training and held-out parts side by side.

Run by `make eval` (scripts/evaluate.py), on the trained model's NLU parse (the "safety" data the
safety net adds). The held-out part is read only if tests/safety/heldout.yml exists; this script
never changes anything from what it sees there."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from scripts import safety_sets

KINDS = ("imminent", "distress", "disclosure", "mention", "figurative", "benign")


def gold(item: safety_sets.Item) -> str:
    return "figurative" if item.kind == "mention" and item.figurative else item.kind


def predicted(parse: Dict) -> Dict:
    """The kind the bot gave a message: imminent, distress, mention, figurative or benign, and
    whether it was treated as a disclosure."""
    safety = parse.get("safety") or {}
    kind = safety.get("kind") or "benign"
    return {
        "kind": kind,
        "disclosure": bool(safety.get("disclosure")),
        "about": safety.get("about") or "self",
        "who": safety.get("who") or "self",
    }


def hit(kind: str, p: Dict) -> bool:
    """Whether a prediction counts as this kind."""
    if kind == "disclosure":
        return p["disclosure"]
    if kind == "benign":
        return p["kind"] == "benign" and not p["disclosure"]
    if kind == "figurative":  # a figure of speech: no safety line, so no kind at all is right too
        return p["kind"] in ("figurative", "benign") and not p["disclosure"]
    return p["kind"] == kind


def figures(items: Sequence[safety_sets.Item], parses: Sequence[Dict]) -> Dict[str, Dict]:
    """Per kind: n, recall (items of the kind recognised as it) and false alarms (items of other
    kinds recognised as it, of all items of other kinds)."""
    preds = [predicted(p) for p in parses]
    golds = [gold(i) for i in items]
    out = {}
    for kind in KINDS:
        mine = [p for g, p in zip(golds, preds) if g == kind]
        others = [p for g, p in zip(golds, preds) if g != kind]
        out[kind] = {
            "n": len(mine),
            "recall": sum(hit(kind, p) for p in mine) / len(mine) if mine else None,
            "false_alarms": (
                sum(p["kind"] == "figurative" for p in others)
                if kind == "figurative"
                else sum(hit(kind, p) for p in others)
                if kind != "benign"
                else None
            ),
            "others": len(others),
        }
    imminent = [(i, p) for i, p in zip(items, preds) if i.kind == "imminent" and p["kind"] == "imminent"]
    out["imminent"]["about_right"] = (
        sum(i.about == p["about"] for i, p in imminent) / len(imminent) if imminent else None
    )
    told = [(i, p) for i, p in zip(items, preds) if i.kind == "disclosure" and p["disclosure"]]
    out["disclosure"]["who_right"] = sum((i.who or "self") == p["who"] for i, p in told) / len(told) if told else None
    return out


def _cell(row: Optional[Dict]) -> str:
    if row is None:
        return "missing"
    recall = "-" if row["recall"] is None else f"{row['recall']:.3f}"
    alarms = "" if row["false_alarms"] is None else f", {row['false_alarms']} false alarms of {row['others']}"
    return f"n={row['n']}, recall {recall}{alarms}"


def print_table(results: Dict[str, Optional[Dict[str, Dict]]]) -> None:
    """results: part -> figures (None when that part's file is missing)."""
    print("\nSafety kinds (recall = recognised as the right kind; false alarms = other items taken for it):")
    parts = list(results)
    print("| kind | " + " | ".join(parts) + " |\n|---|" + "---|" * len(parts))
    for kind in KINDS:
        print(f"| {kind} | " + " | ".join(_cell(results[p][kind] if results[p] else None) for p in parts) + " |")
    for label, kind, key in (
        ("imminent: someone else in danger told apart", "imminent", "about_right"),
        ("disclosure: reply matched to who is telling", "disclosure", "who_right"),
    ):
        cells = []
        for p in parts:
            value = results[p][kind][key] if results[p] else None
            cells.append("missing" if results[p] is None else "-" if value is None else f"{value:.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    for part, data in results.items():
        if data is None:
            print(f"\n{safety_sets.PARTS[part].relative_to(safety_sets.ROOT)} is missing: no {part} figures.")


def parts_to_read() -> List[str]:
    return [part for part in safety_sets.PARTS if safety_sets.exists(part)]
