"""The start-up check of the data key against the newest stored rows."""

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import DataCipher, DataKeyError, OutboxKind, append_outbox
from bot.storage.key_check import verify_data_key
from tests.storage.conftest import NOW
from tests.storage.helpers import CHANNEL, store_item


async def _append_alert(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher, dedupe_key: str
) -> None:
    async with sessions.begin() as session:
        await append_outbox(
            session,
            cipher=cipher,
            kind=OutboxKind.ALERT,
            channel=CHANNEL,
            payload={"text": "synthetic alert"},
            dedupe_key=dedupe_key,
            now=NOW,
        )


async def test_empty_database_passes(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    async with sessions.begin() as session:
        await verify_data_key(session, cipher)


async def test_current_key_passes(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    await store_item(sessions, cipher, NOW)
    await _append_alert(sessions, cipher, "alert:1")

    async with sessions.begin() as session:
        await verify_data_key(session, cipher)


async def test_changed_key_rejected_for_item(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    await store_item(sessions, cipher, NOW)
    new_cipher = DataCipher([Fernet.generate_key()])

    async with sessions.begin() as session:
        with pytest.raises(DataKeyError) as raised:
            await verify_data_key(session, new_cipher)

    assert "newest stored item" in str(raised.value)
    assert "list the new key first and the old key after it" in str(raised.value)


async def test_changed_key_rejected_for_outbox(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    await _append_alert(sessions, cipher, "alert:1")
    new_cipher = DataCipher([Fernet.generate_key()])

    async with sessions.begin() as session:
        with pytest.raises(DataKeyError) as raised:
            await verify_data_key(session, new_cipher)

    assert "newest stored outbox entry" in str(raised.value)


async def test_rotated_keys_pass(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    old_key = Fernet.generate_key()
    old_cipher = DataCipher([old_key])
    await store_item(sessions, old_cipher, NOW)
    await _append_alert(sessions, old_cipher, "alert:old")
    rotated = DataCipher([Fernet.generate_key(), old_key])

    async with sessions.begin() as session:
        await verify_data_key(session, rotated)
