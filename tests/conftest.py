"""Shared fixtures: temporary topic-log databases (SQLite, and a real PostgreSQL), the gateway in
process with a fake Rasa client, one running stack for the whole run, and chromium."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot import db, topic_log
from bot.settings import ROOT, get_settings
from scripts.stack import NO_RATE_LIMITS, Ports, Stack
from tests.helpers import THIRD_PARTY_ORIGIN

LOG_DIR = ROOT / "var" / "test-logs"
# Set by `make test`: there, a missing PostgreSQL fails the postgres tests instead of skipping them.
REQUIRE_PG = "SPEAKUP_REQUIRE_PG"


# Fixtures that start something `make test-fast` must not, and the marker a test using them needs.
NEEDS_MARKER = {"stack": "stack", "browser": "browser", "postgres_servers": "postgres"}


def pytest_collection_modifyitems(config, items):
    """Refuse to run a test that uses one of those fixtures without its marker."""
    unmarked = [
        f"{item.nodeid} uses the `{fixture}` fixture: mark it @pytest.mark.{marker}"
        for item in items
        for fixture, marker in NEEDS_MARKER.items()
        if fixture in item.fixturenames and item.get_closest_marker(marker) is None
    ]
    if unmarked:
        raise pytest.UsageError("tests without the marker their fixtures need:\n" + "\n".join(unmarked))


def _reset_caches() -> None:
    get_settings.cache_clear()
    db.engine.cache_clear()


@pytest.fixture(scope="session")
def log_dir() -> Path:
    """Where the processes the tests start write their logs (var/test-logs)."""
    return LOG_DIR


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
def postgres_servers():
    """Makes throwaway PostgreSQL servers (each in its own folder) and stops them all at the end.
    Without PostgreSQL installed, the tests that need one skip, or fail under `make test`."""
    from scripts.postgres_server import PostgresServer, server_bin

    started = []

    def make():
        if server_bin() is None:
            reason = "PostgreSQL is not installed (run `make system-deps`)"
            if os.environ.get(REQUIRE_PG) == "1":
                pytest.fail(f"{reason}; `make test` requires the PostgreSQL tests ({REQUIRE_PG}=1)")
            pytest.skip(f"{reason}; `make test` runs these tests and requires it")
        folder = Path(tempfile.mkdtemp(prefix="speakup-pg-"))  # pytest's own folders are closed to other users
        server = PostgresServer(folder)
        url = server.start()
        started.append(server)
        return server, url

    yield make
    for server in started:
        try:
            server.stop()
        except Exception:  # noqa: BLE001 - already stopped by a fault test
            pass
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url(postgres_servers) -> str:
    """A real PostgreSQL server for this run, with an empty database."""
    _, url = postgres_servers()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
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


@pytest.fixture
def fake_rasa():
    """A stand-in for Rasa's REST webhook (tests/fake_rasa.py), for the fast gateway tests only."""
    from tests.fake_rasa import FakeRasa

    return FakeRasa()


@pytest.fixture
def make_gateway(database_url, fake_rasa, monkeypatch):
    """Starts the gateway app in process (FastAPI's TestClient), with settings from the environment
    plus `env`, and its Rasa client talking to `fake_rasa` through `dependency_overrides`."""
    from contextlib import ExitStack

    from fastapi.testclient import TestClient

    from bot.app import create_app
    from bot.deps import rasa_client

    with ExitStack() as started:

        def make(**env: str) -> TestClient:
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            get_settings.cache_clear()
            app = create_app()
            app.dependency_overrides[rasa_client] = lambda: fake_rasa.rasa
            return started.enter_context(TestClient(app, base_url="http://testserver"))

        yield make


@pytest.fixture
def gateway(make_gateway):
    """The gateway in process with a fake Rasa: needs no running stack."""
    return make_gateway()


@pytest.fixture(scope="session")
def stack_database(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('stack') / 'topics.db'}"
    db.migrate(url)
    return url


@pytest.fixture(scope="session")
def stack(stack_database, log_dir) -> Stack:
    """Action server, Rasa (trained model in models/) and gateway, on free ports, once per run."""
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` (make test does this).")
    # Plain http on loopback in tests, so the dashboard's cookie cannot be marked Secure here.
    # Rate limits raised: the tests send far more than a person would (test_rate_limit.py runs
    # gateways with real limits).
    running = Stack(
        ports=Ports.free(),
        env={
            "DATABASE_URL": stack_database,
            "COOKIE_SECURE": "false",
            "CORS_ORIGINS": THIRD_PARTY_ORIGIN,
            **NO_RATE_LIMITS,
        },
        log_dir=log_dir,
    )
    running.start()
    yield running
    running.stop()


@pytest.fixture
def context(browser):
    """A browser context at tablet-landscape size, closed after the test."""
    made = browser.new_context(viewport={"width": 1024, "height": 768})
    yield made
    made.close()


@pytest.fixture
def page(context, stack):
    """The chat page of the shared stack."""
    from tests.browser_checks import open_chat

    return open_chat(context, stack)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, through Playwright (one per test module)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_checks import CHROMIUM_ARGS, SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make system-deps` (make test does this).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
