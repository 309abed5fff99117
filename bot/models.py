"""The database tables: anonymous topic events and answer feedback, and the staff accounts that may read them."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class TopicEvent(Base):
    """One answered topic (or a fallback or crisis reply). Deliberately holds no text, ids,
    addresses or user agents: only what was answered, how, and in which hour."""

    __tablename__ = "topic_events"

    id = Column(Integer, primary_key=True)
    topic = Column(String(64), nullable=False, index=True)
    reading_level = Column(String(16), nullable=True)  # none for "plan made" (bot/topic_log.py)
    channel = Column(String(32), nullable=False)
    audience = Column(String(32), nullable=True)
    hour = Column(DateTime, nullable=False, index=True)


class AnswerFeedback(Base):
    """One press of "Did this help?" under an answer: the answer's topic, its reading level, the
    choice (yes, no, or the reason after no) and the hour. Never text, ids or addresses."""

    __tablename__ = "answer_feedback"

    id = Column(Integer, primary_key=True)
    topic = Column(String(64), nullable=False, index=True)
    reading_level = Column(String(16), nullable=False)
    choice = Column(String(24), nullable=False)
    hour = Column(DateTime, nullable=False, index=True)


class StaffUser(Base):
    """A staff account for the dashboard, made with `python -m bot.admin create-user`."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(128), nullable=False)
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False)


class StaffSession(Base):
    """A signed-in dashboard session. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "staff_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    expires_at = Column(DateTime, nullable=False)
