"""Add answer_feedback: "Did this help?" counts by topic, reading level, choice and hour.

Numbered 0004 because 0003 is taken on another branch (the speak-up plan); when both are merged,
this revision follows 0003.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("reading_level", sa.String(16), nullable=False),
        sa.Column("choice", sa.String(24), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False),
    )
    op.create_index("ix_answer_feedback_topic", "answer_feedback", ["topic"])
    op.create_index("ix_answer_feedback_hour", "answer_feedback", ["hour"])


def downgrade() -> None:
    op.drop_index("ix_answer_feedback_hour", table_name="answer_feedback")
    op.drop_index("ix_answer_feedback_topic", table_name="answer_feedback")
    op.drop_table("answer_feedback")
