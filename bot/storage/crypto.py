"""Keys and values for the state stores: HMAC-derived keys, AES-GCM sealed values."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import codec
from .base import SECRET_MISMATCH_MESSAGE, CorruptRecord, SecretMismatch

FORMAT_V1 = b"\x01"       # JSON (sessions written before the compact codec; still read)
FORMAT_V2 = b"\x02"       # codec.encode: compact sessions, JSON for anything else
NONCE_SIZE = 12
TAG_SIZE = 16
CANARY_KEY = "canary"
MIN_SECRET_CHARS = 16


def _subkey(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


class Sealer:
    """Derives store keys from chat ids and encrypts/decrypts session dicts."""

    def __init__(self, secret: bytes | str):
        if isinstance(secret, str):
            secret = secret.encode()
        if len(secret) < MIN_SECRET_CHARS:
            raise ValueError(f"the state secret must be at least {MIN_SECRET_CHARS} characters long")
        self._mac_key = _subkey(secret, b"key")
        self._aead = AESGCM(_subkey(secret, b"value"))

    def __repr__(self) -> str:
        return "Sealer(<secret>)"

    def key_for(self, chat_id: int) -> str:
        return hmac.new(self._mac_key, str(int(chat_id)).encode(), hashlib.sha256).hexdigest()

    def seal(self, key: str, data: dict) -> bytes:
        nonce = os.urandom(NONCE_SIZE)
        return FORMAT_V2 + nonce + self._aead.encrypt(nonce, codec.encode(data), key.encode())

    def open(self, key: str, blob: bytes) -> dict:
        """Decrypt a sealed value; any failure raises CorruptRecord."""
        blob = bytes(blob) if isinstance(blob, (bytes, bytearray, memoryview)) else b""
        if len(blob) < 1 + NONCE_SIZE + TAG_SIZE or blob[:1] not in (FORMAT_V1, FORMAT_V2):
            raise CorruptRecord("stored session has an unknown format")
        nonce, sealed = blob[1:1 + NONCE_SIZE], blob[1 + NONCE_SIZE:]
        try:
            plain = self._aead.decrypt(nonce, sealed, key.encode())
        except InvalidTag:
            raise CorruptRecord("stored session failed authentication") from None
        try:
            data = json.loads(plain) if blob[:1] == FORMAT_V1 else codec.decode(plain)
        except (ValueError, KeyError, TypeError, AttributeError):  # bad UTF-8, JSON or compact form
            raise CorruptRecord("stored session is not valid") from None
        if not isinstance(data, dict):
            raise CorruptRecord("stored session is not an object")
        return data

    def canary(self) -> bytes:
        return self.seal(CANARY_KEY, {"ok": True})

    def verify_canary(self, blob: bytes) -> None:
        """Raise SecretMismatch unless blob was sealed with this secret."""
        try:
            ok = self.open(CANARY_KEY, blob) == {"ok": True}
        except CorruptRecord:
            ok = False
        if not ok:
            raise SecretMismatch(SECRET_MISMATCH_MESSAGE)


def load_or_create_secret(path: Path) -> bytes:
    """Read the secret file, or create it (mode 0600) holding a new random token."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        # O_EXCL with mode 0600: never readable by others, not even briefly.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, 0o600)
        secret = path.read_bytes().strip()
        if len(secret) < MIN_SECRET_CHARS:
            raise ValueError(f"the secret file {path} is empty or too short; delete it or set STATE_SECRET") from None
        return secret
    token = secrets.token_urlsafe(32).encode()
    try:
        os.write(fd, token + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return token


def resolve_secret(env_value: str | None, secret_file: Path) -> bytes:
    """STATE_SECRET when set, else the secret file (created on first use)."""
    if env_value is not None:
        if len(env_value) < MIN_SECRET_CHARS:
            raise ValueError(f"STATE_SECRET must be at least {MIN_SECRET_CHARS} characters long")
        return env_value.encode()
    return load_or_create_secret(secret_file)
