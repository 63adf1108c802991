"""Allow-lists that mask raw Coupang records field by field before anything shows them.

`mask_record` keeps only the fields listed for a record kind, under Coupang's own camelCase
names, and masks each one by its field type. Unknown fields are dropped, so a field Coupang
adds later stays hidden until someone lists it here. Fields that must never be shown (real
phone numbers, resident numbers, customs codes, staff user ids) are simply not listed.
"""

import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from bot.privacy.addresses import mask_address, mask_address_detail, mask_zip_code
from bot.privacy.contacts import mask_email, mask_phone
from bot.privacy.masking import mask_text
from bot.privacy.names import mask_name


class FieldType(enum.Enum):
    """The display rule of one allow-listed field."""

    ID = "id"  # Coupang ids and invoice numbers, shown in full
    VALUE = "value"  # status codes, timestamps, counts and flags, shown as they are
    AMOUNT = "amount"  # a number, or Coupang's money object {currencyCode, units, nanos}
    TEXT = "text"  # free text and product names, through mask_text
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    ADDRESS_DETAIL = "address_detail"
    ZIP_CODE = "zip_code"


Spec: TypeAlias = FieldType | Mapping[str, "Spec"]

_ID, _VALUE, _AMOUNT, _TEXT = FieldType.ID, FieldType.VALUE, FieldType.AMOUNT, FieldType.TEXT
_NAME, _PHONE, _EMAIL = FieldType.NAME, FieldType.PHONE, FieldType.EMAIL
_ADDRESS, _DETAIL, _ZIP = FieldType.ADDRESS, FieldType.ADDRESS_DETAIL, FieldType.ZIP_CODE

# A VALUE string longer than this is not a code or a timestamp, so it goes through mask_text.
_MAX_PLAIN_VALUE_LENGTH = 64

_ONLINE_INQUIRY: Mapping[str, Spec] = {
    "inquiryId": _ID,
    "productId": _ID,
    "sellerProductId": _ID,
    "sellerItemId": _ID,
    "vendorItemId": _ID,
    "content": _TEXT,
    "inquiryAt": _VALUE,
    "orderIds": _ID,
    "buyerEmail": _EMAIL,
    "commentDtoList": {
        "inquiryCommentId": _ID,
        "inquiryId": _ID,
        "content": _TEXT,
        "inquiryCommentAt": _VALUE,
    },
}

_CALL_CENTER_INQUIRY: Mapping[str, Spec] = {
    "inquiryId": _ID,
    "inquiryStatus": _VALUE,
    "csPartnerCounselingStatus": _VALUE,
    "vendorItemId": _ID,
    "itemName": _TEXT,
    "content": _TEXT,
    "answeredAt": _VALUE,
    # receptionistName and receptionist identify Coupang agents and seller staff: not listed.
    "replies": {
        "answerId": _ID,
        "parentAnswerId": _ID,
        "partnerTransferStatus": _VALUE,
        "partnerTransferCompleteReason": _VALUE,
        "answerType": _VALUE,
        "needAnswer": _VALUE,
        "replyAt": _VALUE,
        "content": _TEXT,
    },
    "inquiryAt": _VALUE,
    "buyerEmail": _EMAIL,
    "buyerPhone": _PHONE,
    "orderId": _ID,
    "orderDate": _VALUE,
    "receiptCategory": _VALUE,
    "saleStartedAt": _VALUE,
    "saleEndedAt": _VALUE,
}

_DELIVERY_INVOICE: Mapping[str, Spec] = {
    "deliveryCompanyCode": _VALUE,
    "deliveryInvoiceNo": _ID,
}

_RETURN_REQUEST: Mapping[str, Spec] = {
    "receiptId": _ID,
    "orderId": _ID,
    "paymentId": _ID,
    "receiptType": _VALUE,
    "receiptStatus": _VALUE,
    "createdAt": _VALUE,
    "modifiedAt": _VALUE,
    "requesterName": _NAME,
    "requesterPhoneNumber": _PHONE,
    # requesterRealPhoneNumber is the buyer's real number behind the safe number: not listed.
    "requesterAddress": _ADDRESS,
    "requesterAddressDetail": _DETAIL,
    "requesterZipCode": _ZIP,
    "cancelReasonCategory1": _VALUE,
    "cancelReasonCategory2": _VALUE,
    "cancelReason": _TEXT,
    "reasonCode": _VALUE,
    "reasonCodeText": _TEXT,
    "cancelCountSum": _VALUE,
    "returnDeliveryId": _ID,
    "returnDeliveryType": _VALUE,
    "releaseStopStatus": _VALUE,
    "enclosePrice": _AMOUNT,
    "faultByType": _VALUE,
    "preRefund": _VALUE,
    "completeConfirmType": _VALUE,
    "completeConfirmDate": _VALUE,
    "returnShippingCharge": _AMOUNT,
    "returnItems": {
        "vendorItemPackageId": _ID,
        "vendorItemPackageName": _TEXT,
        "vendorItemId": _ID,
        "vendorItemName": _TEXT,
        "purchaseCount": _VALUE,
        "cancelCount": _VALUE,
        "shipmentBoxId": _ID,
        "sellerProductId": _ID,
        "sellerProductName": _TEXT,
        "releaseStatus": _VALUE,
    },
    "returnDeliveryDtos": _DELIVERY_INVOICE,
}

_EXCHANGE_ADDRESS: Mapping[str, Spec] = {
    "exchangeAddressId": _ID,
    "returnCustomerName": _NAME,
    "returnAddressZipCode": _ZIP,
    "returnAddress": _ADDRESS,
    "returnAddressDetail": _DETAIL,
    "returnPhone": _PHONE,
    "returnMobile": _PHONE,
    "returnMemo": _TEXT,
    "deliveryCustomerName": _NAME,
    "deliveryAddressZipCode": _ZIP,
    "deliveryAddress": _ADDRESS,
    "deliveryAddressDetail": _DETAIL,
    "deliveryPhone": _PHONE,
    "deliveryMobile": _PHONE,
    "deliveryMemo": _TEXT,
    "createdAt": _VALUE,
    "modifiedAt": _VALUE,
    "exchangeId": _ID,
}

# The seller's own return centre (vendorName, vendorPhone, vendorAddress…) is not needed on a
# card, and the item rows' createdBy/modifiedBy are user ids: none of them is listed.
_EXCHANGE_COLLECTION: Mapping[str, Spec] = {
    "returnType": _VALUE,
    "expectedReturnDate": _VALUE,
    "returndeliveryItemDtos": {
        "vendorItemId": _ID,
        "statusCode": _VALUE,
        "returnCount": _VALUE,
        "releaseStatus": _VALUE,
        "count": _VALUE,
        "confirmType": _VALUE,
        "collectStatus": _VALUE,
    },
    "returndeliveryDestinationDto": {
        "safetyNumberStatus": _VALUE,
        "safetyNumber": _PHONE,
        "returnDeliveryId": _ID,
        "returnCenterCode": _ID,
        "receiptId": _ID,
        "orderedByMobile": _PHONE,
        "orderId": _ID,
        "message": _TEXT,
        "customerZipCode": _ZIP,
        "customerPhone": _PHONE,
        "customerName": _NAME,
        "customerMobile": _PHONE,
        "customerAddressDetail": _DETAIL,
        "customerAddress": _ADDRESS,
    },
}

_EXCHANGE_REQUEST: Mapping[str, Spec] = {
    "exchangeId": _ID,
    "orderId": _ID,
    "vendorId": _ID,
    "orderDeliveryStatusCode": _VALUE,
    "exchangeStatus": _VALUE,
    "referType": _VALUE,
    "faultType": _VALUE,
    "exchangeAmount": _AMOUNT,
    "reason": _TEXT,
    "reasonCode": _VALUE,
    "reasonCodeText": _TEXT,
    "reasonEtcDetail": _TEXT,
    "cancelReason": _TEXT,
    "createdByType": _VALUE,
    "createdAt": _VALUE,
    "modifiedByType": _VALUE,
    "modifiedAt": _VALUE,
    "exchangeItemDtoV1s": {
        "exchangeItemId": _ID,
        "orderItemId": _ID,
        "orderItemUnitPrice": _AMOUNT,
        "orderItemName": _TEXT,
        "orderPackageId": _ID,
        "orderPackageName": _TEXT,
        "targetItemId": _ID,
        "targetItemUnitPrice": _AMOUNT,
        "targetItemName": _TEXT,
        "targetPackageId": _ID,
        "targetPackageName": _TEXT,
        "quantity": _VALUE,
        "orderItemDeliveryComplete": _VALUE,
        "orderItemReturnComplete": _VALUE,
        "targetItemDeliveryComplete": _VALUE,
        "createdAt": _VALUE,
        "modifiedAt": _VALUE,
        "originalShipmentBoxId": _ID,
    },
    "exchangeAddressDtoV1": _EXCHANGE_ADDRESS,
    "deliveryInvoiceGroupDtos": {
        "shipmentBoxId": _ID,
        "boxId": _ID,
        "deliveryInvoiceDtos": {
            "invoiceNumber": _ID,
            "deliverCode": _VALUE,
            "deliveryCompanyCode": _VALUE,
            "statusCode": _VALUE,
            "invoiceNumberUploadDate": _VALUE,
        },
    },
    "deliveryStatus": _VALUE,
    "collectStatus": _VALUE,
    "collectCompleteDate": _VALUE,
    "collectInformationsDto": _EXCHANGE_COLLECTION,
    "returnDeliveryDtos": _DELIVERY_INVOICE,
    "orderDeliveryStatusLabel": _VALUE,
    "exchangeStatusLabel": _VALUE,
    "referTypeLabel": _VALUE,
    "faultTypeLabel": _VALUE,
    "createdByTypeLabel": _VALUE,
    "modifiedByTypeLabel": _VALUE,
    "rejectable": _VALUE,
    "deliveryInvoiceModifiable": _VALUE,
    "successable": _VALUE,
}

# ordererNumber and receiverNumber are real phone numbers, and overseaShippingInfoDto contains
# the customs code (개인통관고유부호), the orderer's SSN and phone: none of them is listed.
_ORDER_SHEET: Mapping[str, Spec] = {
    "shipmentBoxId": _ID,
    "orderId": _ID,
    "orderedAt": _VALUE,
    "paidAt": _VALUE,
    "status": _VALUE,
    "orderer": {"name": _NAME, "email": _EMAIL, "safeNumber": _PHONE},
    "receiver": {
        "name": _NAME,
        "safeNumber": _PHONE,
        "addr1": _ADDRESS,
        "addr2": _DETAIL,
        "postCode": _ZIP,
    },
    "shippingPrice": _AMOUNT,
    "remotePrice": _AMOUNT,
    "remoteArea": _VALUE,
    "parcelPrintMessage": _TEXT,
    "splitShipping": _VALUE,
    "ableSplitShipping": _VALUE,
    "orderItems": {
        "vendorItemPackageId": _ID,
        "vendorItemPackageName": _TEXT,
        "productId": _ID,
        "vendorItemId": _ID,
        "vendorItemName": _TEXT,
        "shippingCount": _VALUE,
        "salesPrice": _AMOUNT,
        "orderPrice": _AMOUNT,
        "discountPrice": _AMOUNT,
        "externalVendorSkuCode": _ID,
        "etcInfoHeader": _TEXT,
        "etcInfoValue": _TEXT,
        "etcInfoValues": _TEXT,
        "sellerProductId": _ID,
        "sellerProductName": _TEXT,
        "sellerProductItemName": _TEXT,
        "firstSellerProductItemName": _TEXT,
        "cancelCount": _VALUE,
        "holdCountForCancel": _VALUE,
        "estimatedShippingDate": _VALUE,
        "plannedShippingDate": _VALUE,
        "invoiceNumberUploadDate": _VALUE,
        "confirmDate": _VALUE,
        "deliveryChargeTypeName": _VALUE,
        "pricingBadge": _VALUE,
        "usedProduct": _VALUE,
        "canceled": _VALUE,
    },
    "deliveryCompanyName": _VALUE,
    "invoiceNumber": _ID,
    "inTrasitDateTime": _VALUE,
    "deliveredDate": _VALUE,
    "refer": _VALUE,
    "isCod": _VALUE,
}

ALLOW_LISTS: Mapping[str, Mapping[str, Spec]] = {
    "online_inquiry": _ONLINE_INQUIRY,
    "call_center_inquiry": _CALL_CENTER_INQUIRY,
    "return_request": _RETURN_REQUEST,
    "exchange_request": _EXCHANGE_REQUEST,
    "order_sheet": _ORDER_SHEET,
}

_STRING_MASKS: Mapping[FieldType, Callable[[str], str]] = {
    FieldType.TEXT: mask_text,
    FieldType.NAME: mask_name,
    FieldType.PHONE: mask_phone,
    FieldType.EMAIL: mask_email,
    FieldType.ADDRESS: mask_address,
    FieldType.ADDRESS_DETAIL: mask_address_detail,
    FieldType.ZIP_CODE: mask_zip_code,
}
_MONEY_FIELDS = frozenset({"currencyCode", "units", "nanos"})
_DROP = object()


def mask_record(kind: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of one raw Coupang record with only allow-listed fields, each masked.

    `record` is one element of the response's `data` (or `data.content`) list, with Coupang's
    field names. Raises ValueError for an unknown `kind`; see `ALLOW_LISTS` for the kinds.
    """
    allow_list = ALLOW_LISTS.get(kind)
    if allow_list is None:
        known = ", ".join(sorted(ALLOW_LISTS))
        raise ValueError(f"unknown record kind {kind!r}: expected one of {known}")
    return _mask_object(allow_list, record)


def _mask_object(allow_list: Mapping[str, Spec], record: Mapping[str, Any]) -> dict[str, Any]:
    masked: dict[str, Any] = {}
    for name, spec in allow_list.items():
        if name not in record:
            continue
        value = _mask_value(spec, record[name])
        if value is not _DROP:
            masked[name] = value
    return masked


def _mask_value(spec: Spec, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(spec, FieldType):
        if isinstance(value, list):
            items = (_mask_scalar(spec, item) for item in value)
            return [item for item in items if item is not _DROP]
        return _mask_scalar(spec, value)
    if isinstance(value, Mapping):
        return _mask_object(spec, value)
    if isinstance(value, list):
        return [_mask_object(spec, item) for item in value if isinstance(item, Mapping)]
    return _DROP


def _mask_scalar(field_type: FieldType, value: Any) -> Any:
    """Mask one value; a value of a shape the field type does not expect is dropped."""
    if value is None or isinstance(value, bool):
        return value
    if field_type is FieldType.AMOUNT and isinstance(value, Mapping):
        return {
            key: item for key, item in value.items() if key in _MONEY_FIELDS and _is_plain(item)
        }
    if not _is_plain(value):
        return _DROP
    if field_type in (FieldType.ID, FieldType.AMOUNT, FieldType.VALUE):
        if isinstance(value, str) and len(value) > _MAX_PLAIN_VALUE_LENGTH:
            return mask_text(value)
        return value
    if isinstance(value, int | float) and field_type is FieldType.TEXT:
        return value
    return _STRING_MASKS[field_type](str(value))


def _is_plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)
