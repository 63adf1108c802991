"""Masked display data of an item: what its Slack card shows, built once when it is polled.

`build_display` masks the raw record through `bot.privacy.mask_record` first and only then
picks fields, so the returned dict never contains an unmasked value. It is stored encrypted in
`items.display_ciphertext` and turned into an `ItemCard` when the outbox sends the card.
"""

from typing import Any

from bot.privacy import mask_record, mask_text
from bot.services.normalize import PolledItem
from bot.storage.tables import ItemKind

# Label keys of `handlers.texts` for the masked fields a card lists.
FIELD_BUYER_NAME = "field.buyer_name"
FIELD_BUYER_PHONE = "field.buyer_phone"
FIELD_ADDRESS = "field.address"
FIELD_REASON_CODE = "field.return_reason_code"
FIELD_QUANTITY = "field.quantity"


def build_display(item: PolledItem, *, product_name: str | None) -> dict[str, Any]:
    """Return the card data of `item`: product, option, order id, masked text and fields."""
    masked = mask_record(item.kind.value, item.raw)
    builders = {
        ItemKind.ONLINE_INQUIRY: _online_inquiry,
        ItemKind.CALL_CENTER_INQUIRY: _call_center_inquiry,
        ItemKind.RETURN_REQUEST: _return_request,
        ItemKind.EXCHANGE_REQUEST: _exchange_request,
    }
    display = builders[item.kind](masked)
    if product_name:
        display["product_name"] = mask_text(product_name)
    return display


def _online_inquiry(masked: dict[str, Any]) -> dict[str, Any]:
    order_ids = masked.get("orderIds") or []
    comments = [c for c in masked.get("commentDtoList") or [] if isinstance(c, dict)]
    return {
        "product_name": None,
        "option_name": None,
        "order_id": _as_int(order_ids[0]) if order_ids else None,
        "text": _text(masked.get("content")),
        "answer_text": _text(comments[-1].get("content")) if comments else "",
        "fields": [],
    }


def _call_center_inquiry(masked: dict[str, Any]) -> dict[str, Any]:
    # The buyer's case is in the agent's messages; the latest request for an answer comes
    # first, else the latest agent message.
    replies = [reply for reply in masked.get("replies") or [] if isinstance(reply, dict)]
    requests = [r for r in replies if r.get("partnerTransferStatus") == "requestAnswer"]
    agent = [r for r in replies if r.get("answerType") != "vendor"]
    chosen = (requests or agent or replies or [{}])[-1]
    category = _text(masked.get("receiptCategory"))
    body = _text(chosen.get("content"))
    vendor = [r for r in replies if r.get("answerType") == "vendor"]
    return {
        "product_name": _text(masked.get("itemName")) or None,
        "option_name": None,
        "order_id": _as_int(masked.get("orderId")),
        "text": "\n".join(part for part in (category, body) if part),
        "answer_text": _text(vendor[-1].get("content")) if vendor else "",
        "fields": _fields((FIELD_BUYER_PHONE, masked.get("buyerPhone"))),
    }


def _return_request(masked: dict[str, Any]) -> dict[str, Any]:
    items = [item for item in masked.get("returnItems") or [] if isinstance(item, dict)]
    first = items[0] if items else {}
    reason = " / ".join(
        part
        for part in (
            _text(masked.get("cancelReasonCategory1")),
            _text(masked.get("cancelReasonCategory2")),
        )
        if part
    )
    address = " ".join(
        part
        for part in (
            _text(masked.get("requesterAddress")),
            _text(masked.get("requesterAddressDetail")),
        )
        if part
    )
    product = _text(first.get("sellerProductName"))
    return {
        "product_name": product or None,
        "option_name": _option_name(product, _text(first.get("vendorItemName"))),
        "order_id": _as_int(masked.get("orderId")),
        "text": "\n".join(part for part in (reason, _text(masked.get("cancelReason"))) if part),
        "fields": _fields(
            (FIELD_BUYER_NAME, masked.get("requesterName")),
            (FIELD_BUYER_PHONE, masked.get("requesterPhoneNumber")),
            (FIELD_ADDRESS, address),
            (FIELD_REASON_CODE, masked.get("reasonCodeText") or masked.get("reasonCode")),
            (FIELD_QUANTITY, masked.get("cancelCountSum")),
        ),
    }


def _exchange_request(masked: dict[str, Any]) -> dict[str, Any]:
    items = [item for item in masked.get("exchangeItemDtoV1s") or [] if isinstance(item, dict)]
    first = items[0] if items else {}
    address_block = masked.get("exchangeAddressDtoV1") or {}
    address = " ".join(
        part
        for part in (
            _text(address_block.get("returnAddress")),
            _text(address_block.get("returnAddressDetail")),
        )
        if part
    )
    quantity = sum(_as_int(item.get("quantity")) or 0 for item in items) or None
    return {
        "product_name": _text(first.get("orderItemName")) or None,
        "option_name": _text(first.get("targetItemName")) or None,
        "order_id": _as_int(masked.get("orderId")),
        "text": _text(masked.get("reasonEtcDetail")),
        "fields": _fields(
            (FIELD_BUYER_NAME, address_block.get("returnCustomerName")),
            (FIELD_ADDRESS, address),
            (FIELD_REASON_CODE, masked.get("reasonCodeText") or masked.get("reasonCode")),
            (FIELD_QUANTITY, quantity),
        ),
    }


def _option_name(product: str, option: str) -> str | None:
    # Coupang's option names usually repeat the product name: "Tumbler 500ml, Silver".
    if product and option.startswith(product):
        option = option[len(product) :].lstrip(" ,/")
    return option or None


def _fields(*pairs: tuple[str, object]) -> list[list[str]]:
    return [[key, str(value)] for key, value in pairs if value not in (None, "")]


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
