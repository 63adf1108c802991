"""Return, cancellation and exchange models (see the glossary in `coupang.models`)."""

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from coupang.fields import (
    CoupangDateTime,
    Money,
    lenient_enum,
)
from coupang.model_base import CoupangModel, IntList, none_to_empty_list
from coupang.order_models import OrderStatus


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
    return_items: Annotated[list[ReturnItem], BeforeValidator(none_to_empty_list)] = Field(
        default_factory=list
    )
    return_delivery_dtos: Annotated[list[ReturnDelivery], BeforeValidator(none_to_empty_list)] = (
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


class CollectStatus(StrEnum):
    """Pickup status of the goods an exchange takes back (`collectStatus`)."""

    BEFORE_DIRECTION = "BeforeDirection"
    COMPLETE_DIRECTION = "CompleteDirection"
    DELIVERING = "Delivering"
    COMPLETE_COLLECT = "CompleteCollect"
    DIRECTION_FAIL = "DirectionFail"
    FAIL = "Fail"
    WITHDRAW = "Withdraw"
    NO_COLLECT = "NoCollect"
    NONE_DATA = "NoneData"


class ExchangeDeliveryStatus(StrEnum):
    """Delivery status of the replacement an exchange sends (`deliveryStatus`)."""

    BEFORE_DIRECTION = "BeforeDirection"
    COMPLETE_DIRECTION = "CompleteDirection"
    DELIVERING = "Delivering"
    COMPLETE_DELIVERY = "CompleteDelivery"
    DIRECTION_FAIL = "DirectionFail"
    VENDOR_DIRECT = "VendorDirect"
    FAIL = "Fail"
    WITHDRAW = "Withdraw"
    NONE_DATA = "NoneData"


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
    delivery_invoice_dtos: Annotated[list[DeliveryInvoice], BeforeValidator(none_to_empty_list)] = (
        Field(default_factory=list)
    )


class ExchangeRequest(CoupangModel):
    """An exchange request (교환). `reason_etc_detail` is buyer free text."""

    exchange_id: int
    order_id: int | None = None
    vendor_id: str | None = None
    order_delivery_status_code: Annotated[OrderStatus | str | None, lenient_enum(OrderStatus)] = (
        None
    )
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
    items: Annotated[list[ExchangeItem], BeforeValidator(none_to_empty_list)] = Field(
        default_factory=list, alias="exchangeItemDtoV1s"
    )
    address: ExchangeAddress | None = Field(default=None, alias="exchangeAddressDtoV1", repr=False)
    delivery_invoice_groups: Annotated[
        list[DeliveryInvoiceGroup], BeforeValidator(none_to_empty_list)
    ] = Field(default_factory=list, alias="deliveryInvoiceGroupDtos")
    delivery_status: Annotated[
        ExchangeDeliveryStatus | str | None, lenient_enum(ExchangeDeliveryStatus)
    ] = None
    collect_status: Annotated[CollectStatus | str | None, lenient_enum(CollectStatus)] = None
    collect_complete_date: CoupangDateTime = None
    # Contains the pickup contact (name, phones, address, safety number) as raw JSON.
    collect_information: dict[str, Any] | None = Field(
        default=None, alias="collectInformationsDto", repr=False
    )
    return_delivery_dtos: Annotated[list[ReturnDelivery], BeforeValidator(none_to_empty_list)] = (
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
