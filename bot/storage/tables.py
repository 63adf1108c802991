"""ORM tables. The migrations in `bot.storage.migrations` create the same schema.

Personal data (even masked) lives only in `*_ciphertext` columns, encrypted by
`bot.storage.crypto`. Every datetime column is an aware `UtcDateTime`.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import RowIdType, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ItemKind(StrEnum):
    """Kind of Coupang record the bot tracks."""

    ONLINE_INQUIRY = "online_inquiry"
    CALL_CENTER_INQUIRY = "call_center_inquiry"
    RETURN_REQUEST = "return_request"
    EXCHANGE_REQUEST = "exchange_request"


class OutboxKind(StrEnum):
    """Slack call that an outbox entry makes."""

    POST = "post"
    UPDATE = "update"
    THREAD_NOTE = "thread_note"
    EPHEMERAL = "ephemeral"
    ALERT = "alert"
    DIGEST = "digest"


class OutboxState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    FAILED = "failed"


class AttemptState(StrEnum):
    """State of a Coupang write. UNKNOWN means the call may or may not have reached Coupang."""

    STARTED = "started"
    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"


def _enum_column(enum: type[StrEnum], name: str) -> Enum:
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Item(Base):
    """One Coupang inquiry, return or exchange, with its route and Slack message."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("vendor_id", "kind", "coupang_id"),
        Index(None, "closed_at"),
        Index(None, "updated_at"),
    )

    id: Mapped[int] = mapped_column(RowIdType, primary_key=True)
    vendor_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[ItemKind] = mapped_column(_enum_column(ItemKind, "item_kind"))
    coupang_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(64))
    status_detail: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the SLA clock of `deadline_at` started: inquiryAt, the agent's request or arrival.
    sla_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    route_channel: Mapped[str] = mapped_column(String(32))
    slack_channel: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    state_fingerprint: Mapped[str] = mapped_column(String(64))
    posted_fingerprint: Mapped[str | None] = mapped_column(String(64))
    # Keyed hash of the last polled record and the other ingest inputs, so an unchanged
    # record is skipped before masking. NULL until the first poll after migration 0005.
    source_fingerprint: Mapped[str | None] = mapped_column(String(64))
    display_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OutboxEntry(Base):
    """Slack work recorded in the transaction that caused it, sent later by the outbox worker."""

    __tablename__ = "outbox"
    __table_args__ = (Index(None, "state", "next_attempt_at"), Index(None, "item_id"))

    id: Mapped[int] = mapped_column(RowIdType, primary_key=True)
    item_id: Mapped[int | None] = mapped_column(
        RowIdType, ForeignKey("items.id", ondelete="SET NULL")
    )
    kind: Mapped[OutboxKind] = mapped_column(_enum_column(OutboxKind, "outbox_kind"))
    channel: Mapped[str] = mapped_column(String(32))
    payload_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    state: Mapped[OutboxState] = mapped_column(_enum_column(OutboxState, "outbox_state"))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    last_error_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result_ts: Mapped[str | None] = mapped_column(String(32))


class ActionAttempt(Base):
    """Record of one Coupang write. Its unique key lets only one caller start the write."""

    __tablename__ = "action_attempts"
    __table_args__ = (Index(None, "state", "started_at"),)

    id: Mapped[int] = mapped_column(RowIdType, primary_key=True)
    attempt_key: Mapped[str] = mapped_column(String(255), unique=True)
    item_id: Mapped[int] = mapped_column(RowIdType, ForeignKey("items.id"))
    action: Mapped[str] = mapped_column(String(64))
    view_id: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32))
    state: Mapped[AttemptState] = mapped_column(_enum_column(AttemptState, "attempt_state"))
    coupang_code: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AccessRecord(Base):
    """Append-only access record (접속기록). Database triggers reject UPDATE and DELETE."""

    __tablename__ = "access_records"
    __table_args__ = (Index(None, "occurred_at"),)

    id: Mapped[int] = mapped_column(RowIdType, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    slack_user_id: Mapped[str] = mapped_column(String(64))
    slack_team_id: Mapped[str | None] = mapped_column(String(32))
    vendor_id: Mapped[str | None] = mapped_column(String(32))
    item_kind: Mapped[str | None] = mapped_column(String(32))
    coupang_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(32))
    reference_id: Mapped[str | None] = mapped_column(String(64))
    affected_rows: Mapped[int | None] = mapped_column(Integer)


class VendorState(Base):
    """Per-vendor poller lease, pause flag and heartbeat."""

    __tablename__ = "vendor_state"

    vendor_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lease_holder: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paused: Mapped[bool] = mapped_column(Boolean)
    paused_reason: Mapped[str | None] = mapped_column(String(64))
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_poll_success_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class VendorAlert(Base):
    """When each kind of operator alert was last sent for a vendor, to send it once."""

    __tablename__ = "vendor_alerts"

    vendor_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("vendor_state.vendor_id"), primary_key=True
    )
    alert: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_sent_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SlaReminder(Base):
    """An SLA reminder point (r50, r80, esc90, overdue) recorded for an item, so it is sent once.

    The unique (item_id, reminder_key) pair lets one replica record a point, and every other
    replica or restarted process finds it taken.
    """

    __tablename__ = "sla_reminders"
    __table_args__ = (UniqueConstraint("item_id", "reminder_key"),)

    id: Mapped[int] = mapped_column(RowIdType, primary_key=True)
    item_id: Mapped[int] = mapped_column(RowIdType, ForeignKey("items.id", ondelete="CASCADE"))
    reminder_key: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ProductName(Base):
    """Cache of product names by seller product id. Product names are not personal data."""

    __tablename__ = "product_names"

    seller_product_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    vendor_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(500))
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)
