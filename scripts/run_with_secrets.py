"""Runs a command with each file in SECRETS_DIR (default /run/secrets, where compose mounts its
`secrets:`) as an environment variable of the same name, so passwords never sit in the compose
file or in `docker inspect`. A variable already set is left as it is.

    python -m scripts.run_with_secrets rasa run --endpoints endpoints.scale.yml ...
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Dict, Optional

NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def secrets_from(folder: Path, environ: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The environment with each secret file added (its content without a final new line)."""
    env = dict(os.environ if environ is None else environ)
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and NAME.match(path.name) and path.name not in env:
                env[path.name] = path.read_text(encoding="utf-8").rstrip("\r\n")
    return env


def main(argv=None) -> int:
    command = list(sys.argv[1:] if argv is None else argv)
    if not command:
        print("usage: python -m scripts.run_with_secrets COMMAND [ARGS...]", file=sys.stderr)
        return 2
    env = secrets_from(Path(os.environ.get("SECRETS_DIR", "/run/secrets")))
    os.execvpe(command[0], command, env)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
