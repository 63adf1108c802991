"""Create items, outbox, action attempts, access records, vendor state and product names.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ITEM_KINDS = ("online_inquiry", "call_center_inquiry", "return_request", "exchange_request")
OUTBOX_KINDS = ("post", "update", "thread_note", "ephemeral", "alert")
OUTBOX_STATES = ("pending", "in_flight", "done", "failed")
ATTEMPT_STATES = ("started", "done", "failed", "unknown")

APPEND_ONLY_MESSAGE = "access_records is append-only"

POSTGRESQL_TRIGGERS = (
    f"""
    CREATE FUNCTION access_records_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER access_records_no_update_or_delete
    BEFORE UPDATE OR DELETE ON access_records
    FOR EACH ROW EXECUTE FUNCTION access_records_reject_change()
    """,
    """
    CREATE TRIGGER access_records_no_truncate
    BEFORE TRUNCATE ON access_records
    FOR EACH STATEMENT EXECUTE FUNCTION access_records_reject_change()
    """,
)

SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER access_records_no_update BEFORE UPDATE ON access_records
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER access_records_no_delete BEFORE DELETE ON access_records
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END
    """,
)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _one_of(table: str, column: str, name: str, values: Sequence[str]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    # op.f marks the name as final, so the naming convention does not prefix it a second time.
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(f"ck_{table}_{name}"))


def upgrade() -> None:
    _create_items()
    _create_outbox()
    _create_action_attempts()
    _create_access_records()
    _create_vendor_tables()
    op.create_table(
        "product_names",
        sa.Column("seller_product_id", sa.BigInteger(), nullable=False),
        sa.Column("vendor_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("fetched_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("seller_product_id", name="pk_product_names"),
    )

    triggers = (
        POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    )
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER access_records_no_truncate ON access_records")
        op.execute("DROP TRIGGER access_records_no_update_or_delete ON access_records")
        op.execute("DROP FUNCTION access_records_reject_change()")
    for table in (
        "product_names",
        "vendor_alerts",
        "vendor_state",
        "access_records",
        "action_attempts",
        "outbox",
        "items",
    ):
        op.drop_table(table)


def _create_items() -> None:
    op.create_table(
        "items",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("vendor_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("coupang_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(64), nullable=False),
        sa.Column("status_detail", sa.String(128), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("first_seen_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.Column("closed_at", _utc(), nullable=True),
        sa.Column("deadline_at", _utc(), nullable=True),
        sa.Column("route_channel", sa.String(32), nullable=False),
        sa.Column("slack_channel", sa.String(32), nullable=True),
        sa.Column("slack_ts", sa.String(32), nullable=True),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("claimed_at", _utc(), nullable=True),
        sa.Column("answered_at", _utc(), nullable=True),
        sa.Column("answered_by", sa.String(32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state_fingerprint", sa.String(64), nullable=False),
        sa.Column("posted_fingerprint", sa.String(64), nullable=True),
        sa.Column("display_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("purged_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_items"),
        sa.UniqueConstraint(
            "vendor_id", "kind", "coupang_id", name="uq_items_vendor_id_kind_coupang_id"
        ),
        _one_of("items", "kind", "item_kind", ITEM_KINDS),
    )
    op.create_index("ix_items_closed_at", "items", ["closed_at"])
    op.create_index("ix_items_updated_at", "items", ["updated_at"])


def _create_outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("item_id", ROW_ID, nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("payload_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("dedupe_key", sa.String(255), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _utc(), nullable=False),
        sa.Column("claimed_at", _utc(), nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("last_error_code", sa.String(64), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("sent_at", _utc(), nullable=True),
        sa.Column("result_ts", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name="fk_outbox_item_id_items", ondelete="SET NULL"
        ),
        sa.UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
        _one_of("outbox", "kind", "outbox_kind", OUTBOX_KINDS),
        _one_of("outbox", "state", "outbox_state", OUTBOX_STATES),
    )
    op.create_index("ix_outbox_state_next_attempt_at", "outbox", ["state", "next_attempt_at"])
    op.create_index("ix_outbox_item_id", "outbox", ["item_id"])


def _create_action_attempts() -> None:
    op.create_table(
        "action_attempts",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("attempt_key", sa.String(255), nullable=False),
        sa.Column("item_id", ROW_ID, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("view_id", sa.String(64), nullable=True),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("coupang_code", sa.String(64), nullable=True),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("finished_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_action_attempts"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_action_attempts_item_id_items"),
        sa.UniqueConstraint("attempt_key", name="uq_action_attempts_attempt_key"),
        _one_of("action_attempts", "state", "attempt_state", ATTEMPT_STATES),
    )
    op.create_index(
        "ix_action_attempts_state_started_at", "action_attempts", ["state", "started_at"]
    )


def _create_access_records() -> None:
    op.create_table(
        "access_records",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("occurred_at", _utc(), nullable=False),
        sa.Column("slack_user_id", sa.String(64), nullable=False),
        sa.Column("slack_team_id", sa.String(32), nullable=True),
        sa.Column("vendor_id", sa.String(32), nullable=True),
        sa.Column("item_kind", sa.String(32), nullable=True),
        sa.Column("coupang_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("result", sa.String(32), nullable=False),
        sa.Column("reference_id", sa.String(64), nullable=True),
        sa.Column("affected_rows", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_access_records"),
    )
    op.create_index("ix_access_records_occurred_at", "access_records", ["occurred_at"])


def _create_vendor_tables() -> None:
    op.create_table(
        "vendor_state",
        sa.Column("vendor_id", sa.String(32), nullable=False),
        sa.Column("lease_holder", sa.String(128), nullable=True),
        sa.Column("lease_expires_at", _utc(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_reason", sa.String(64), nullable=True),
        sa.Column("paused_at", _utc(), nullable=True),
        sa.Column("last_poll_success_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("vendor_id", name="pk_vendor_state"),
    )
    op.create_table(
        "vendor_alerts",
        sa.Column("vendor_id", sa.String(32), nullable=False),
        sa.Column("alert", sa.String(64), nullable=False),
        sa.Column("last_sent_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("vendor_id", "alert", name="pk_vendor_alerts"),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor_state.vendor_id"],
            name="fk_vendor_alerts_vendor_id_vendor_state",
        ),
    )
