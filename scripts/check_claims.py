"""Lists, for every answer file in content/, the section numbers and time limits its texts name
that no entry in its `claims:` list covers (and files with no `claims:` at all)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import yaml

from actions import claims
from actions.content import CONTENT_DIR
from actions.readability import LEVELS


def texts_of(data: object) -> Iterator[str]:
    """Every text a file's levels hold: easy, plain, detailed, at any depth (walk-through steps)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in LEVELS and isinstance(value, str):
                yield value
            elif key != "claims":
                yield from texts_of(value)
    elif isinstance(data, list):
        for value in data:
            yield from texts_of(value)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def answer_files(root: Path = CONTENT_DIR) -> List[Path]:
    """Every answer file: any YAML file under content/ that holds text at a reading level
    (content/topics/, content/walkthrough/, and any answer folder added later)."""
    return sorted(path for path in root.rglob("*.yml") if any(texts_of(load(path))))


def claims_error(data: dict, path: Path) -> Optional[str]:
    """Why a file's `claims:` list cannot be used (missing, or badly formed), or None."""
    try:
        claims.parse(data.get("claims"), path)
    except claims.ClaimsError as error:
        return str(error)
    return None


def uncovered(data: dict, path: Path) -> List[str]:
    """The section numbers and time limits the file's texts name that none of its claims covers
    (a file whose claims cannot be used counts as having none)."""
    try:
        found = claims.parse(data.get("claims"), path)
    except claims.ClaimsError:
        found = ()
    return claims.uncovered(texts_of(data), found)


def problems(path: Path) -> List[str]:
    """What is wrong with one file's claims: a clear error, or each uncovered number."""
    data = load(path)
    error = claims_error(data, path)
    if error:
        return [error]
    return [f"{path}: no claim covers {item}" for item in uncovered(data, path)]


def check(paths: List[Path]) -> List[Tuple[Path, List[str]]]:
    return [(path, problems(path)) for path in paths]


def main(argv: List[str]) -> int:
    wanted = {a.rsplit("/", 1)[-1].removesuffix(".yml") for a in argv}
    paths = [p for p in answer_files() if not wanted or p.stem in wanted]
    failed = 0
    for _path, found in check(paths):
        for line in found:
            print(line)
        failed += bool(found)
    print(f"{len(paths)} answer files, {failed} with uncovered claims")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
