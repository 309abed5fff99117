"""Lists, for every answer file in content/, the section numbers and time limits its texts name
that no entry in its `claims:` list covers (and files with no `claims:` at all)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator, List, Tuple

import yaml

from actions import claims
from actions.content import CONTENT_DIR

ANSWER_FOLDERS = ("topics", "walkthrough", "questions")


def texts_of(data: object) -> Iterator[str]:
    """Every text a file's levels hold: easy, plain, detailed, at any depth (walk-through steps)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("easy", "plain", "detailed") and isinstance(value, str):
                yield value
            elif key != "claims":
                yield from texts_of(value)
    elif isinstance(data, list):
        for value in data:
            yield from texts_of(value)


def answer_files(root: Path = CONTENT_DIR) -> List[Path]:
    return sorted(p for folder in ANSWER_FOLDERS for p in (root / folder).rglob("*.yml"))


def problems(path: Path) -> List[str]:
    """What is wrong with one file's claims: a clear error, or each uncovered number."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        found = claims.parse(data.get("claims"), path)
    except claims.ClaimsError as error:
        return [str(error)]
    return [f"{path}: no claim covers {item}" for item in claims.uncovered(texts_of(data), found)]


def check(paths: List[Path]) -> List[Tuple[Path, List[str]]]:
    return [(path, problems(path)) for path in paths]


def main(argv: List[str]) -> int:
    wanted = {a.rsplit("/", 1)[-1].removesuffix(".yml") for a in argv}
    paths = [p for p in answer_files() if not wanted or p.stem in wanted]
    failed = 0
    for path, found in check(paths):
        for line in found:
            print(line)
        failed += bool(found)
    print(f"{len(paths)} answer files, {failed} with uncovered claims")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
