"""The shared test set-up in ``tests/conftest.py`` is in effect for every test."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password


def test_passwords_are_hashed_fast_and_slow_hashes_still_verify() -> None:
    assert make_password("sandi-rahasia-123").startswith("md5$")
    slow = make_password("sandi-rahasia-123", hasher="pbkdf2_sha256")
    assert check_password("sandi-rahasia-123", slow)
