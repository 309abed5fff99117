"""The Redis ACL for Speak Up: one user, `speakup`, that may touch only keys under `speakup:` with
the commands Rasa's tracker and lock stores and the gateway use; the default user is switched
off. Used by deploy/ (compose mounts the file this prints as a secret) and by the tests, which
run Rasa and the gateway against a real Redis with this ACL.

    python -m scripts.redis_acl < password-file > deploy/secrets/redis_acl
"""

from __future__ import annotations

import hashlib
import sys

USER = "speakup"
# Reads, writes, expiries, MULTI/EXEC and the lock's Lua scripts on speakup:* keys, and nothing
# "dangerous" (KEYS, FLUSHALL, CONFIG, DEBUG, ...) or administrative.
RULES = "~speakup:* resetchannels -@all +@read +@write +@keyspace +@transaction +@scripting +@connection -@dangerous -@admin"


def acl_file(password: str) -> str:
    """The ACL file's text: the password only as its SHA-256, never as it is."""
    if len(password) < 16:
        raise ValueError("Use a Redis password of at least 16 characters.")
    digest = hashlib.sha256(password.encode("utf-8")).hexdigest()
    return f"user default off\nuser {USER} on #{digest} {RULES}\n"


def main() -> int:
    password = sys.stdin.readline().rstrip("\n")
    try:
        sys.stdout.write(acl_file(password))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
