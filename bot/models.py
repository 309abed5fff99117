"""The topic log's one table: which topic was answered, at what level, on which channel, in which hour."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class TopicEvent(Base):
    """One answered topic. Deliberately holds no text, ids, addresses or user agents."""

    __tablename__ = "topic_events"

    id = Column(Integer, primary_key=True)
    topic = Column(String(64), nullable=False)
    reading_level = Column(String(16), nullable=False)
    channel = Column(String(32), nullable=False)
    hour = Column(DateTime, nullable=False, index=True)
