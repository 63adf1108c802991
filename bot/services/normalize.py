"""Turn Coupang records into `PolledItem`s: the states the bot tracks, with aware UTC times.

`raw` keeps the record's JSON (camelCase, as Coupang sent it) only until it is masked; it is
never stored, logged or sent.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.storage.tables import ItemKind
from coupang.models import (
    AnswerType,
    CallCenterInquiry,
    CallCenterReply,
    ExchangeRequest,
    ExchangeStatus,
    InquiryStatus,
    OnlineInquiry,
    PartnerTransferStatus,
    ReceiptStatus,
    ReturnRequest,
)


class ItemStatus(StrEnum):
    """States the bot tracks for every kind, stored in `items.status`."""

    OPEN = "open"
    ANSWERED = "answered"
    NEEDS_ANSWER = "needs_answer"
    NEEDS_CONFIRM = "needs_confirm"
    CONFIRMED = "confirmed"
    CLOSED = "closed"
    RELEASE_STOP_REQUESTED = "release_stop_requested"
    REQUESTED = "requested"
    RECEIPT_CONFIRMED = "receipt_confirmed"
    COUPANG_CHECK = "coupang_check"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


CLOSED_STATUSES = frozenset(
    {
        ItemStatus.ANSWERED,
        ItemStatus.CONFIRMED,
        ItemStatus.CLOSED,
        ItemStatus.COMPLETED,
        ItemStatus.WITHDRAWN,
        ItemStatus.REJECTED,
        ItemStatus.CANCELLED,
    }
)

# Coupang closes a call-center request the seller leaves unanswered for 24 hours.
CALL_CENTER_ANSWER_WINDOW = timedelta(hours=24)
# `partnerTransferCompleteReason` of a transfer the seller confirmed (판매자확인).
CONFIRMED_REASON = "DISPUTE_PROCESS_COMPLETE"

_RETURN_STATUSES = {
    ReceiptStatus.RELEASE_STOP_UNCHECKED: ItemStatus.RELEASE_STOP_REQUESTED,
    ReceiptStatus.RETURNS_UNCHECKED: ItemStatus.REQUESTED,
    ReceiptStatus.VENDOR_WAREHOUSE_CONFIRM: ItemStatus.RECEIPT_CONFIRMED,
    ReceiptStatus.REQUEST_COUPANG_CHECK: ItemStatus.COUPANG_CHECK,
    ReceiptStatus.RETURNS_COMPLETED: ItemStatus.COMPLETED,
}

_EXCHANGE_STATUSES = {
    ExchangeStatus.RECEIPT: ItemStatus.RECEIVED,
    ExchangeStatus.PROGRESS: ItemStatus.IN_PROGRESS,
    ExchangeStatus.SUCCESS: ItemStatus.COMPLETED,
    ExchangeStatus.REJECT: ItemStatus.REJECTED,
    ExchangeStatus.CANCEL: ItemStatus.CANCELLED,
}


@dataclass(frozen=True)
class PolledItem:
    """One record read by the poller: id, tracked status and the raw JSON to mask."""

    kind: ItemKind
    coupang_id: int
    status: ItemStatus
    status_detail: str | None
    created_at: datetime | None
    deadline_at: datetime | None = None
    answered_at: datetime | None = None
    # When the item's SLA clock started, or None while no clock runs (see `bot.services.sla`).
    sla_started_at: datetime | None = None
    seller_product_id: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def closed(self) -> bool:
        """Whether the item needs no more work from the team."""
        return self.status in CLOSED_STATUSES


def _dump(record: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = record.model_dump(mode="json", by_alias=True)
    return dumped


def normalize_online_inquiry(inquiry: OnlineInquiry) -> PolledItem:
    """Map a product inquiry: answered when it has a seller comment."""
    answered_at = None
    if inquiry.comments:
        times = [c.inquiry_comment_at for c in inquiry.comments if c.inquiry_comment_at]
        answered_at = min(times) if times else None
    return PolledItem(
        kind=ItemKind.ONLINE_INQUIRY,
        coupang_id=inquiry.inquiry_id,
        status=ItemStatus.ANSWERED if inquiry.answered else ItemStatus.OPEN,
        status_detail=None,
        created_at=inquiry.inquiry_at,
        answered_at=answered_at,
        sla_started_at=inquiry.inquiry_at,
        seller_product_id=inquiry.seller_product_id,
        raw=_dump(inquiry),
    )


def normalize_call_center_inquiry(inquiry: CallCenterInquiry) -> PolledItem:
    """Map a call-center inquiry by its thread.

    An open agent request with `needAnswer` needs an answer; one without needs only a
    confirm (Coupang's TRANSFER). Without an open request, a seller reply means answered, a
    confirmed transfer means confirmed, and otherwise Coupang closed the case itself (after
    24 hours without an answer, or by an agent).
    """
    request = _open_request(inquiry)
    vendor_replied = any(reply.answer_type == AnswerType.VENDOR for reply in inquiry.replies)
    if inquiry.inquiry_status == InquiryStatus.COMPLETE:
        status = ItemStatus.ANSWERED if vendor_replied else ItemStatus.CLOSED
    elif request is not None:
        status = ItemStatus.NEEDS_ANSWER if request.need_answer else ItemStatus.NEEDS_CONFIRM
    elif vendor_replied:
        status = ItemStatus.ANSWERED
    elif any(r.partner_transfer_complete_reason == CONFIRMED_REASON for r in inquiry.replies):
        status = ItemStatus.CONFIRMED
    else:
        status = ItemStatus.CLOSED
    deadline = None
    request_at = None
    if request is not None and request.reply_at is not None:
        request_at = request.reply_at
        deadline = request.reply_at + CALL_CENTER_ANSWER_WINDOW
    return PolledItem(
        kind=ItemKind.CALL_CENTER_INQUIRY,
        coupang_id=inquiry.inquiry_id,
        status=status,
        status_detail=inquiry.cs_partner_counseling_status,
        created_at=inquiry.inquiry_at,
        deadline_at=deadline,
        answered_at=inquiry.answered_at if status == ItemStatus.ANSWERED else None,
        sla_started_at=request_at,
        raw=_dump(inquiry),
    )


def _open_request(inquiry: CallCenterInquiry) -> CallCenterReply | None:
    for reply in reversed(inquiry.replies):
        if (
            reply.answer_type != AnswerType.VENDOR
            and reply.partner_transfer_status == PartnerTransferStatus.REQUEST_ANSWER
        ):
            return reply
    return None


def normalize_return_request(receipt: ReturnRequest) -> PolledItem:
    """Map a return receipt by `receiptStatus`; an unknown status counts as requested."""
    raw_status = receipt.receipt_status
    status = _RETURN_STATUSES.get(raw_status, ItemStatus.REQUESTED)  # type: ignore[call-overload]
    seller_product_id = next(
        (item.seller_product_id for item in receipt.return_items if item.seller_product_id),
        None,
    )
    # The 168-business-hour window runs from the item's arrival at the seller. Coupang sends no
    # arrival time, so the bot uses `modifiedAt` of a receipt in VENDOR_WAREHOUSE_CONFIRM instead.
    # NOTE: a later change to the receipt also moves `modifiedAt`, so the ingester keeps the first
    # start it stored.
    arrived_at = receipt.modified_at if status == ItemStatus.RECEIPT_CONFIRMED else None
    return PolledItem(
        kind=ItemKind.RETURN_REQUEST,
        coupang_id=receipt.receipt_id,
        status=status,
        status_detail=str(raw_status) if raw_status else None,
        created_at=receipt.created_at,
        sla_started_at=arrived_at,
        seller_product_id=seller_product_id,
        raw=_dump(receipt),
    )


def normalize_exchange_request(exchange: ExchangeRequest) -> PolledItem:
    """Map an exchange request by `exchangeStatus`; an unknown status counts as received."""
    raw_status = exchange.exchange_status
    status = _EXCHANGE_STATUSES.get(raw_status, ItemStatus.RECEIVED)  # type: ignore[call-overload]
    return PolledItem(
        kind=ItemKind.EXCHANGE_REQUEST,
        coupang_id=exchange.exchange_id,
        status=status,
        status_detail=str(raw_status) if raw_status else None,
        created_at=exchange.created_at,
        sla_started_at=exchange.created_at,
        raw=_dump(exchange),
    )
