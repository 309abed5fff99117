"""Prestart step: brings the topic log's schema up to date with Alembic, once, before the gateway
and the action server start (`make run` and the tests' stacks run it; compose and Kubernetes run it
as their migrate job), so two gateways never run migrations at the same time."""

from __future__ import annotations

import sys

from bot import db


def main() -> int:
    db.migrate()
    print("database schema is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
