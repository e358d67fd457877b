"""One row per changed field: who, when, which record, which field, old and new value.

A new record is one row (``create``, the values in ``new_value`` as JSON), a deleted record one
row (``delete``, the last values in ``old_value``). The log outlives what it describes: its
agency and user references carry no database constraint / are set to NULL, and the user name and
the record's label are copied.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
ACTION_CHOICES = [(CREATE, _("dibuat")), (UPDATE, _("diubah")), (DELETE, _("dihapus"))]


class Change(models.Model):
    """A change of one field of one record (or the creation or deletion of a record)."""

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=True,
        verbose_name=_("instansi"),
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("jenis data"))
    object_id = models.CharField(_("id data"), max_length=64)
    object_repr = models.CharField(_("data"), max_length=300)
    action = models.CharField(_("tindakan"), max_length=8, choices=ACTION_CHOICES)
    field = models.CharField(_("kolom"), max_length=100, blank=True)
    old_value = models.TextField(_("nilai lama"), null=True, blank=True)
    new_value = models.TextField(_("nilai baru"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = _("riwayat perubahan")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="history_object_idx")]

    def __str__(self) -> str:
        what = f".{self.field}" if self.field else ""
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.get_action_display()} {self.object_repr}{what}"


def history_of(obj: models.Model) -> models.QuerySet[Change]:
    """The changes of one record, oldest first."""
    return Change.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).order_by("at", "id")
