"""Migrations run once, as a prestart step (`python -m bot.migrate`), not in each gateway or tool."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import create_engine, inspect

from bot import db
from bot.settings import ROOT


def run(module, url, *args, stdin=""):
    env = dict(os.environ, DATABASE_URL=url)
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_prestart_step_makes_the_schema_and_tools_do_not_migrate(tmp_path):
    url = f"sqlite:///{tmp_path / 'topics.db'}"
    refused = run("bot.admin", url, "create-user", "nurse.lead", "--password-stdin", stdin="a long password 123\n")
    assert refused.returncode == 1 and "python -m bot.migrate" in refused.stderr
    assert not db.is_current(url)
    done = run("bot.migrate", url)
    assert done.returncode == 0, done.stderr
    assert db.is_current(url)
    engine = create_engine(url)
    assert "topic_events" in inspect(engine).get_table_names()
    engine.dispose()
    made = run("bot.admin", url, "create-user", "nurse.lead", "--password-stdin", stdin="a long password 123\n")
    assert made.returncode == 0, made.stderr


def test_the_gateway_does_not_run_migrations():
    source = (ROOT / "bot" / "app.py").read_text(encoding="utf-8")
    assert "migrate(" not in source
