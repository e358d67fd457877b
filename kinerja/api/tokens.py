"""Creating, finding and revoking personal access tokens.

A token reads ``kin_<prefix>_<secret>``: the prefix (shown in lists, so a user can tell their
tokens apart) and 32 random bytes. The database keeps the prefix and the SHA-256 of the whole
token, never the token: a copy of the database does not let anyone call the API. SHA-256 without
a salt or a slow hash is enough because the secret is random and long, not a password.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.api.models import READ, WRITE, ApiToken
from kinerja.core.types import KinerjaValidationError
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit

PREFIX = "kin_"
MAX_DAYS = 366
DEFAULT_DAYS = 90


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once


def create_token(
    user: Any, name: str, days: int = DEFAULT_DAYS, scope: str = READ, unit: Unit | None = None
) -> NewToken:
    """A new token of ``user``. ``unit``: only that unit and those below it, and only if the user
    may read it. Refuses (``KinerjaValidationError``, naming the field) a bad name, term or scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Hanya pengguna yang masuk yang dapat membuat token."))
    name = (name or "").strip()
    if not name:
        raise KinerjaValidationError(_("nama token wajib diisi"), "name")
    if len(name) > 100:
        raise KinerjaValidationError(_("paling banyak 100 karakter"), "name")
    if scope not in (READ, WRITE):
        raise KinerjaValidationError(_("cakupan harus 'read' atau 'write'"), "scope")
    if not 1 <= days <= MAX_DAYS:
        raise KinerjaValidationError(
            _("masa berlaku harus 1 sampai %(max)s hari") % {"max": MAX_DAYS}, "days"
        )
    if unit is not None:
        access.require(user, permissions.VIEW, unit)
    prefix = secrets.token_hex(4)
    raw = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=digest(raw),
        scope=scope,
        unit_ref=unit.pk if unit is not None else None,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return NewToken(token, raw)


def tokens_of(user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user_id=user.pk))


def revoke(user: Any, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (a superuser: anyone's). ``ApiToken.DoesNotExist``
    for a token that is not theirs."""
    rows = ApiToken.objects.all() if user.is_superuser else ApiToken.objects.filter(user_id=user.pk)
    token = rows.get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def find(raw: str) -> ApiToken | None:
    """The active token ``raw`` names (its user active too), else ``None``."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def rate_limit() -> tuple[int, int]:
    """(requests, seconds) allowed per token: ``KINERJA_API_RATE_LIMIT`` requests a minute."""
    return int(getattr(settings, "KINERJA_API_RATE_LIMIT", 600)), 60


def spend(token: ApiToken) -> int | None:
    """Count one request against the token's window. ``None`` when allowed, else the seconds until
    the window ends. One UPDATE in the database, so every app server counts the same window."""
    limit, seconds = rate_limit()
    now = timezone.now()
    start = now - timedelta(seconds=seconds)
    with transaction.atomic():
        # a new window when the old one is over
        renewed = ApiToken.objects.filter(
            Q(window_start__isnull=True) | Q(window_start__lte=start), pk=token.pk
        ).update(window_start=now, window_count=1, last_used_at=now)
        if renewed:
            return None
        counted = ApiToken.objects.filter(pk=token.pk, window_count__lt=limit).update(
            window_count=F("window_count") + 1, last_used_at=now
        )
    if counted:
        return None
    row = ApiToken.objects.filter(pk=token.pk).values_list("window_start", flat=True).first()
    if row is None:
        return seconds
    return max(1, int((row + timedelta(seconds=seconds) - now).total_seconds()) + 1)


__all__ = ["READ", "WRITE", "create_token", "find", "revoke", "spend", "tokens_of", "NewToken"]
