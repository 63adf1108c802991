"""Product-inquiry and call-center inquiry models (see the glossary in `coupang.models`)."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field

from coupang.fields import (
    CoupangDate,
    CoupangDateTime,
    OptionalInt,
    lenient_enum,
)
from coupang.model_base import CoupangModel, IntList, IntOrIntList, Pagination, none_to_empty_list
from coupang.responses import SkippedRecord

CALL_CENTER_ANSWER_WINDOW = timedelta(hours=24)


class AnsweredType(StrEnum):
    """`answeredType` filter of the product-inquiry list."""

    ALL = "ALL"
    ANSWERED = "ANSWERED"
    NOANSWER = "NOANSWER"


class InquiryComment(CoupangModel):
    """A seller answer on a product inquiry (`commentDtoList` item)."""

    inquiry_comment_id: int
    inquiry_id: int | None = None
    content: str | None = Field(default=None, repr=False)
    inquiry_comment_at: CoupangDateTime = None


class OnlineInquiry(CoupangModel):
    """A product inquiry (상품별 고객문의). `content` is buyer free text and may hold PII."""

    inquiry_id: int
    product_id: int | None = None
    seller_product_id: int | None = None
    seller_item_id: int | None = None
    vendor_item_id: int | None = None
    content: str | None = Field(default=None, repr=False)
    inquiry_at: CoupangDateTime = None
    order_ids: IntList = Field(default_factory=list, repr=False)
    buyer_email: str | None = Field(default=None, repr=False)
    comments: Annotated[list[InquiryComment], BeforeValidator(none_to_empty_list)] = Field(
        default_factory=list, alias="commentDtoList"
    )

    @property
    def answered(self) -> bool:
        """Whether the inquiry has at least one seller answer."""
        return bool(self.comments)


class OnlineInquiryPage(CoupangModel):
    """One page of the product-inquiry list."""

    content: Annotated[list[OnlineInquiry], BeforeValidator(none_to_empty_list)]
    pagination: Pagination | None = None
    # Records that failed validation, left out of `content` by `CoupangClient`.
    skipped: tuple[SkippedRecord, ...] = ()


# Call-center inquiries


class CounselingStatus(StrEnum):
    """`partnerCounselingStatus` filter of the call-center list."""

    NONE = "NONE"
    ANSWER = "ANSWER"
    NO_ANSWER = "NO_ANSWER"
    TRANSFER = "TRANSFER"


class InquiryStatus(StrEnum):
    """Call-center case status (`inquiryStatus`)."""

    PROGRESS = "progress"
    COMPLETE = "complete"


class PartnerTransferStatus(StrEnum):
    """Whether an agent reply asks the seller to answer (`partnerTransferStatus`)."""

    NONE = "none"
    REQUEST_ANSWER = "requestAnswer"
    ANSWERED = "answered"


class AnswerType(StrEnum):
    """Author of a call-center reply (`answerType`)."""

    CS_AGENT = "csAgent"
    VENDOR = "vendor"


class CallCenterReply(CoupangModel):
    """One message in a call-center thread. `content` often names the buyer and a phone."""

    answer_id: int
    parent_answer_id: OptionalInt = None
    partner_transfer_status: Annotated[
        PartnerTransferStatus | str | None, lenient_enum(PartnerTransferStatus)
    ] = None
    partner_transfer_complete_reason: str | None = None
    answer_type: Annotated[AnswerType | str | None, lenient_enum(AnswerType)] = None
    need_answer: bool | None = None
    receptionist_name: str | None = Field(default=None, repr=False)
    receptionist: str | None = Field(default=None, repr=False)
    reply_at: CoupangDateTime = None
    content: str | None = Field(default=None, repr=False)

    @property
    def requests_answer(self) -> bool:
        """Whether this reply is an agent request that the seller must answer."""
        return (
            self.partner_transfer_status == PartnerTransferStatus.REQUEST_ANSWER
            or self.need_answer is True
        )


class CallCenterInquiry(CoupangModel):
    """A call-center inquiry (쿠팡 고객센터 문의) transferred to the seller."""

    inquiry_id: int
    inquiry_status: Annotated[InquiryStatus | str | None, lenient_enum(InquiryStatus)] = None
    cs_partner_counseling_status: str | None = None
    vendor_item_ids: IntOrIntList = Field(default_factory=list, alias="vendorItemId")
    item_name: str | None = None
    content: str | None = Field(default=None, repr=False)
    answered_at: CoupangDateTime = None
    replies: Annotated[list[CallCenterReply], BeforeValidator(none_to_empty_list)] = Field(
        default_factory=list
    )
    inquiry_at: CoupangDateTime = None
    buyer_email: str | None = Field(default=None, repr=False)
    buyer_phone: str | None = Field(default=None, repr=False)
    order_id: OptionalInt = None
    order_date: CoupangDateTime = None
    receipt_category: str | None = None
    sale_started_at: CoupangDate = None
    sale_ended_at: CoupangDate = None

    @property
    def open_answer_request(self) -> CallCenterReply | None:
        """The latest agent reply that still asks the seller for an answer, if any."""
        requests = [reply for reply in self.replies if reply.requests_answer]
        return requests[-1] if requests else None

    @property
    def reply_parent_answer_id(self) -> int | None:
        """The `parentAnswerId` a seller reply must send: the open request's `answerId`."""
        request = self.open_answer_request
        return request.answer_id if request else None

    @property
    def answer_deadline(self) -> datetime | None:
        """When Coupang closes the open request: its `replyAt` plus 24 hours (UTC)."""
        request = self.open_answer_request
        if request is None or request.reply_at is None:
            return None
        return request.reply_at + CALL_CENTER_ANSWER_WINDOW

    @property
    def can_reply(self) -> bool:
        """Whether the API accepts a reply: status `progress` and an open answer request."""
        return self.inquiry_status == InquiryStatus.PROGRESS and (
            self.open_answer_request is not None
        )


class CallCenterInquiryPage(CoupangModel):
    """One page of the call-center list."""

    content: Annotated[list[CallCenterInquiry], BeforeValidator(none_to_empty_list)]
    pagination: Pagination | None = None
    # Records that failed validation, left out of `content` by `CoupangClient`.
    skipped: tuple[SkippedRecord, ...] = ()
