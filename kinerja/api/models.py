"""Personal access tokens for the REST API (docs/api.md).

A token belongs to one user and acts as that user: every call is checked by the same permission
matrix and unit scope as the pages (``kinerja.organizations.access``). A token can only narrow
what its user may do: ``scope`` read (GET only) or write, and optionally one unit's subtree
(``unit``). Only the SHA-256 of the secret is stored; the secret is shown once, when created.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.organizations.models import Unit

READ = "read"
WRITE = "write"
SCOPE_CHOICES = [(READ, _("baca")), (WRITE, _("baca dan tulis"))]


class ApiToken(models.Model):
    # Not agency-scoped: a token is its user's, and a user may hold roles in several agencies.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("pengguna"),
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=16, unique=True)
    digest = models.CharField(_("sidik SHA-256"), max_length=64, unique=True)
    scope = models.CharField(_("cakupan"), max_length=5, choices=SCOPE_CHOICES, default=READ)
    # The unit (organizations.Unit id) the token is limited to, with the units below it; empty:
    # no limit beyond the user's own scope. An id, not a foreign key: in a Citus deployment this
    # table stays on the coordinator, and may not reference a distributed table
    # (tests/deployment/test_citus_ready.py). A deleted unit leaves the token limited to nothing.
    unit_ref = models.PositiveBigIntegerField(_("hanya unit (dan unit di bawahnya)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    # Rate limit: requests counted in the current fixed window (kinerja/api/auth.py).
    window_start = models.DateTimeField(_("awal jendela hitungan"), null=True, blank=True)
    window_count = models.PositiveIntegerField(_("permintaan dalam jendela"), default=0)

    class Meta:
        verbose_name = _("token akses API")
        verbose_name_plural = _("token akses API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    _unit: Unit | None = None

    @property
    def unit(self) -> Unit | None:
        """The unit the token is limited to (``None``: no limit, or the unit is gone)."""
        if self.unit_ref is None:
            return None
        if self._unit is None or self._unit.pk != self.unit_ref:
            self._unit = Unit.objects.filter(pk=self.unit_ref).select_related("agency").first()
        return self._unit

    @property
    def writes(self) -> bool:
        return self.scope == WRITE

    def active(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment  # type: ignore[operator]
