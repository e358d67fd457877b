"""The reviu form: date, place, the signer (APIP head) and the statement."""

from __future__ import annotations

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DATE_ERROR = "Tanggal tidak dapat dibaca; tulis seperti 15-02-2023 atau 2023-02-15."


class ReviuForm(forms.Form):
    reviewed_on = forms.DateField(
        label="Tanggal reviu",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR, "required": "Tanggal reviu wajib diisi."},
    )
    place = forms.CharField(
        label="Tempat", max_length=200, error_messages={"required": "Tempat wajib diisi."}
    )
    reviewer_title = forms.CharField(
        label="Jabatan penanda tangan",
        max_length=300,
        help_text="Mis. Inspektur Jenderal.",
        error_messages={"required": "Jabatan penanda tangan wajib diisi."},
    )
    reviewer_name = forms.CharField(
        label="Nama penanda tangan",
        max_length=300,
        error_messages={"required": "Nama penanda tangan wajib diisi."},
    )
    statement = forms.CharField(
        label="Pernyataan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Pisahkan paragraf dengan satu baris kosong. Kosongkan untuk memakai rumusan baku.",
    )
