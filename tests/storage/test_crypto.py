"""Stored display data is encrypted; the key lives outside the database."""

import logging
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import (
    DataCipher,
    DataKeyError,
    DecryptionError,
    OutboxKind,
    append_outbox,
    load_data_cipher,
)
from bot.storage.crypto import KEY_FILE_NAME
from bot.storage.tables import Item, OutboxEntry
from tests.storage.conftest import NOW
from tests.storage.helpers import CANARY_NAME, CANARY_TEXT, CHANNEL, store_item


async def test_database_holds_no_plaintext(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    cipher: DataCipher,
    backend: str,
    tmp_path: Path,
) -> None:
    await store_item(sessions, cipher, NOW)
    async with sessions.begin() as session:
        await append_outbox(
            session,
            cipher=cipher,
            kind=OutboxKind.POST,
            channel=CHANNEL,
            payload={"text": CANARY_TEXT},
            dedupe_key="post:canary",
            now=NOW,
        )
    async with sessions() as session:
        stored = [
            *await session.scalars(select(Item.display_ciphertext)),
            *await session.scalars(select(OutboxEntry.payload_ciphertext)),
        ]

    secrets = [CANARY_TEXT.encode(), CANARY_NAME.encode(), b"canary-7f3a"]
    assert len(stored) == 2
    for value in stored:
        assert value is not None
        for secret in secrets:
            assert secret not in value

    if backend == "sqlite":
        await engine.dispose()
        contents = _database_files(tmp_path)
        assert "test.db" in contents
        for name, content in contents.items():
            for secret in secrets:
                assert secret not in content, name


def _database_files(directory: Path) -> dict[str, bytes]:
    """Read the SQLite database and its WAL, where recent writes may still sit."""
    return {path.name: path.read_bytes() for path in directory.glob("test.db*")}


def test_cipher_round_trip_and_wrong_key() -> None:
    cipher = DataCipher([Fernet.generate_key()])
    token = cipher.encrypt_json({"text": CANARY_TEXT})
    other = DataCipher([Fernet.generate_key()])

    assert cipher.decrypt_json(token) == {"text": CANARY_TEXT}
    with pytest.raises(DecryptionError):
        other.decrypt_json(token)


def test_rotated_key_still_decrypts() -> None:
    old_key = Fernet.generate_key()
    new_key = Fernet.generate_key()
    token = DataCipher([old_key]).encrypt_json(["old"])
    rotated = load_data_cipher(
        SecretStr(f"{new_key.decode()}, {old_key.decode()}"), Path("/nonexistent")
    )
    assert rotated.decrypt_json(token) == ["old"]


def test_fingerprint_is_keyed_and_stable() -> None:
    key = Fernet.generate_key()
    value = {"b": 1, "a": [CANARY_NAME]}
    assert DataCipher([key]).fingerprint(value) == DataCipher([key]).fingerprint(
        {"a": [CANARY_NAME], "b": 1}
    )
    assert DataCipher([key]).fingerprint(value) != DataCipher([Fernet.generate_key()]).fingerprint(
        value
    )


def test_invalid_key_rejected() -> None:
    with pytest.raises(DataKeyError, match="invalid data key"):
        load_data_cipher(SecretStr("not-a-key"), Path("/nonexistent"))


def test_key_file_created_private(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.storage.crypto"):
        first = load_data_cipher(None, tmp_path / "data")
    second = load_data_cipher(None, tmp_path / "data")
    key_file = tmp_path / "data" / KEY_FILE_NAME

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert second.decrypt_json(first.encrypt_json("x")) == "x"
    assert "CS_BOT_DATA_KEY" in caplog.text
    assert key_file.read_text().strip() not in caplog.text


def test_readable_key_file_rejected(tmp_path: Path) -> None:
    key_file = tmp_path / KEY_FILE_NAME
    key_file.write_text(Fernet.generate_key().decode())
    key_file.chmod(0o644)
    with pytest.raises(DataKeyError, match="chmod 600"):
        load_data_cipher(None, tmp_path)


def test_cipher_repr_hides_key() -> None:
    key = Fernet.generate_key()
    assert key.decode() not in repr(DataCipher([key]))
