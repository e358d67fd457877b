"""One username, however it is typed.

A username is stored NFKC-normalised (Django's own rule for new users: ``ＯＰＥＲＡＴＯＲ.ＰＫＲ`` is
stored as ``OPERATOR.PKR``) and is unique **without regard to letter case**: ``operator.pkr`` and
``OPERATOR.PKR`` are the same account. Sign-in finds the account whatever the case
(``backends.UsernameBackend``), every creation path refuses a name that equals an existing one in
that sense, and the database holds a unique index on ``UPPER(username)`` (migration
``kinerja_users.0001``) for the requests that race each other past the check.

Letter case of non-ASCII letters: PostgreSQL compares them case-insensitively, SQLite only ASCII
letters (its ``UPPER`` and ``LIKE`` know no other); the names Kinerja suggests are ASCII.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _


def normalize(username: str | None) -> str:
    """NFKC (fullwidth and other compatibility letters become plain ones), outer spaces removed."""
    return unicodedata.normalize("NFKC", username or "").strip()


def throttle_key(username: str | None) -> str:
    """The key the sign-in throttle counts failures under: every spelling of one account counts
    against the same key, so changing letter case does not buy an attacker more guesses."""
    return normalize(username).casefold()


def same_name(username: str, using: str | None = None) -> QuerySet[Any]:
    """The users whose name equals ``username`` after NFKC, ignoring letter case."""
    manager = get_user_model()._default_manager
    if using:
        manager = manager.db_manager(using)
    return manager.filter(username__iexact=normalize(username))


def taken(username: str, using: str | None = None) -> bool:
    """Is the name, or one differing from it only in letter case or width, already in use?"""
    return same_name(username, using).exists()


def taken_message(username: str) -> str:
    """The refusal, naming the field, for the form and for the service."""
    return _(
        "Nama pengguna “%(username)s” sudah dipakai (huruf besar/kecil tidak dibedakan); pilih nama lain."
    ) % {"username": normalize(username)}
