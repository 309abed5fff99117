"""Let topic events have no reading level: a "plan made" event holds only the meeting kind, the
channel and the hour.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("topic_events") as batch:  # batch: SQLite cannot alter a column in place
        batch.alter_column("reading_level", existing_type=sa.String(16), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM topic_events WHERE reading_level IS NULL")
    with op.batch_alter_table("topic_events") as batch:
        batch.alter_column("reading_level", existing_type=sa.String(16), nullable=False)
