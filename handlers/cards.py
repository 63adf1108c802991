"""The input of the item card builder: item kinds, their statuses and the `ItemCard` record.

The polling loop fills an `ItemCard` from stored display data, which is masked before it is
stored, so nothing here unmasks or fetches anything.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.storage.tables import ItemKind
from handlers.texts import DEFAULT_LANG, Lang, has_text, text

__all__ = [
    "FINAL_STATUSES",
    "CallCenterStatus",
    "ExchangeStatus",
    "ItemCard",
    "ItemKind",
    "ItemStatus",
    "ProductInquiryStatus",
    "ReturnStatus",
    "kind_label",
    "status_kind",
]


def kind_label(kind: ItemKind, lang: Lang = DEFAULT_LANG) -> str:
    """Return the name of an item kind shown to users, e.g. "상품 문의"."""
    return text(f"kind.{kind.value}", lang)


class _Status(StrEnum):
    def label(self, lang: Lang = DEFAULT_LANG) -> str:
        return text(f"status.{status_kind(self).value}.{self.value}", lang)


class ProductInquiryStatus(_Status):
    """A product inquiry (Coupang `inquiryId`) is open until answered, by us or in WING."""

    OPEN = "open"
    ANSWERED = "answered"


class CallCenterStatus(_Status):
    """A call-center inquiry needs an answer, or only a confirm when Coupang sent `TRANSFER`."""

    NEEDS_ANSWER = "needs_answer"
    NEEDS_CONFIRM = "needs_confirm"
    ANSWERED = "answered"
    CONFIRMED = "confirmed"
    CLOSED = "closed"


class ReturnStatus(_Status):
    """A return (Coupang `receiptId`): release stop or request, receipt, then completion."""

    RELEASE_STOP_REQUESTED = "release_stop_requested"
    REQUESTED = "requested"
    RECEIPT_CONFIRMED = "receipt_confirmed"
    COMPLETED = "completed"
    COUPANG_CHECK = "coupang_check"
    WITHDRAWN = "withdrawn"


class ExchangeStatus(_Status):
    """An exchange (Coupang `exchangeId`): received, in progress, then completed or stopped."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


ItemStatus = ProductInquiryStatus | CallCenterStatus | ReturnStatus | ExchangeStatus

_STATUS_KINDS: dict[type[_Status], ItemKind] = {
    ProductInquiryStatus: ItemKind.ONLINE_INQUIRY,
    CallCenterStatus: ItemKind.CALL_CENTER_INQUIRY,
    ReturnStatus: ItemKind.RETURN_REQUEST,
    ExchangeStatus: ItemKind.EXCHANGE_REQUEST,
}

# Statuses after which no action applies any more, even when `ItemCard.handled` is False.
FINAL_STATUSES: frozenset[ItemStatus] = frozenset(
    {
        ProductInquiryStatus.ANSWERED,
        CallCenterStatus.ANSWERED,
        CallCenterStatus.CONFIRMED,
        CallCenterStatus.CLOSED,
        ReturnStatus.COMPLETED,
        ReturnStatus.COUPANG_CHECK,
        ReturnStatus.WITHDRAWN,
        ExchangeStatus.COMPLETED,
        ExchangeStatus.REJECTED,
        ExchangeStatus.CANCELLED,
    }
)


def status_kind(status: _Status) -> ItemKind:
    return _STATUS_KINDS[type(status)]


@dataclass(frozen=True)
class ItemCard:
    """One Coupang item as its Slack card shows it; every customer value is already masked.

    `masked_fields` pairs a label key (`field.*` in `handlers.texts`) with a masked value.
    `claimed_by` is a Slack user ID. `answered_by` is a Slack user ID or a WING user id, and
    `answered_at` without `answered_by` means the item was answered outside Slack (in WING).
    """

    item_id: int
    kind: ItemKind
    vendor_id: str
    coupang_id: int
    status: ItemStatus
    product_name: str
    created_at: datetime
    masked_text: str = ""
    # The seller's latest reply as Coupang shows it, masked; empty when there is none.
    answer_text: str = ""
    option_name: str | None = None
    order_id: int | None = None
    deadline_at: datetime | None = None
    masked_fields: tuple[tuple[str, str], ...] = ()
    claimed_by: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    handled: bool = False
    overdue: bool = False

    def __post_init__(self) -> None:
        if self.item_id < 1:
            raise ValueError(f"invalid item_id {self.item_id}: expected a positive row id")
        if status_kind(self.status) is not self.kind:
            raise ValueError(f"status {self.status!r} does not belong to kind {self.kind.value}")
        for name in ("created_at", "deadline_at", "answered_at"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")
        for label_key, _ in self.masked_fields:
            if not label_key.startswith("field.") or not has_text(label_key):
                raise ValueError(f"unknown field label key {label_key!r}; add it to texts")

    @property
    def is_closed(self) -> bool:
        """True when no action applies: handled, or in a final status."""
        return self.handled or self.status in FINAL_STATUSES
