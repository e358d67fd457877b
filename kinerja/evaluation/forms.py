"""The reviu form: date, place, the signer (APIP head) and the statement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DATE_ERROR = _("Tanggal tidak dapat dibaca; tulis seperti 15-02-2023 atau 2023-02-15.")


class ReviuForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Tanggal reviu"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR, "required": _("Tanggal reviu wajib diisi.")},
    )
    place = forms.CharField(
        label=_("Tempat"), max_length=200, error_messages={"required": _("Tempat wajib diisi.")}
    )
    reviewer_title = forms.CharField(
        label=_("Jabatan penanda tangan"),
        max_length=300,
        help_text=_("Mis. Inspektur Jenderal."),
        error_messages={"required": _("Jabatan penanda tangan wajib diisi.")},
    )
    reviewer_name = forms.CharField(
        label=_("Nama penanda tangan"),
        max_length=300,
        error_messages={"required": _("Nama penanda tangan wajib diisi.")},
    )
    statement = forms.CharField(
        label=_("Pernyataan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Pisahkan paragraf dengan satu baris kosong. Kosongkan untuk memakai rumusan baku."),
    )
