"""All Speak Up settings, read once from environment variables with working defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import List, Optional

from pydantic import BaseSettings, Field, SecretStr

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


class Settings(BaseSettings):
    """Settings for the gateway, the action server and the topic log."""

    database_url: str = Field(f"sqlite:///{VAR / 'speakup.db'}", env="DATABASE_URL")
    # One Rasa, or several separated by commas: the workers of `make run` (each conversation stays
    # on one), or instances sharing a tracker store (SCALE=redis: messages take turns).
    rasa_url: str = Field("http://localhost:5005", env="RASA_URL")
    scale: str = Field("", env="SCALE")
    actions_url: str = Field("http://localhost:5055", env="ACTIONS_URL")
    rasa_timeout_seconds: float = Field(10.0, env="RASA_TIMEOUT_SECONDS")
    health_timeout_seconds: float = Field(2.0, env="HEALTH_TIMEOUT_SECONDS")
    max_message_chars: int = Field(1000, env="MAX_MESSAGE_CHARS")
    widget_dir: Path = Field(ROOT / "web_widget", env="WIDGET_DIR")
    # Security: who may embed the pages in a frame, which other origins may call the API,
    # and the largest request body accepted.
    frame_ancestors: str = Field("'self'", env="FRAME_ANCESTORS")
    cors_origins: str = Field("", env="CORS_ORIGINS")
    max_body_bytes: int = Field(8192, env="MAX_BODY_BYTES")
    # Rate limits on chat messages per window: per conversation (the real limit), and per client
    # address (generous: a whole ward can share one hospital address). Redis shares the counts
    # between gateways when REDIS_URL is set; otherwise each gateway counts in memory.
    rate_limit_per_session: int = Field(30, env="RATE_LIMIT_PER_SESSION")
    rate_limit_per_address: int = Field(600, env="RATE_LIMIT_PER_ADDRESS")
    rate_limit_window_seconds: float = Field(60.0, env="RATE_LIMIT_WINDOW_SECONDS")
    # New conversations per client address (IPv6 grouped by /64): each one costs a tracker for an hour.
    rate_limit_new_per_address: int = Field(300, env="RATE_LIMIT_NEW_CONVERSATIONS_PER_ADDRESS")
    rate_limit_new_window_seconds: float = Field(3600.0, env="RATE_LIMIT_NEW_CONVERSATIONS_WINDOW_SECONDS")
    redis_url: Optional[str] = Field(None, env="REDIS_URL")
    # Conversation ids are signed with this secret (HMAC-SHA256). Several gateways must share one.
    # Without it, each gateway makes a random one at start (ids then do not survive a restart).
    session_secret: Optional[SecretStr] = Field(None, env="SESSION_SECRET")
    retention_days: int = Field(365, env="RETENTION_DAYS")
    topic_queue_size: int = Field(10000, env="TOPIC_QUEUE_SIZE")
    # Dashboard sessions. COOKIE_SECURE may be turned off only for tests over plain http.
    cookie_secure: bool = Field(True, env="COOKIE_SECURE")
    session_hours: float = Field(8.0, env="DASHBOARD_SESSION_HOURS")
    max_failed_logins: int = Field(5, env="DASHBOARD_MAX_FAILED_LOGINS")
    # After max_failed_logins failures in a row, sign-in backs off: backoff_seconds, doubling with
    # each further failure, up to lockout_minutes. Sign-in posts per address are limited too, and
    # only a few bcrypt checks run at once.
    lockout_minutes: float = Field(15.0, env="DASHBOARD_LOCKOUT_MINUTES")
    backoff_seconds: float = Field(30.0, env="DASHBOARD_BACKOFF_SECONDS")
    login_limit_per_address: int = Field(10, env="DASHBOARD_LOGIN_PER_ADDRESS")
    login_limit_window_seconds: float = Field(300.0, env="DASHBOARD_LOGIN_WINDOW_SECONDS")
    max_password_checks: int = Field(2, env="DASHBOARD_MAX_CONCURRENT_PASSWORD_CHECKS")

    # Local contacts for answers: each overrides its line in content/local-contacts.yml (actions/contacts.py).
    trust_name: str = Field("", env="SPEAKUP_TRUST_NAME")
    pals_phone: str = Field("", env="SPEAKUP_PALS_PHONE")
    advocacy_name: str = Field("", env="SPEAKUP_ADVOCACY_NAME")
    advocacy_phone: str = Field("", env="SPEAKUP_ADVOCACY_PHONE")
    ward_phone: str = Field("", env="SPEAKUP_WARD_PHONE")

    @property
    def sticky_routing(self) -> bool:
        """Each conversation on one Rasa worker, unless the workers share conversations in Redis."""
        return self.scale != "redis"

    @property
    def rasa_urls(self) -> List[str]:
        return [url.strip() for url in self.rasa_url.split(",") if url.strip()]

    @property
    def cors_origin_list(self) -> List[str]:
        """CORS_ORIGINS as a list: the other sites whose pages may call the gateway's API and
        Rasa's REST and socket.io channels (scripts/stack.py passes them to `rasa run --cors`)."""
        return origin_list(self.cors_origins)


def origin_list(text: str) -> List[str]:
    """A comma-separated list of origins, such as "https://a.nhs.uk, https://b.nhs.uk"."""
    return [origin.strip().rstrip("/") for origin in (text or "").split(",") if origin.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (cached: environment variables are read once)."""
    return Settings()
