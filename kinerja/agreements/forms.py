"""Forms of the PK pages: the statement page (label, date, place, parties, revision reason) as
Django forms, and target inputs whose shape follows the indicator's target type (one number, a
range as two numbers, or a label of the indicator's scale). Numbers are typed the Indonesian way
(``99,25``, ``1.234.567``) and read with ``parse_number(..., indonesian=True)``; text that cannot
be read is refused with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.agreements.services import REVISION_REASON_TEXT, Header
from kinerja.core.numbers import format_number, parse_number
from kinerja.core.types import KinerjaValidationError, NumericTarget, QualitativeTarget, RangeTarget, Target
from kinerja.interchange.document import REVISION_REASONS

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DATE_ERROR = gettext_lazy("Tanggal tidak dapat dibaca; tulis seperti 01-10-2022 atau 2022-10-01.")
REASON_CHOICES = [(r, format_lazy("{}. {}", r, REVISION_REASON_TEXT[r])) for r in REVISION_REASONS]


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
        help_text=help_text,
    )


class HeaderForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Mis. PK Awal, PK Perubahan."),
    )
    signed_on = _date_field(
        gettext_lazy("Tanggal PK"),
        gettext_lazy("Tanggal yang tertera pada PK; dapat diisi saat penandatanganan."),
    )
    place = forms.CharField(label=gettext_lazy("Tempat"), max_length=200, required=False)
    first_party_name = forms.CharField(
        label=gettext_lazy("Pihak pertama: nama"), max_length=300, required=False
    )
    first_party_title = forms.CharField(
        label=gettext_lazy("Pihak pertama: jabatan"), max_length=300, required=False
    )
    second_party_name = forms.CharField(
        label=gettext_lazy("Pihak kedua (atasan): nama"), max_length=300, required=False
    )
    second_party_title = forms.CharField(
        label=gettext_lazy("Pihak kedua (atasan): jabatan"), max_length=300, required=False
    )

    def header(self) -> Header:
        data = self.cleaned_data
        return Header(
            label=data.get("label") or "",
            signed_on=data.get("signed_on"),
            place=data.get("place") or "",
            first_party_name=data.get("first_party_name") or "",
            first_party_title=data.get("first_party_title") or "",
            second_party_name=data.get("second_party_name") or "",
            second_party_title=data.get("second_party_title") or "",
            reason=data.get("reason") or "",
            reason_note=data.get("reason_note") or "",
        )


class RevisionForm(HeaderForm):
    field_order = ["reason", "reason_note", "label", "signed_on", "place"]

    reason = forms.ChoiceField(
        label=gettext_lazy("Alasan revisi (PermenPAN-RB 53/2014)"),
        choices=REASON_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Alasan revisi wajib dipilih: a, b atau c."),
            "invalid_choice": gettext_lazy("Alasan revisi harus a, b atau c."),
        },
    )
    reason_note = forms.CharField(
        label=gettext_lazy("Keterangan revisi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Uraikan apa yang berubah dan mengapa."),
    )


class SignForm(forms.Form):
    signed_on = _date_field(
        gettext_lazy("Tanggal penandatanganan"), gettext_lazy("Kosongkan untuk memakai tanggal hari ini.")
    )


# --- target inputs ------------------------------------------------------------------------------

NUMBER, RANGE, LABEL = "number", "range", "label"


def kind_of(target: Target | None) -> str:
    if isinstance(target, RangeTarget):
        return RANGE
    if isinstance(target, QualitativeTarget):
        return LABEL
    return NUMBER


def input_number(value: Decimal) -> str:
    """A number as a person types it back: ``99``, ``0,686``, ``18.800.000``."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, places)


@dataclass
class TargetInput:
    """One target's inputs: ``name`` (number or label), ``name_low``/``name_high`` (range)."""

    name: str
    kind: str
    scale: list[str] = field(default_factory=list)
    required: bool = True
    text: str = ""
    low: str = ""
    high: str = ""
    error: str = ""

    def fill(self, target: Target | None) -> None:
        if isinstance(target, NumericTarget):
            self.text = input_number(target.value)
        elif isinstance(target, RangeTarget):
            self.low, self.high = input_number(target.low), input_number(target.high)
        elif isinstance(target, QualitativeTarget):
            self.text = target.label

    @property
    def low_name(self) -> str:
        return f"{self.name}_low"

    @property
    def high_name(self) -> str:
        return f"{self.name}_high"

    def _number(self, text: str, what: str) -> Decimal:
        try:
            return parse_number(text, indonesian=True)
        except KinerjaValidationError as exc:
            raise KinerjaValidationError(
                _("%(what)s'%(text)s' bukan angka yang dapat dibaca (%(error)s)")
                % {"what": what, "text": text, "error": exc}
            ) from exc

    def read(self, data: QueryDict | dict[str, Any]) -> Target | None:
        """The typed target, or None when left empty; sets ``error`` when it cannot be read."""
        self.error = ""
        try:
            if self.kind == RANGE:
                self.low = str(data.get(self.low_name, "")).strip()
                self.high = str(data.get(self.high_name, "")).strip()
                if not self.low and not self.high:
                    return self._empty()
                if not self.low or not self.high:
                    raise KinerjaValidationError(_("isi batas bawah dan batas atas rentang"))
                return RangeTarget(
                    self._number(self.low, _("batas bawah") + " "),
                    self._number(self.high, _("batas atas") + " "),
                )
            self.text = str(data.get(self.name, "")).strip()
            if not self.text:
                return self._empty()
            if self.kind == LABEL:
                if self.scale and self.text not in self.scale:
                    raise KinerjaValidationError(
                        _("pilih salah satu: %(scale)s") % {"scale": ", ".join(self.scale)}
                    )
                return QualitativeTarget(self.text)
            return NumericTarget(self._number(self.text, ""))
        except KinerjaValidationError as exc:
            self.error = str(exc)
            return None

    def _empty(self) -> Target | None:
        """None for a field left empty; refused when the target is required."""
        if self.required:
            raise KinerjaValidationError(_("wajib diisi"))
        return None
