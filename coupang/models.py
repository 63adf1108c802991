"""Typed records for Coupang Wing Open API responses, parsed at the client boundary.

Glossary (Coupang's nouns, kept across the project):
- vendor: the seller account, id `A`/`C` + digits (`vendorId`).
- product inquiry (상품별 고객문의, `OnlineInquiry`): a buyer question on a product page.
  It is answered when it has a comment (`commentDtoList`); there is no status field.
- call-center inquiry (쿠팡 고객센터 문의, `CallCenterInquiry`): a case a Coupang agent
  transferred to the seller. Its thread is `replies`; an agent reply with
  `partnerTransferStatus=requestAnswer` asks the seller to answer within 24 hours.
- return (반품, `ReturnRequest`): a return or cancellation receipt, id `receiptId`.
  A withdrawn return disappears from the list and shows up as a `ReturnWithdrawal`.
- exchange (교환, `ExchangeRequest`): an exchange request, id `exchangeId`.
- order sheet (발주서, `OrderSheet`): one shipment box (`shipmentBoxId`, 18 digits) of an order.
- seller product (등록상품, `SellerProduct`): the seller's listing, id `sellerProductId`;
  option = vendor item (`vendorItemId`).

Every model ignores unknown fields, accepts both snake_case names and Coupang's camelCase
aliases, stores ids as int and timestamps as aware UTC datetimes. Personal fields (names,
phones, addresses, free text) stay available for the app to mask, but are left out of reprs.
"""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from coupang.fields import (
    CoupangDate,
    CoupangDateTime,
    Money,
    OptionalInt,
    lenient_enum,
)

CALL_CENTER_ANSWER_WINDOW = timedelta(hours=24)


def _none_to_empty_list(value: Any) -> Any:
    return [] if value is None else value


def _scalar_to_list(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


IntList = Annotated[list[int], BeforeValidator(_none_to_empty_list)]
# Call-center `vendorItemId` is documented as a number but returned as an array.
IntOrIntList = Annotated[list[int], BeforeValidator(_scalar_to_list)]


class CoupangModel(BaseModel):
    """Base of every response model: camelCase aliases, unknown fields ignored, immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
    )


class Pagination(CoupangModel):
    """Page block of `pageNum`-paged lists."""

    current_page: int = 1
    total_pages: int = 0
    total_elements: int = 0
    count_per_page: int = 0


# Product inquiries


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
    comments: Annotated[list[InquiryComment], BeforeValidator(_none_to_empty_list)] = Field(
        default_factory=list, alias="commentDtoList"
    )

    @property
    def answered(self) -> bool:
        """Whether the inquiry has at least one seller answer."""
        return bool(self.comments)


class OnlineInquiryPage(CoupangModel):
    """One page of the product-inquiry list."""

    content: Annotated[list[OnlineInquiry], BeforeValidator(_none_to_empty_list)]
    pagination: Pagination | None = None


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
    replies: Annotated[list[CallCenterReply], BeforeValidator(_none_to_empty_list)] = Field(
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

    content: Annotated[list[CallCenterInquiry], BeforeValidator(_none_to_empty_list)]
    pagination: Pagination | None = None


# Returns and cancellations


class ReturnStatusFilter(StrEnum):
    """`status` query shorthand of the return list."""

    RELEASE_STOP_UNCHECKED = "RU"
    RETURNS_UNCHECKED = "UC"
    RETURNS_COMPLETED = "CC"
    REQUEST_COUPANG_CHECK = "PR"


class ReceiptStatus(StrEnum):
    """`receiptStatus` of a return receipt."""

    RELEASE_STOP_UNCHECKED = "RELEASE_STOP_UNCHECKED"
    RETURNS_UNCHECKED = "RETURNS_UNCHECKED"
    VENDOR_WAREHOUSE_CONFIRM = "VENDOR_WAREHOUSE_CONFIRM"
    REQUEST_COUPANG_CHECK = "REQUEST_COUPANG_CHECK"
    RETURNS_COMPLETED = "RETURNS_COMPLETED"


class ReturnItem(CoupangModel):
    """One returned option of a return receipt (`returnItems` item)."""

    vendor_item_package_id: int | None = None
    vendor_item_package_name: str | None = None
    vendor_item_id: int | None = None
    vendor_item_name: str | None = None
    purchase_count: int | None = None
    cancel_count: int | None = None
    shipment_box_id: int | None = None
    seller_product_id: int | None = None
    seller_product_name: str | None = None
    release_status: str | None = None


class ReturnDelivery(CoupangModel):
    """A pickup courier and invoice (`returnDeliveryDtos` item); the invoice may be empty."""

    delivery_company_code: str | None = None
    delivery_invoice_no: str | None = Field(default=None, repr=False)


class ReturnRequest(CoupangModel):
    """A return or cancellation receipt (반품·취소 접수)."""

    receipt_id: int
    order_id: int | None = None
    payment_id: int | None = None
    receipt_type: str | None = None
    receipt_status: Annotated[ReceiptStatus | str | None, lenient_enum(ReceiptStatus)] = None
    created_at: CoupangDateTime = None
    modified_at: CoupangDateTime = None
    requester_name: str | None = Field(default=None, repr=False)
    requester_phone_number: str | None = Field(default=None, repr=False)
    requester_real_phone_number: str | None = Field(default=None, repr=False)
    requester_address: str | None = Field(default=None, repr=False)
    requester_address_detail: str | None = Field(default=None, repr=False)
    requester_zip_code: str | None = Field(default=None, repr=False)
    cancel_reason_category1: str | None = None
    cancel_reason_category2: str | None = None
    cancel_reason: str | None = Field(default=None, repr=False)
    cancel_count_sum: int | None = None
    return_delivery_id: int | None = None
    return_delivery_type: str | None = None
    release_stop_status: str | None = None
    enclose_price: Money = None
    fault_by_type: str | None = None
    pre_refund: bool | None = None
    complete_confirm_type: str | None = None
    complete_confirm_date: CoupangDateTime = None
    return_shipping_charge: Money = None
    reason_code: str | None = None
    reason_code_text: str | None = None
    return_items: Annotated[list[ReturnItem], BeforeValidator(_none_to_empty_list)] = Field(
        default_factory=list
    )
    return_delivery_dtos: Annotated[list[ReturnDelivery], BeforeValidator(_none_to_empty_list)] = (
        Field(default_factory=list)
    )


class ReturnWithdrawal(CoupangModel):
    """A return the buyer withdrew; `cancel_id` is the return's `receiptId`."""

    cancel_id: int
    order_id: int | None = None
    vendor_id: str | None = None
    refund_delivery_duty: str | None = None
    created_at: CoupangDateTime = None
    vendor_item_ids: IntList = Field(default_factory=list)


class ReturnInvoice(CoupangModel):
    """A registered pickup invoice (response of the manual return-invoice call)."""

    delivery_company_code: str | None = None
    invoice_number: str | None = Field(default=None, repr=False)
    invoice_number_id: int | None = None
    receipt_id: int | None = None
    reg_number: str | None = Field(default=None, repr=False)
    return_delivery_id: int | None = None
    return_exchange_delivery_type: str | None = None


class ResultData(CoupangModel):
    """`data` of writes that report `{resultCode: SUCCESS|FAIL, resultMessage}`."""

    result_code: str | None = None
    result_message: str | None = None

    @property
    def succeeded(self) -> bool:
        """Whether `resultCode` is SUCCESS (a missing code counts as success)."""
        return self.result_code in (None, "SUCCESS")


# Exchanges


class ExchangeStatus(StrEnum):
    """`exchangeStatus` of an exchange request."""

    RECEIPT = "RECEIPT"
    PROGRESS = "PROGRESS"
    SUCCESS = "SUCCESS"
    REJECT = "REJECT"
    CANCEL = "CANCEL"


class ExchangeRejectCode(StrEnum):
    """Reason sent when rejecting an exchange."""

    SOLDOUT = "SOLDOUT"
    WITHDRAW = "WITHDRAW"


class ExchangeItem(CoupangModel):
    """One exchanged option (`exchangeItemDtoV1s` item)."""

    exchange_item_id: int | None = None
    order_item_id: int | None = None
    order_item_unit_price: Money = None
    order_item_name: str | None = None
    target_item_id: int | None = None
    target_item_unit_price: Money = None
    target_item_name: str | None = None
    quantity: int | None = None
    original_shipment_box_id: int | None = None


class ExchangeAddress(CoupangModel):
    """Pickup and re-delivery contacts (`exchangeAddressDtoV1`); every field is personal."""

    exchange_address_id: int | None = None
    return_customer_name: str | None = Field(default=None, repr=False)
    return_address_zip_code: str | None = Field(default=None, repr=False)
    return_address: str | None = Field(default=None, repr=False)
    return_address_detail: str | None = Field(default=None, repr=False)
    return_phone: str | None = Field(default=None, repr=False)
    return_mobile: str | None = Field(default=None, repr=False)
    return_memo: str | None = Field(default=None, repr=False)
    delivery_customer_name: str | None = Field(default=None, repr=False)
    delivery_address_zip_code: str | None = Field(default=None, repr=False)
    delivery_address: str | None = Field(default=None, repr=False)
    delivery_address_detail: str | None = Field(default=None, repr=False)
    delivery_phone: str | None = Field(default=None, repr=False)
    delivery_mobile: str | None = Field(default=None, repr=False)
    delivery_memo: str | None = Field(default=None, repr=False)


class DeliveryInvoice(CoupangModel):
    """An invoice of a replacement shipment (`deliveryInvoiceDtos` item)."""

    invoice_number: str | None = Field(default=None, repr=False)
    delivery_company_code: str | None = None
    estimated_delivery_date: str | None = None


class DeliveryInvoiceGroup(CoupangModel):
    """The replacement shipment created after receipt confirmation, with its new box id."""

    shipment_box_id: int | None = None
    box_id: int | None = None
    delivery_invoice_dtos: Annotated[
        list[DeliveryInvoice], BeforeValidator(_none_to_empty_list)
    ] = Field(default_factory=list)


class ExchangeRequest(CoupangModel):
    """An exchange request (교환). `reason_etc_detail` is buyer free text."""

    exchange_id: int
    order_id: int | None = None
    vendor_id: str | None = None
    order_delivery_status_code: str | None = None
    exchange_status: Annotated[ExchangeStatus | str | None, lenient_enum(ExchangeStatus)] = None
    refer_type: str | None = None
    fault_type: str | None = None
    exchange_amount: Money = None
    reason_code: str | None = None
    reason_code_text: str | None = None
    reason_etc_detail: str | None = Field(default=None, repr=False)
    cancel_reason: str | None = Field(default=None, repr=False)
    created_by_type: str | None = None
    created_at: CoupangDateTime = None
    modified_by_type: str | None = None
    modified_at: CoupangDateTime = None
    items: Annotated[list[ExchangeItem], BeforeValidator(_none_to_empty_list)] = Field(
        default_factory=list, alias="exchangeItemDtoV1s"
    )
    address: ExchangeAddress | None = Field(default=None, alias="exchangeAddressDtoV1", repr=False)
    delivery_invoice_groups: Annotated[
        list[DeliveryInvoiceGroup], BeforeValidator(_none_to_empty_list)
    ] = Field(default_factory=list, alias="deliveryInvoiceGroupDtos")
    delivery_status: str | None = None
    collect_status: str | None = None
    collect_complete_date: CoupangDateTime = None
    # Contains the pickup contact (name, phones, address, safety number) as raw JSON.
    collect_information: dict[str, Any] | None = Field(
        default=None, alias="collectInformationsDto", repr=False
    )
    return_delivery_dtos: Annotated[list[ReturnDelivery], BeforeValidator(_none_to_empty_list)] = (
        Field(default_factory=list)
    )
    successable: bool | None = None
    rejectable: bool | None = None
    delivery_invoice_modifiable: bool | None = None

    @property
    def replacement_shipment_box_ids(self) -> list[int]:
        """The new `shipmentBoxId`s to upload invoices for (empty before receipt confirmation)."""
        return [
            group.shipment_box_id
            for group in self.delivery_invoice_groups
            if group.shipment_box_id is not None
        ]


# Order sheets


class Orderer(CoupangModel):
    """The buyer of an order; every field is personal."""

    name: str | None = Field(default=None, repr=False)
    email: str | None = Field(default=None, repr=False)
    safe_number: str | None = Field(default=None, repr=False)
    orderer_number: str | None = Field(default=None, repr=False)


class Receiver(CoupangModel):
    """The recipient of a shipment; every field is personal."""

    name: str | None = Field(default=None, repr=False)
    safe_number: str | None = Field(default=None, repr=False)
    receiver_number: str | None = Field(default=None, repr=False)
    addr1: str | None = Field(default=None, repr=False)
    addr2: str | None = Field(default=None, repr=False)
    post_code: str | None = Field(default=None, repr=False)


class OrderItem(CoupangModel):
    """One ordered option of a shipment box."""

    vendor_item_id: int | None = None
    vendor_item_name: str | None = None
    seller_product_id: int | None = None
    seller_product_name: str | None = None
    seller_product_item_name: str | None = None
    shipping_count: int | None = None
    cancel_count: int | None = None
    hold_count_for_cancel: int | None = None
    sales_price: Money = None
    order_price: Money = None
    discount_price: Money = None
    etc_info_values: list[str] | None = Field(default=None, repr=False)
    estimated_shipping_date: CoupangDate = None
    confirm_date: CoupangDateTime = None
    canceled: bool | None = None

    @property
    def shippable_count(self) -> int:
        """Units still to ship: shipping count minus cancelled and cancel-held units."""
        held = (self.cancel_count or 0) + (self.hold_count_for_cancel or 0)
        return (self.shipping_count or 0) - held


class OrderSheet(CoupangModel):
    """One shipment box of an order (발주서)."""

    shipment_box_id: int
    order_id: int | None = None
    ordered_at: CoupangDateTime = None
    paid_at: CoupangDateTime = None
    status: str | None = None
    orderer: Orderer | None = Field(default=None, repr=False)
    receiver: Receiver | None = Field(default=None, repr=False)
    parcel_print_message: str | None = Field(default=None, repr=False)
    shipping_price: Money = None
    remote_price: Money = None
    split_shipping: bool | None = None
    delivery_company_name: str | None = None
    invoice_number: str | None = Field(default=None, repr=False)
    in_trasit_date_time: CoupangDateTime = None
    delivered_date: CoupangDateTime = None
    order_items: Annotated[list[OrderItem], BeforeValidator(_none_to_empty_list)] = Field(
        default_factory=list
    )
    # Customs code and SSN fields of overseas orders: never display them.
    oversea_shipping_info_dto: dict[str, Any] | None = Field(default=None, repr=False)


# Products and return centers


class SellerProductItem(CoupangModel):
    """One option of a seller product."""

    seller_product_item_id: int | None = None
    vendor_item_id: int | None = None
    item_name: str | None = None


class SellerProduct(CoupangModel):
    """A seller product (등록상품), looked up for its display name."""

    seller_product_id: int
    seller_product_name: str | None = None
    display_product_name: str | None = None
    brand: str | None = None
    status_name: str | None = None
    items: Annotated[list[SellerProductItem], BeforeValidator(_none_to_empty_list)] = Field(
        default_factory=list
    )


class ReturnShippingCenter(CoupangModel):
    """A return shipping center of the vendor (listed by the credentials probe).

    NOTE: only `returnCenterCode` is confirmed by the samples at hand; the other field
    names follow public clients and may be absent, so all of them are optional.
    """

    return_center_code: str | None = None
    shipping_place_name: str | None = None
    deliver_code: str | None = None
    deliver_name: str | None = None
    usable: bool | None = None


__all__ = [
    "AnswerType",
    "AnsweredType",
    "CallCenterInquiry",
    "CallCenterInquiryPage",
    "CallCenterReply",
    "CounselingStatus",
    "CoupangModel",
    "DeliveryInvoice",
    "DeliveryInvoiceGroup",
    "ExchangeAddress",
    "ExchangeItem",
    "ExchangeRejectCode",
    "ExchangeRequest",
    "ExchangeStatus",
    "InquiryComment",
    "InquiryStatus",
    "OnlineInquiry",
    "OnlineInquiryPage",
    "OrderItem",
    "OrderSheet",
    "Orderer",
    "Pagination",
    "PartnerTransferStatus",
    "ReceiptStatus",
    "Receiver",
    "ResultData",
    "ReturnDelivery",
    "ReturnInvoice",
    "ReturnItem",
    "ReturnRequest",
    "ReturnShippingCenter",
    "ReturnStatusFilter",
    "ReturnWithdrawal",
    "SellerProduct",
    "SellerProductItem",
]
