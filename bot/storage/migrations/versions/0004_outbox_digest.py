"""Allow the outbox kind `digest`: a daily digest post with its chart.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("post", "update", "thread_note", "ephemeral", "alert")
NEW_KINDS = (*OLD_KINDS, "digest")


def _replace_kinds(kinds: Sequence[str]) -> None:
    allowed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint(op.f("ck_outbox_outbox_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_outbox_kind"), f"kind IN ({allowed})")


def upgrade() -> None:
    _replace_kinds(NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE kind = 'digest'")
    _replace_kinds(OLD_KINDS)
