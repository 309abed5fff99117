"""Create the topic_events table: topic, reading level, channel and hour.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topic_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("reading_level", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False),
    )
    op.create_index("ix_topic_events_hour", "topic_events", ["hour"])


def downgrade() -> None:
    op.drop_index("ix_topic_events_hour", table_name="topic_events")
    op.drop_table("topic_events")
