"""Sandbox records for each Coupang item kind, and their JSON in Coupang's response shapes.

Times are stored as aware UTC datetimes and formatted only here: the v5 CS APIs send ISO-8601
with microseconds and `+09:00`, returns and exchanges send `yyyy-MM-ddTHH:mm:ss` Korea time
without an offset.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

KST = timezone(timedelta(hours=9), "KST")

# Coupang removed `buyerEmail` from product-inquiry responses from this date.
BUYER_EMAIL_REMOVED_AT = datetime(2026, 3, 15, tzinfo=KST)


def format_cs_time(moment: datetime) -> str:
    """Format a time as the v5 CS APIs do, e.g. `2025-01-15T14:17:13.973885+09:00`."""
    return moment.astimezone(KST).isoformat(timespec="microseconds")


def format_kst_seconds(moment: datetime) -> str:
    """Format a time as returns and exchanges do, e.g. `2025-01-15T14:17:13` (Korea time)."""
    return moment.astimezone(KST).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class Vendor:
    """A synthetic seller with sandbox-only API keys and the WING user ids allowed to reply."""

    vendor_id: str
    access_key: str
    secret_key: str = field(repr=False)
    wing_user_ids: tuple[str, ...]
    allowed_ips: frozenset[str] | None = None


@dataclass
class SellerProduct:
    seller_product_id: int
    vendor_id: str
    product_id: int
    name: str
    brand: str
    items: list[tuple[int, int, str]]  # (vendorItemId, sellerItemId, itemName)


@dataclass
class InquiryComment:
    comment_id: int
    content: str
    commented_at: datetime


@dataclass
class ProductInquiry:
    inquiry_id: int
    vendor_id: str
    product_id: int
    seller_product_id: int
    seller_item_id: int
    vendor_item_id: int
    content: str
    inquiry_at: datetime
    order_ids: list[int]
    comments: list[InquiryComment] = field(default_factory=list)
    deleted: bool = False

    @property
    def answered(self) -> bool:
        return bool(self.comments)

    def to_json(self, now: datetime) -> dict[str, Any]:
        body: dict[str, Any] = {
            "inquiryId": self.inquiry_id,
            "productId": self.product_id,
            "sellerProductId": self.seller_product_id,
            "sellerItemId": self.seller_item_id,
            "vendorItemId": self.vendor_item_id,
            "content": self.content,
            "inquiryAt": format_cs_time(self.inquiry_at),
            "orderIds": list(self.order_ids),
        }
        if now < BUYER_EMAIL_REMOVED_AT:
            body["buyerEmail"] = ""
        body["commentDtoList"] = [
            {
                "inquiryCommentId": comment.comment_id,
                "inquiryId": self.inquiry_id,
                "content": comment.content,
                "inquiryCommentAt": format_cs_time(comment.commented_at),
            }
            for comment in self.comments
        ]
        return body


@dataclass
class CallCenterReply:
    answer_id: int
    answer_type: str  # "csAgent" or "vendor"
    content: str
    replied_at: datetime
    receptionist_name: str
    receptionist: str
    parent_answer_id: int | None = 0
    partner_transfer_status: str | None = None
    complete_reason: str = "NONE"
    need_answer: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "receptionistName": self.receptionist_name,
            "receptionist": self.receptionist,
            "replyAt": format_cs_time(self.replied_at),
            "content": self.content,
            "answerId": self.answer_id,
            "parentAnswerId": self.parent_answer_id,
            "partnerTransferStatus": self.partner_transfer_status,
            "partnerTransferCompleteReason": self.complete_reason,
            "answerType": self.answer_type,
            "needAnswer": self.need_answer,
        }


@dataclass
class CallCenterInquiry:
    """A case a Coupang agent transferred to the seller.

    `needs_answer` cases need a reply to the agent's transfer, and the others (`TRANSFER`,
    미확인) need only a confirm. Either way the agent's transfer reply carries
    `partnerTransferStatus=requestAnswer` until the seller acts or 24 hours pass.
    """

    inquiry_id: int
    vendor_id: str
    needs_answer: bool
    vendor_item_id: int
    item_name: str
    content: str
    inquiry_at: datetime
    buyer_phone: str
    order_id: int
    order_date: datetime
    receipt_category: str
    replies: list[CallCenterReply]
    inquiry_status: str = "progress"

    def transfer_reply(self) -> CallCenterReply | None:
        """Return the agent reply that still waits for the seller, if any."""
        for reply in self.replies:
            if reply.answer_type == "csAgent" and reply.partner_transfer_status == "requestAnswer":
                return reply
        return None

    @property
    def counseling_status(self) -> str:
        """Return the `partnerCounselingStatus` filter value this case matches (besides NONE)."""
        if self.inquiry_status == "progress" and self.transfer_reply() is not None:
            return "NO_ANSWER" if self.needs_answer else "TRANSFER"
        return "ANSWER"

    def to_json(self, now: datetime) -> dict[str, Any]:
        answered = [r.replied_at for r in self.replies if r.answer_type == "vendor"]
        if self.transfer_reply() is None and not answered:
            answered = [self.replies[-1].replied_at]
        return {
            "inquiryId": self.inquiry_id,
            "csPartnerCounselingStatus": (
                "requestAnswer" if self.transfer_reply() is not None else "answered"
            ),
            "inquiryStatus": self.inquiry_status,
            "vendorItemId": [self.vendor_item_id],
            "itemName": self.item_name,
            "content": self.content,
            "answeredAt": format_cs_time(max(answered)) if answered else None,
            "replies": [reply.to_json() for reply in self.replies],
            "inquiryAt": format_cs_time(self.inquiry_at),
            "buyerEmail": "",
            "buyerPhone": self.buyer_phone,
            "orderId": self.order_id,
            "orderDate": format_cs_time(self.order_date),
            "receiptCategory": self.receipt_category,
            "saleStartedAt": "2024-01-02",
            "saleEndedAt": "2099-12-31",
        }
