"""Sealer, secret file and secret resolution."""
from __future__ import annotations

import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage import CorruptRecord, Sealer, SecretMismatch, load_or_create_secret, resolve_secret

SECRET = b"crypto-test-secret-0123456789abcdef"
KEY = Sealer(SECRET).key_for(42)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_seal_open_round_trip(data):
    sealer = Sealer(SECRET)
    assert sealer.open(KEY, sealer.seal(KEY, data)) == data


def test_seal_is_randomised_and_versioned():
    sealer = Sealer(SECRET)
    a, b = sealer.seal(KEY, {"x": 1}), sealer.seal(KEY, {"x": 1})
    assert a != b and a[:1] == b[:1] == b"\x02"
    assert b'"x"' not in a


def test_str_secret_is_accepted():
    assert Sealer(SECRET.decode()).key_for(7) == Sealer(SECRET).key_for(7)


def test_tampering_is_detected():
    sealer = Sealer(SECRET)
    blob = sealer.seal(KEY, {"lang": "en"})
    for i in range(len(blob)):
        tampered = blob[:i] + bytes([blob[i] ^ 0x40]) + blob[i + 1:]
        with pytest.raises(CorruptRecord):
            sealer.open(KEY, tampered)


@pytest.mark.parametrize("blob", [b"", b"\x01", b"\x01" + b"\x00" * 28, b"\x02" + b"\x00" * 40, "text", None])
def test_truncated_or_foreign_blobs(blob):
    with pytest.raises(CorruptRecord):
        Sealer(SECRET).open(KEY, blob)


def test_non_dict_payload_is_corrupt():
    sealer = Sealer(SECRET)
    with pytest.raises(CorruptRecord):
        sealer.open(KEY, sealer.seal(KEY, [1, 2]))  # type: ignore[arg-type]


def test_blob_moved_to_another_key_fails():
    sealer = Sealer(SECRET)
    blob = sealer.seal(sealer.key_for(1), {"chat": "one"})
    with pytest.raises(CorruptRecord):
        sealer.open(sealer.key_for(2), blob)


def test_other_secret_cannot_open():
    blob = Sealer(SECRET).seal(KEY, {"x": 1})
    with pytest.raises(CorruptRecord):
        Sealer(b"x" * 40).open(KEY, blob)


def test_key_for_is_deterministic_and_secret_specific():
    a, b = Sealer(SECRET), Sealer(SECRET)
    c = Sealer(b"a-completely-different-secret-value")
    assert a.key_for(123456789) == b.key_for(123456789)
    assert a.key_for(123456789) != a.key_for(123456788)
    assert a.key_for(123456789) != c.key_for(123456789)
    key = a.key_for(-1001234567890)
    assert len(key) == 64 and int(key, 16) >= 0 and "1234567890" not in key


def test_canary():
    blob = Sealer(SECRET).canary()
    Sealer(SECRET).verify_canary(blob)
    with pytest.raises(SecretMismatch, match="STATE_SECRET"):
        Sealer(b"y" * 40).verify_canary(blob)
    with pytest.raises(SecretMismatch):
        Sealer(SECRET).verify_canary(b"junk")


def test_short_secret_rejected():
    with pytest.raises(ValueError):
        Sealer(b"short")


def test_repr_hides_secret():
    assert SECRET.decode() not in repr(Sealer(SECRET))


def test_load_or_create_secret_creates_private_file_and_reuses_it(tmp_path):
    path = tmp_path / "deep" / "dir" / "state-secret"
    first = load_or_create_secret(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 43 and path.read_bytes().strip() == first
    assert load_or_create_secret(path) == first
    assert Sealer(first).key_for(1) == Sealer(load_or_create_secret(path)).key_for(1)


def test_load_or_create_secret_ignores_umask(tmp_path):
    old = os.umask(0)
    try:
        load_or_create_secret(tmp_path / "s")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "s").stat().st_mode) == 0o600


def test_existing_secret_file_is_tightened_and_stripped(tmp_path):
    path = tmp_path / "state-secret"
    path.write_text("  existing-secret-token-abcdefgh \n")
    path.chmod(0o644)
    assert load_or_create_secret(path) == b"existing-secret-token-abcdefgh"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_empty_secret_file_is_an_error(tmp_path):
    path = tmp_path / "state-secret"
    path.write_text("\n")
    with pytest.raises(ValueError, match="secret file"):
        load_or_create_secret(path)


def test_resolve_secret_prefers_env(tmp_path):
    path = tmp_path / "state-secret"
    assert resolve_secret("env-secret-0123456789", path) == b"env-secret-0123456789"
    assert not path.exists()


def test_resolve_secret_falls_back_to_file(tmp_path):
    path = tmp_path / "state-secret"
    secret = resolve_secret(None, path)
    assert path.exists() and resolve_secret(None, path) == secret


def test_resolve_secret_rejects_short_env(tmp_path):
    with pytest.raises(ValueError, match="STATE_SECRET") as info:
        resolve_secret("too-short", tmp_path / "s")
    assert "\n" not in str(info.value) and "too-short" not in str(info.value)
    assert not (tmp_path / "s").exists()
