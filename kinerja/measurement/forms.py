"""Forms of the realisation pages (Bahasa Indonesia; Indonesian number input)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from kinerja.core.formula import formula_variables
from kinerja.core.numbers import parse_number
from kinerja.core.types import KinerjaValidationError
from kinerja.measurement import evidence as ev
from kinerja.measurement.models import Realization
from kinerja.measurement.services import format_input
from kinerja.planning.models import Indicator

NUMBER_HELP = gettext_lazy("Tulis angka seperti biasa: 18.658.193 atau 99,25.")
INPUT_PREFIX = "masukan_"

NARRATIVE = (
    ("analysis", gettext_lazy("Analisis capaian")),
    ("supporting", gettext_lazy("Faktor pendukung")),
    ("inhibiting", gettext_lazy("Faktor penghambat")),
    ("follow_up", gettext_lazy("Tindak lanjut / rencana perbaikan")),
)


def read_number(text: str, label: str) -> Decimal | None:
    """An Indonesian number typed in a form (empty -> None); ``ValidationError`` in Bahasa
    Indonesia when it cannot be read."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_number(text, label, indonesian=True)
    except KinerjaValidationError as exc:
        raise forms.ValidationError(str(exc.message)) from exc


def number_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "number"})


class RealizationForm(forms.Form):
    """The raw inputs named by the indicator's formula variables (or a direct value, or a label of
    its scale) and the narrative. ``version`` is the record's version the user saw (0: none yet).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        formula: str | None,
        scale: list[str],
        descriptions: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.variables: list[str] = []
        self.mode = "number"
        descriptions = dict(descriptions or {})
        if formula:
            self.mode = "inputs"
            declared = list(indicator.variables.order_by("position", "id").values_list("name", "description"))
            for name, description in declared:
                descriptions.setdefault(name, description)
            names = [name for name, _ in declared]
            try:
                used = formula_variables(formula)
            except KinerjaValidationError:
                used = set()
            names += sorted(used - set(names))
            self.variables = names
            for name in names:
                self.fields[INPUT_PREFIX + name] = forms.CharField(
                    label=name,
                    required=False,
                    max_length=60,
                    help_text=descriptions.get(name, ""),
                    widget=number_widget(),
                )
        elif scale:
            self.mode = "label"
            self.fields["value_label"] = forms.ChoiceField(
                label=gettext_lazy("Nilai realisasi"),
                required=False,
                choices=[("", gettext("— belum diisi —")), *[(s, s) for s in scale]],
            )
        else:
            self.fields["value_number"] = forms.CharField(
                label=gettext_lazy("Nilai realisasi"),
                required=False,
                max_length=60,
                help_text=NUMBER_HELP,
                widget=number_widget(),
            )
        for name, label in NARRATIVE:
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
            )

    @staticmethod
    def initial_for(r: Realization | None) -> dict[str, Any]:
        if r is None:
            return {"version": 0}
        data: dict[str, Any] = {
            "version": r.version,
            "value_number": format_input(r.value_number),
            "value_label": r.value_label,
        }
        for row in r.inputs.all():
            data[INPUT_PREFIX + row.name] = format_input(row.value)
        for name, _ in NARRATIVE:
            data[name] = getattr(r, name)
        return data

    def input_fields(self) -> list[forms.BoundField]:
        return [self[INPUT_PREFIX + name] for name in self.variables]

    def narrative_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _ in NARRATIVE]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        for name in self.variables:
            field = INPUT_PREFIX + name
            if field in data:
                try:
                    read_number(data[field], gettext("masukan %(name)s") % {"name": name})
                except forms.ValidationError as exc:
                    self.add_error(field, exc)
        if "value_number" in self.fields and "value_number" in data:
            try:
                read_number(data["value_number"], gettext("nilai realisasi"))
            except forms.ValidationError as exc:
                self.add_error("value_number", exc)
        return data

    def changes(self) -> dict[str, Any]:
        """The input for ``workflow.save_realization`` (numbers as typed; it reads them)."""
        data = self.cleaned_data
        out: dict[str, Any] = {name: data.get(name, "") for name, _ in NARRATIVE}
        if self.mode == "inputs":
            out["inputs"] = {name: data.get(INPUT_PREFIX + name, "") for name in self.variables}
        elif self.mode == "label":
            out["value_label"] = data.get("value_label", "")
        else:
            out["value_number"] = data.get("value_number", "")
        return out

    def typed_inputs(self) -> dict[str, Decimal]:
        """The numbers typed for the formula's variables (those that can be read), for a preview."""
        out: dict[str, Decimal] = {}
        for name in self.variables:
            try:
                number = read_number(str(self.data.get(INPUT_PREFIX + name, "")), name)
            except forms.ValidationError:
                continue
            if number is not None:
                out[name] = number
        return out


class EvidenceForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Bukti dukung"),
        help_text=format_lazy(
            gettext_lazy("{allowed}; paling besar {size}."),
            allowed=ev.ALLOWED_TEXT,
            size=ev.size_text(ev.max_evidence_bytes()),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ev.ACCEPT}),
    )
