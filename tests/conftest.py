"""Shared fixtures: a temporary topic-log database, and one running stack for the whole run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import db, topic_log
from bot.settings import ROOT, get_settings
from scripts.stack import NO_RATE_LIMITS, Ports, Stack, free_port

LOG_DIR = ROOT / "var" / "test-logs"
# Another site that may use the stack's Rasa channels and gateway API (CORS_ORIGINS): the host page
# of tests/test_third_party_client.py is served here.
THIRD_PARTY_ORIGIN = f"http://127.0.0.1:{free_port()}"


def _reset_caches() -> None:
    get_settings.cache_clear()
    db.engine.cache_clear()


@pytest.fixture
def database_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite topic log for one test, migrated with Alembic, used as DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'topics.db'}"
    topic_log.writer().flush()
    monkeypatch.setenv("DATABASE_URL", url)
    _reset_caches()
    db.migrate(url)
    yield url
    topic_log.writer().flush()
    _reset_caches()


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory) -> str:
    """A real PostgreSQL server for this run, with an empty database."""
    from scripts.postgres_server import PostgresServer

    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="speakup-pg-"))  # pytest's own folders are closed to other users
    try:
        server = PostgresServer(folder)
    except RuntimeError as error:
        pytest.fail(str(error))
    url = server.start()
    yield url
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database(request, tmp_path, monkeypatch) -> str:
    """DATABASE_URL pointing at a fresh, migrated SQLite file, then at the real PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'topics.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    topic_log.writer().flush()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COOKIE_SECURE", "false")
    _reset_caches()
    if request.param == "postgresql":
        from sqlalchemy import text

        with db.engine(url).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.engine.cache_clear()
    db.migrate(url)
    yield url
    topic_log.writer().flush()
    db.engine(url).dispose()
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
    # Plain http on loopback in tests, so the dashboard's cookie cannot be marked Secure here.
    # Rate limits raised: the tests send far more than a person would (test_rate_limit.py runs
    # gateways with real limits).
    running = Stack(ports=Ports.free(), env={"DATABASE_URL": stack_database, "COOKIE_SECURE": "false",
                                              "CORS_ORIGINS": THIRD_PARTY_ORIGIN, **NO_RATE_LIMITS}, log_dir=LOG_DIR)
    running.start()
    yield running
    running.stop()
