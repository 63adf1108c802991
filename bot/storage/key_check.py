"""Startup check that the configured data key decrypts what the database already contains.

A `CS_BOT_DATA_KEY` that no longer lists the key which wrote the stored rows leaves them all
unreadable. The newest encrypted item and outbox entry are the rows most likely written with the
current key, so they are tried.
"""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import DataCipher, DataKeyError, DecryptionError
from bot.storage.tables import Item, OutboxEntry

KEY_FIX = (
    "The data key changed since these rows were written. Set CS_BOT_DATA_KEY to the old key, "
    "or to rotate, list the new key first and the old key after it, comma-separated"
)


async def verify_data_key(session: AsyncSession, cipher: DataCipher) -> None:
    """Decrypt the newest stored item and outbox entry, and raise DataKeyError if either fails.

    An empty database passes. Older rows are not checked, so a few unreadable old rows do not
    stop the bot, and the outbox marks each of them failed when it reaches them.
    """
    item = (
        await session.execute(
            select(Item.id, Item.display_ciphertext)
            .where(Item.display_ciphertext.is_not(None))
            .order_by(Item.id.desc())
            .limit(1)
        )
    ).one_or_none()
    if item is not None and item.display_ciphertext is not None:
        _require_decryptable(cipher, item.display_ciphertext, f"item {item.id}")

    entry = (
        await session.execute(
            select(OutboxEntry.id, OutboxEntry.payload_ciphertext)
            .order_by(OutboxEntry.id.desc())
            .limit(1)
        )
    ).one_or_none()
    if entry is not None:
        _require_decryptable(cipher, entry.payload_ciphertext, f"outbox entry {entry.id}")


def _require_decryptable(cipher: DataCipher, ciphertext: bytes, row: str) -> None:
    try:
        cipher.decrypt_json(ciphertext)
    except DecryptionError:
        raise DataKeyError(
            f"the data key does not decrypt the newest stored {row}. {KEY_FIX}"
        ) from None
