"""Database engine for the topic log, and the Alembic migrations that create its schema."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from bot.settings import ROOT, get_settings

ALEMBIC_INI = ROOT / "alembic.ini"


def _prepare(url: str) -> str:
    """Make the folder for a SQLite file, so a fresh checkout works with no set-up."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return url


@lru_cache(maxsize=None)
def engine(url: str = "") -> Engine:
    """One engine per database URL per process (the settings' URL by default)."""
    url = _prepare(url or get_settings().database_url)
    return create_engine(url, future=True, pool_pre_ping=True)


def migrate(url: str = "") -> None:
    """Bring the schema up to date with Alembic (the prestart step, bot/migrate.py)."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["skip_logging_config"] = True
    config.set_main_option("script_location", str(ROOT / "bot" / "migrations"))
    config.set_main_option("sqlalchemy.url", _prepare(url or get_settings().database_url))
    command.upgrade(config, "head")


def is_up(url: str = "") -> bool:
    """True if the database answers a trivial query."""
    try:
        with engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not reachable", which /healthz reports
        return False


def is_current(url: str = "") -> bool:
    """True if the schema is at Alembic's head revision (`python -m bot.migrate` has run)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(ROOT / "bot" / "migrations"))
    with engine(url).connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current == ScriptDirectory.from_config(config).get_current_head()
