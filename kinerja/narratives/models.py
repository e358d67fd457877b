"""The working copy of an LKj narrative text and its approval by the unit head.

The text the Laporan Kinerja prints is the unit-year's ``UnitText`` row (unit, year, key): that
row is the *approved* text. A text written in the browser is kept here, as a ``Narrative`` of the
same unit, year and key, until the unit head approves it; approving copies it into the
``UnitText``. So the LKj, the interchange export and the data check keep reading approved texts
only, a draft never reaches the report, and a ``UnitText`` loaded from a file (which has no
``Narrative``) counts as approved.

One ``Narrative`` per unit-year-key. Its status:

* ``draft`` (*draf*): written or changed by a planner, not yet submitted;
* ``submitted`` (*diajukan*): waiting for the unit head, not editable;
* ``approved`` (*disetujui*): the head approved it and it was copied into the ``UnitText``.

``approved_by``/``approved_at`` describe the approval of the text now in the ``UnitText`` while
``approved_digest`` matches that text (a later file import replaces it without an approval).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.codes import CODE_LENGTH
from kinerja.organizations.models import AgencyScoped, agency_field

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
STATUS_CHOICES = [(DRAFT, _("Draf")), (SUBMITTED, _("Diajukan")), (APPROVED, _("Disetujui"))]


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _user_field(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Narrative(AgencyScoped):
    """A planner's text for one LKj chapter of a unit-year, and where it is in the approval."""

    agency_parent = "unit"
    # who and when are on every history row already; the history records text, status, comment
    history_exclude = (
        "edited_by",
        "edited_at",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "approved_digest",
    )
    agency = agency_field()
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="narratives", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    key = models.CharField(_("kunci"), max_length=CODE_LENGTH)
    text = models.TextField(_("teks"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    comment = models.TextField(_("catatan pimpinan"), blank=True)
    edited_by = _user_field(_("diubah oleh"))
    edited_at = models.DateTimeField(_("waktu diubah"), null=True, blank=True)
    submitted_by = _user_field(_("diajukan oleh"))
    submitted_at = models.DateTimeField(_("waktu diajukan"), null=True, blank=True)
    approved_by = _user_field(_("disetujui oleh"))
    approved_at = models.DateTimeField(_("waktu disetujui"), null=True, blank=True)
    approved_digest = models.CharField(_("sidik teks yang disetujui"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("narasi LKj")
        verbose_name_plural = _("narasi LKj")
        ordering = ["agency", "unit__code", "year", "key"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "year", "key"], name="narrative_uniq"),
        ]

    def __str__(self) -> str:
        return f"Narasi {self.unit.code} {self.year}: {self.key}"

    @property
    def pending(self) -> bool:
        """Written but not approved yet (draft or submitted)."""
        return self.status in (DRAFT, SUBMITTED)
