"""Staff account administration: `python -m bot.admin create-user USERNAME`.

The password is asked for twice (never on the command line, so it stays out of shell history),
or read from standard input with --password-stdin for scripts."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot import db, staff


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.admin", description="Speak Up dashboard accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="add a staff account for the dashboard")
    create.add_argument("username")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)

    if not db.is_current():
        print("The database is not set up yet. Run `python -m bot.migrate` first (make run does it).", file=sys.stderr)
        return 1
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("The same password again: ") != password:
            print("The two passwords were not the same. Nothing was changed.", file=sys.stderr)
            return 1
    try:
        staff.create_user(args.username, password)
    except staff.AccountError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Created the dashboard account {args.username}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
