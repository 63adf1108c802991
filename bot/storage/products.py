"""Cache of product names, so that inquiries do not each trigger a product API call."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.dialect import insert_for
from bot.storage.tables import ProductName


async def get_product_name(
    session: AsyncSession, seller_product_id: int, *, now: datetime, max_age: timedelta
) -> str | None:
    """Return the cached name if it was fetched within `max_age`, else None."""
    return await session.scalar(
        select(ProductName.name).where(
            ProductName.seller_product_id == seller_product_id,
            ProductName.fetched_at > now - max_age,
        )
    )


async def put_product_name(
    session: AsyncSession, seller_product_id: int, *, vendor_id: str, name: str, now: datetime
) -> None:
    """Insert or refresh the cached name."""
    statement = insert_for(session, ProductName).values(
        seller_product_id=seller_product_id, vendor_id=vendor_id, name=name, fetched_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["seller_product_id"],
        set_={"vendor_id": vendor_id, "name": name, "fetched_at": now},
    )
    await session.execute(statement)
