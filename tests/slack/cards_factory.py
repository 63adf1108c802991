"""Synthetic item cards for the Slack tests; every personal value here is invented."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from handlers.cards import (
    CallCenterStatus,
    ExchangeStatus,
    ItemCard,
    ItemKind,
    ItemStatus,
    ProductInquiryStatus,
    ReturnStatus,
)

NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
# Synthetic masked personal values; the canaries are unique strings a test can search for.
CANARY_NAME = "캐*리"
CANARY_PHONE = "010-****-7731"
CANARY_TEXT = "카나리아-문의-본문-7731"
MASKED_FIELDS = (
    ("field.receiver_name", CANARY_NAME),
    ("field.receiver_phone", CANARY_PHONE),
    ("field.address", "서울 강남구 테헤란로 ***"),
)

STATUSES_BY_KIND: dict[ItemKind, tuple[ItemStatus, ...]] = {
    ItemKind.ONLINE_INQUIRY: tuple(ProductInquiryStatus),
    ItemKind.CALL_CENTER_INQUIRY: tuple(CallCenterStatus),
    ItemKind.RETURN_REQUEST: tuple(ReturnStatus),
    ItemKind.EXCHANGE_REQUEST: tuple(ExchangeStatus),
}


def make_card(kind: ItemKind, status: ItemStatus, **changes: Any) -> ItemCard:
    card = ItemCard(
        item_id=42,
        kind=kind,
        vendor_id="A00012345",
        coupang_id=900_000_123,
        status=status,
        product_name="무선 블루투스 이어폰 X2",
        option_name="화이트",
        order_id=2_000_000_012_345,
        created_at=NOW - timedelta(hours=5),
        deadline_at=NOW + timedelta(hours=3, minutes=12),
        masked_text=f"배송이 언제 되나요? 받는 분 {CANARY_NAME} {CANARY_PHONE} {CANARY_TEXT}",
        masked_fields=MASKED_FIELDS,
    )
    return replace(card, **changes)


def all_cards() -> list[tuple[str, ItemCard]]:
    """Return one card per kind, status and handled/claimed/answered combination, with ids."""
    cards = []
    for kind, statuses in STATUSES_BY_KIND.items():
        for status in statuses:
            base = make_card(kind, status)
            cards.append((f"{status.value}-open", base))
            cards.append((f"{status.value}-claimed", replace(base, claimed_by="U0AGENT01")))
            cards.append(
                (
                    f"{status.value}-handled",
                    replace(base, handled=True, answered_by="U0AGENT01", answered_at=NOW),
                )
            )
            cards.append((f"{status.value}-overdue", replace(base, overdue=True)))
    return [(f"{card.kind.value}:{name}", card) for name, card in cards]
