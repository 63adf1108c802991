"""Create sla_reminders: the SLA reminder points already sent per item.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "sla_reminders",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("item_id", ROW_ID, nullable=False),
        sa.Column("reminder_key", sa.String(16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sla_reminders"),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name="fk_sla_reminders_item_id_items", ondelete="CASCADE"
        ),
        sa.UniqueConstraint(
            "item_id", "reminder_key", name="uq_sla_reminders_item_id_reminder_key"
        ),
    )


def downgrade() -> None:
    op.drop_table("sla_reminders")
