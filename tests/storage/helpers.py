"""Builders shared by the storage tests. All personal data here is synthetic."""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import DataCipher, ItemKind, ItemSnapshot, upsert_item

VENDOR = "A00012345"
CHANNEL = "C0TESTINQ"
CANARY_NAME = "홍*동"
CANARY_TEXT = "배송 문의: 테스트상품 사이즈 교환 가능한가요 canary-7f3a"


def snapshot(
    coupang_id: int = 1001,
    *,
    status: str = "NOANSWER",
    created_at: datetime,
    closed_at: datetime | None = None,
    display: dict[str, str] | None = None,
    kind: ItemKind = ItemKind.ONLINE_INQUIRY,
) -> ItemSnapshot:
    return ItemSnapshot(
        vendor_id=VENDOR,
        kind=kind,
        coupang_id=coupang_id,
        status=status,
        created_at=created_at,
        route_channel=CHANNEL,
        display=display if display is not None else {"buyer": CANARY_NAME, "text": CANARY_TEXT},
        closed_at=closed_at,
    )


async def store_item(
    sessions: async_sessionmaker[AsyncSession],
    cipher: DataCipher,
    now: datetime,
    coupang_id: int = 1001,
    *,
    closed_at: datetime | None = None,
    kind: ItemKind = ItemKind.ONLINE_INQUIRY,
) -> int:
    """Store an item first seen at `now`, created by Coupang an hour earlier."""
    created_at = now - timedelta(hours=1)
    item = snapshot(coupang_id, created_at=created_at, closed_at=closed_at, kind=kind)
    async with sessions.begin() as session:
        change = await upsert_item(session, item, cipher=cipher, now=now)
    return change.item_id
