"""Add `items.source_fingerprint`: a keyed hash of the polled record and the ingest inputs.

The poller skips a record whose hash matches the stored one, so it does not mask the record
again. Rows from before this revision keep NULL until their next poll fills it in.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("source_fingerprint", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("source_fingerprint")
