"""Shared fixtures: a temporary topic-log database, and one running stack for the whole run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import db
from bot.settings import ROOT, get_settings
from scripts.stack import Ports, Stack

LOG_DIR = ROOT / "var" / "test-logs"


def _reset_caches() -> None:
    get_settings.cache_clear()
    db.engine.cache_clear()


@pytest.fixture
def database_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite topic log for one test, migrated with Alembic, used as DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'topics.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    _reset_caches()
    db.migrate(url)
    yield url
    _reset_caches()


@pytest.fixture(scope="session")
def stack_database(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('stack') / 'topics.db'}"
    db.migrate(url)
    return url


@pytest.fixture(scope="session")
def stack(stack_database) -> Stack:
    """Action server, Rasa (trained model in models/) and gateway, on free ports, once per run."""
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` (make test does this).")
    running = Stack(ports=Ports.free(), env={"DATABASE_URL": stack_database}, log_dir=LOG_DIR)
    running.start()
    yield running
    running.stop()
