"""Return (cancel) receipts and exchange requests, and their JSON in Coupang's shapes."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from coupang.sandbox.records import format_kst_seconds

# Query `status` shorthand → the `receiptStatus` values it lists. A stop-shipment request shows
# under both RU and UC, as Coupang documents.
# NOTE: Coupang does not say which shorthand lists VENDOR_WAREHOUSE_CONFIRM. The sandbox lists
# it under UC so a client can find receipts that wait for approval.
RETURN_STATUS_FILTERS: dict[str, frozenset[str]] = {
    "RU": frozenset({"RELEASE_STOP_UNCHECKED"}),
    "UC": frozenset({"RELEASE_STOP_UNCHECKED", "RETURNS_UNCHECKED", "VENDOR_WAREHOUSE_CONFIRM"}),
    "CC": frozenset({"RETURNS_COMPLETED"}),
    "PR": frozenset({"REQUEST_COUPANG_CHECK"}),
}

# Time from exchange receipt confirmation until the replacement shipment box appears.
REPLACEMENT_BOX_DELAY = timedelta(minutes=10)


@dataclass
class ReturnItem:
    vendor_item_id: int
    vendor_item_name: str
    seller_product_id: int
    seller_product_name: str
    purchase_count: int
    cancel_count: int
    shipment_box_id: int
    release_status: str = "Y"

    def to_json(self) -> dict[str, Any]:
        return {
            "vendorItemPackageId": 0,
            "vendorItemPackageName": self.seller_product_name,
            "vendorItemId": self.vendor_item_id,
            "vendorItemName": self.vendor_item_name,
            "purchaseCount": self.purchase_count,
            "cancelCount": self.cancel_count,
            "shipmentBoxId": self.shipment_box_id,
            "sellerProductId": self.seller_product_id,
            "sellerProductName": self.seller_product_name,
            "releaseStatus": self.release_status,
        }


@dataclass
class ReturnRequest:
    """A return or cancel receipt (`receiptId`), which leaves every list once withdrawn."""

    receipt_id: int
    vendor_id: str
    order_id: int
    payment_id: int
    receipt_type: str  # RETURN or CANCEL
    receipt_status: str
    created_at: datetime
    modified_at: datetime
    requester_name: str
    requester_phone: str
    requester_address: str
    requester_address_detail: str
    requester_zip_code: str
    reason_category1: str
    reason_category2: str
    cancel_reason: str
    reason_code: str
    reason_code_text: str
    return_delivery_id: int
    return_delivery_type: str
    release_stop_status: str
    fault_by_type: str
    pre_refund: bool
    items: list[ReturnItem]
    invoices: list[tuple[str, str | None]] = field(default_factory=list)
    complete_confirm_type: str = "UNDEFINED"
    complete_confirmed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    refund_delivery_duty: str = "COM"

    @property
    def cancel_count_sum(self) -> int:
        return sum(item.cancel_count for item in self.items)

    def to_json(self) -> dict[str, Any]:
        confirmed = self.complete_confirmed_at
        return {
            "receiptId": self.receipt_id,
            "orderId": self.order_id,
            "paymentId": self.payment_id,
            "receiptType": self.receipt_type,
            "receiptStatus": self.receipt_status,
            "createdAt": format_kst_seconds(self.created_at),
            "modifiedAt": format_kst_seconds(self.modified_at),
            "requesterName": self.requester_name,
            "requesterPhoneNumber": self.requester_phone,
            "requesterRealPhoneNumber": None,
            "requesterAddress": self.requester_address,
            "requesterAddressDetail": self.requester_address_detail,
            "requesterZipCode": self.requester_zip_code,
            "cancelReasonCategory1": self.reason_category1,
            "cancelReasonCategory2": self.reason_category2,
            "cancelReason": self.cancel_reason,
            "reasonCode": self.reason_code,
            "reasonCodeText": self.reason_code_text,
            "cancelCountSum": self.cancel_count_sum,
            "returnDeliveryId": self.return_delivery_id,
            "returnDeliveryType": self.return_delivery_type,
            "releaseStopStatus": self.release_stop_status,
            "enclosePrice": 0,
            "faultByType": self.fault_by_type,
            "preRefund": self.pre_refund,
            "completeConfirmDate": format_kst_seconds(confirmed) if confirmed else "",
            "completeConfirmType": self.complete_confirm_type,
            "returnItems": [item.to_json() for item in self.items],
            "returnDeliveryDtos": [
                {"deliveryCompanyCode": company, "deliveryInvoiceNo": number}
                for company, number in self.invoices
            ],
        }

    def withdrawal_json(self) -> dict[str, Any]:
        """Build the item shape of returnWithdrawRequests and returnWithdrawList."""
        withdrawn = self.withdrawn_at if self.withdrawn_at is not None else self.modified_at
        return {
            "cancelId": self.receipt_id,
            "orderId": self.order_id,
            "vendorId": self.vendor_id,
            "refundDeliveryDuty": self.refund_delivery_duty,
            "createdAt": format_kst_seconds(withdrawn),
            "vendorItemIds": [item.vendor_item_id for item in self.items],
        }


@dataclass
class ExchangeContact:
    """Pickup and re-delivery contact of an exchange (`exchangeAddressDtoV1`)."""

    return_name: str
    return_zip_code: str
    return_address: str
    return_address_detail: str
    return_safe_number: str
    delivery_name: str
    delivery_zip_code: str
    delivery_address: str
    delivery_address_detail: str
    delivery_safe_number: str
    delivery_memo: str | None = None


@dataclass
class ExchangeRequest:
    exchange_id: int
    vendor_id: str
    order_id: int
    exchange_status: str  # RECEIPT, PROGRESS, SUCCESS, REJECT, CANCEL
    created_at: datetime
    modified_at: datetime
    reason_code: str
    reason_code_text: str
    reason_etc_detail: str
    vendor_item_id: int
    item_name: str
    unit_price: int
    quantity: int
    original_shipment_box_id: int
    contact: ExchangeContact
    collect_status: str = "BeforeDirection"
    delivery_status: str = "BeforeDirection"
    confirmed_at: datetime | None = None
    new_shipment_box_id: int | None = None
    invoices: list[tuple[str, str]] = field(default_factory=list)
    reject_code: str | None = None

    def replacement_box_visible(self, now: datetime) -> bool:
        """Return whether the replacement shipment box already shows in `deliveryInvoiceGroupDtos`.

        Coupang creates it up to 10 minutes after receipt confirmation. The sandbox waits the
        full 10 minutes, so a client that does not re-read the exchange fails here too.
        """
        if self.confirmed_at is None or self.new_shipment_box_id is None:
            return False
        return now - self.confirmed_at >= REPLACEMENT_BOX_DELAY

    def to_json(self, now: datetime) -> dict[str, Any]:
        created = format_kst_seconds(self.created_at)
        modified = format_kst_seconds(self.modified_at)
        contact = self.contact
        groups: list[dict[str, Any]] = []
        if self.replacement_box_visible(now):
            groups.append(
                {
                    "shipmentBoxId": self.new_shipment_box_id,
                    "boxPrice": self.unit_price * self.quantity,
                    "orderId": self.order_id,
                    "deliveryInvoiceDtos": [
                        {"deliveryCompanyCode": company, "invoiceNumber": number}
                        for company, number in self.invoices
                    ],
                }
            )
        return {
            "exchangeId": self.exchange_id,
            "orderId": self.order_id,
            "vendorId": self.vendor_id,
            "orderDeliveryStatusCode": "FINAL_DELIVERY",
            "exchangeStatus": self.exchange_status,
            "referType": "WEB_MOBILE",
            "faultType": "CUSTOMER" if self.reason_code == "CHANGEMIND" else "VENDOR",
            "exchangeAmount": 0,
            "reason": None,
            "reasonCode": self.reason_code,
            "reasonCodeText": self.reason_code_text,
            "reasonEtcDetail": self.reason_etc_detail,
            "cancelReason": None,
            "createdByType": "CUSTOMER",
            "createdAt": created,
            "modifiedByType": "VENDOR" if self.confirmed_at else "CUSTOMER",
            "modifiedAt": modified,
            "exchangeItemDtoV1s": [
                {
                    "exchangeItemId": self.exchange_id * 10 + 1,
                    "orderItemId": self.vendor_item_id,
                    "orderItemUnitPrice": self.unit_price,
                    "orderItemName": self.item_name,
                    "targetItemId": self.vendor_item_id,
                    "targetItemUnitPrice": self.unit_price,
                    "targetItemName": self.item_name,
                    "quantity": self.quantity,
                    "createdAt": created,
                    "modifiedAt": modified,
                    "originalShipmentBoxId": self.original_shipment_box_id,
                }
            ],
            "exchangeAddressDtoV1": {
                "exchangeAddressId": self.exchange_id * 10 + 2,
                "returnCustomerName": contact.return_name,
                "returnAddressZipCode": contact.return_zip_code,
                "returnAddress": contact.return_address,
                "returnAddressDetail": contact.return_address_detail,
                "returnPhone": None,
                "returnMobile": contact.return_safe_number,
                "returnMemo": None,
                "deliveryCustomerName": contact.delivery_name,
                "deliveryAddressZipCode": contact.delivery_zip_code,
                "deliveryAddress": contact.delivery_address,
                "deliveryAddressDetail": contact.delivery_address_detail,
                "deliveryPhone": None,
                "deliveryMobile": contact.delivery_safe_number,
                "deliveryMemo": contact.delivery_memo,
                "createdAt": created,
                "modifiedAt": modified,
                "exchangeId": self.exchange_id,
            },
            "deliveryInvoiceGroupDtos": groups,
            "deliveryStatus": self.delivery_status,
            "collectStatus": self.collect_status,
            "collectCompleteDate": (
                format_kst_seconds(self.confirmed_at) if self.confirmed_at else None
            ),
            "returnDeliveryDtos": [{"deliveryCompanyCode": "CJGLS", "deliveryInvoiceNo": ""}],
            "rejectable": self.exchange_status == "RECEIPT",
            "successable": False,
            "deliveryInvoiceModifiable": self.exchange_status == "PROGRESS",
        }
