"""Encryption at rest for personal data, with a key kept outside the database.

The key comes from `CS_BOT_DATA_KEY`: one or more comma-separated Fernet keys. The first
encrypts and all decrypt, so keys can be rotated. Without it, a key file is created in the data
directory with mode 0600.
"""

import hashlib
import hmac
import json
import logging
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr

log = logging.getLogger(__name__)

KEY_FILE_NAME = "data.key"
_FINGERPRINT_INFO = b"cs-bot item fingerprint v1"


class DataKeyError(Exception):
    """The data key is invalid, unreadable or stored with unsafe permissions."""


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


class DataCipher:
    """Encrypts JSON values with Fernet (AES-128-CBC with HMAC-SHA256) and fingerprints them."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise DataKeyError("at least one data key is required")
        try:
            self._fernet = MultiFernet([Fernet(key) for key in keys])
        except ValueError:
            raise DataKeyError(
                "invalid data key: expected Fernet keys (32 url-safe base64-encoded bytes), "
                "comma-separated. Create one with `python -c 'from cryptography.fernet import "
                "Fernet; print(Fernet.generate_key().decode())'`"
            ) from None
        self._fingerprint_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=_FINGERPRINT_INFO
        ).derive(keys[0])

    def __repr__(self) -> str:
        return "DataCipher(keys=[secure])"

    def encrypt_json(self, value: Any) -> bytes:
        """Serialise `value` as JSON and encrypt it."""
        return self._fernet.encrypt(_canonical_json(value))

    def decrypt_json(self, token: bytes) -> Any:
        """Decrypt a token from `encrypt_json` and parse its JSON."""
        try:
            return json.loads(self._fernet.decrypt(token))
        except InvalidToken:
            raise DecryptionError("stored value does not decrypt with any configured key") from None

    def fingerprint(self, value: Any) -> str:
        """Return a keyed hash of `value`, so equal states compare equal without storing them."""
        digest = hmac.new(self._fingerprint_key, _canonical_json(value), hashlib.sha256)
        return digest.hexdigest()


def generate_data_key() -> str:
    """Return a new random Fernet key as text."""
    return Fernet.generate_key().decode("ascii")


def load_data_cipher(data_key: SecretStr | None, data_dir: Path) -> DataCipher:
    """Build the cipher from `CS_BOT_DATA_KEY`, or from the key file in `data_dir`.

    The key file is created on first use. Production should set the environment variable, so
    that the key is not stored next to the database it protects.
    """
    if data_key is not None:
        keys = [part.strip() for part in data_key.get_secret_value().split(",") if part.strip()]
        return DataCipher([key.encode("ascii") for key in keys])

    path = data_dir / KEY_FILE_NAME
    log.warning(
        "CS_BOT_DATA_KEY is not set, so the key file %s is used. Set CS_BOT_DATA_KEY in production "
        "so that the key is not stored next to the data.",
        path,
    )
    return DataCipher([_read_or_create_key_file(path)])


def _read_or_create_key_file(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(generate_data_key() + "\n")
    log.info("Created data key file %s", path)
    return _read_key_file(path)


def _read_key_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise DataKeyError(
            f"key file {path} is accessible to other users (mode {stat.filemode(mode)}). "
            f"Run `chmod 600 {path}`"
        )
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise DataKeyError(f"key file {path} is empty. Delete it to create a new key")
    return key.encode("ascii")


def _canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
