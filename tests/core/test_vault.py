"""core.vault: secrets sealed at rest with a key kept beside the data (mode 0600)."""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from goodwill.core import vault


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("GOODWILL_VAULT_KEY", raising=False)
    settings.DATA_DIR = tmp_path
    vault.forget_key_cache()
    yield tmp_path
    vault.forget_key_cache()


def test_a_secret_comes_back_as_it_went_in_and_is_not_stored_in_clear():
    for plain in ("app-password-1234", "pässwörd ✓", "https://cal.example/private/abc?token=x"):
        sealed = vault.seal(plain)
        assert sealed.startswith("v1:") and plain not in sealed
        assert vault.unseal(sealed) == plain
    assert vault.seal("same") != vault.seal("same")  # a fresh nonce each time
    assert vault.unseal("") == ""


def test_the_key_file_is_made_once_with_mode_0600(data_dir):
    vault.seal("x")
    path = data_dir / "vault_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_bytes()
    vault.forget_key_cache()
    vault.seal("y")
    assert path.read_bytes() == key


def test_a_key_file_left_readable_by_others_is_closed_again(data_dir):
    path = data_dir / "vault_key"
    path.write_bytes(Fernet.generate_key() + b"\n")
    path.chmod(0o644)
    vault.seal("x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_secret_sealed_with_another_key_says_so(data_dir):
    sealed = vault.seal("app-password")
    (data_dir / "vault_key").write_bytes(Fernet.generate_key() + b"\n")
    vault.forget_key_cache()
    with pytest.raises(vault.VaultError, match="another vault key"):
        vault.unseal(sealed)
    with pytest.raises(vault.VaultError, match="not stored by Goodwill"):
        vault.unseal("plain text")


def test_a_broken_key_file_or_variable_is_a_clear_error(data_dir, monkeypatch):
    (data_dir / "vault_key").write_bytes(b"not a key\n")
    with pytest.raises(ImproperlyConfigured, match="holds no usable key"):
        vault.seal("x")
    vault.forget_key_cache()
    monkeypatch.setenv("GOODWILL_VAULT_KEY", "nope")
    with pytest.raises(ImproperlyConfigured, match="GOODWILL_VAULT_KEY is not a key"):
        vault.seal("x")


def test_the_key_may_come_from_the_environment(data_dir, monkeypatch):
    monkeypatch.setenv("GOODWILL_VAULT_KEY", Fernet.generate_key().decode())
    assert vault.unseal(vault.seal("x")) == "x"
    assert not (data_dir / "vault_key").exists()


def test_a_hint_shows_at_most_the_last_characters():
    assert vault.hint("app-password-1234") == "••••••1234"
    assert vault.hint("short") == "••••••"
