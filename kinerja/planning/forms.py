"""Forms of the Renstra editor (plain HTML, no JavaScript).

Numbers are typed the Indonesian way (``99,25``, ``18.800.000``) and read with
``parse_number(..., indonesian=True)``; a range target is typed ``80–90`` (en dash, or a hyphen
between two numbers: ``80 - 90``). Lists that are short text (missions, goals, scale labels,
formula variables, composite components) are one item per line, so a phone needs no widget
beyond a text area. Every error is in Bahasa Indonesia and the input is shown back.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.codes import CODE_LENGTH
from kinerja.core.formula import formula_variables
from kinerja.core.numbers import format_number, parse_number
from kinerja.core.types import KinerjaValidationError, NumericTarget, QualitativeTarget, RangeTarget, Target
from kinerja.organizations.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.planning.models import (
    AGGREGATION_CHOICES,
    OBJECTIVE_LEVEL_CHOICES,
    POLARITY_CHOICES,
    QUARTER_RULE_CHOICES,
    SOURCE_CHOICES,
    Plan,
)
from kinerja.planning.services import HeaderData, IndicatorData, ObjectiveData

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
REQUIRED = {"required": _("Wajib diisi.")}

TARGET_TYPE_NUMBER = "angka"
TARGET_TYPE_SCALE = "skala"
TARGET_TYPE_CHOICES = [
    (TARGET_TYPE_NUMBER, _("Angka atau rentang (mis. 99 atau 80–90)")),
    (TARGET_TYPE_SCALE, _("Skala kualitatif (label, mis. WTP, WDP, TW, TMP)")),
]


def input_number(value: Decimal | None) -> str:
    """A stored number as a person types it: ``99``, ``0,686``, ``18.800.000``."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, places)


def read_number(text: str, what: str = "") -> Decimal:
    """Read an Indonesian number for storage; refuse what the database cannot keep exactly."""
    try:
        value = parse_number(text, indonesian=True)
    except KinerjaValidationError as exc:
        raise forms.ValidationError(f"{what}{exc.message}") from exc
    exponent = value.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if places > MEASURE_PLACES:
        raise forms.ValidationError(
            _("%(what)s'%(text)s' memiliki %(places)s angka di belakang koma (paling banyak %(max)s)")
            % {"what": what, "text": text, "places": places, "max": MEASURE_PLACES}
        )
    if value.adjusted() >= MEASURE_DIGITS - MEASURE_PLACES:
        raise forms.ValidationError(_("%(what)s'%(text)s' terlalu besar") % {"what": what, "text": text})
    return value


_RANGE_HYPHEN = re.compile(r"^\s*(\d[\d.,]*)\s*-\s*([-+−]?\d[\d.,]*)\s*$")


def read_target(text: str, scale: list[str]) -> Target | None:
    """One typed target: a scale label, a number, or a range ``80–90``; ``None`` when empty."""
    text = text.strip()
    if not text:
        return None
    if scale:
        if text not in scale:
            raise forms.ValidationError(
                _("pilih salah satu label skala: %(labels)s") % {"labels": ", ".join(scale)}
            )
        return QualitativeTarget(text)
    parts: list[str] | None = None
    for dash in ("–", "—"):
        if dash in text:
            parts = [p.strip() for p in text.split(dash)]
            break
    if parts is None:
        m = _RANGE_HYPHEN.match(text)
        if m:
            parts = [m.group(1), m.group(2)]
    if parts is None:
        return NumericTarget(read_number(text))
    if len(parts) != 2 or not all(parts):
        raise forms.ValidationError(
            _("rentang '%(text)s' tidak terbaca; tulis seperti 80–90") % {"text": text}
        )
    low, high = read_number(parts[0], str(_("batas bawah: "))), read_number(parts[1], str(_("batas atas: ")))
    if low > high:
        raise forms.ValidationError(
            _("rentang '%(text)s': batas bawah lebih besar dari batas atas") % {"text": text}
        )
    return RangeTarget(low, high)


def show_input(target: Target | None) -> str:
    if isinstance(target, NumericTarget):
        return input_number(target.value)
    if isinstance(target, RangeTarget):
        return f"{input_number(target.low)}–{input_number(target.high)}"
    if isinstance(target, QualitativeTarget):
        return target.label
    return ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _code(value: str) -> str:
    value = value.strip()
    if ":" in value:
        raise forms.ValidationError(_("Kode tidak boleh memuat titik dua (:)."))
    return value


class TokenForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)


# --- plan header ------------------------------------------------------------------------------


class HeaderForm(TokenForm):
    label = forms.CharField(label=_("Label"), max_length=300, required=False)
    vision = forms.CharField(label=_("Visi"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    missions = forms.CharField(
        label=_("Misi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Satu misi per baris, berurutan."),
    )
    goals = forms.CharField(
        label=_("Tujuan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Satu tujuan per baris: KODE: pernyataan tujuan (mis. T1: Meningkatkan ...)."),
    )
    adopted_on = forms.DateField(
        label=_("Tanggal penetapan"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Tanggal tidak dapat dibaca; tulis seperti 11-05-2020 atau 2020-05-11.")
        },
        help_text=_("Versi draf ditetapkan dengan tombol «Tetapkan versi ini» di halaman Renstra."),
    )
    legal_basis = forms.CharField(label=_("Dasar hukum"), max_length=500, required=False)

    def clean_goals(self) -> list[tuple[str, str]]:
        out = []
        for n, line in enumerate(_lines(self.cleaned_data.get("goals") or ""), start=1):
            code, sep, statement = line.partition(":")
            code, statement = code.strip(), statement.strip()
            if not sep or not code or not statement:
                raise forms.ValidationError(
                    _("Baris %(n)s ('%(line)s'): tulis KODE: pernyataan tujuan.")
                    % {"n": n, "line": line[:40]}
                )
            if len(code) > CODE_LENGTH:
                raise forms.ValidationError(
                    _("Baris %(n)s: kode terlalu panjang (paling banyak %(max)s).")
                    % {"n": n, "max": CODE_LENGTH}
                )
            out.append((code, statement))
        return out

    def data_object(self) -> HeaderData:
        d = self.cleaned_data
        return HeaderData(
            label=d.get("label") or "",
            vision=(d.get("vision") or "").strip(),
            adopted_on=d.get("adopted_on"),
            legal_basis=d.get("legal_basis") or "",
            missions=_lines(d.get("missions") or ""),
            goals=d.get("goals") or [],
        )

    @staticmethod
    def initial_for(plan: Plan, token: str) -> dict[str, Any]:
        return {
            "token": token,
            "label": plan.label,
            "vision": plan.vision,
            "missions": "\n".join(m.statement for m in plan.missions.order_by("position", "id")),
            "goals": "\n".join(f"{g.code}: {g.statement}" for g in plan.goals.order_by("position", "id")),
            "adopted_on": plan.adopted_on,
            "legal_basis": plan.legal_basis,
        }


# --- objective --------------------------------------------------------------------------------


class ObjectiveForm(TokenForm):
    code = forms.CharField(label=_("Kode"), max_length=CODE_LENGTH, error_messages=REQUIRED)
    level = forms.ChoiceField(label=_("Tingkat"), choices=OBJECTIVE_LEVEL_CHOICES)
    statement = forms.CharField(
        label=_("Pernyataan sasaran"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )
    goal = forms.TypedChoiceField(label=_("Tujuan"), required=False, coerce=int, empty_value=None)
    supports = forms.TypedMultipleChoiceField(
        label=_("Mendukung sasaran (pohon kinerja)"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sasaran Renstra unit di atas unit ini yang didukung oleh sasaran ini."),
        error_messages={
            "invalid_choice": _(
                "Sasaran yang dipilih tidak dapat didukung: pilih sasaran Renstra unit di atas unit ini."
            ),
            "invalid_list": _("Pilihan sasaran yang didukung tidak terbaca."),
        },
    )

    def __init__(self, *args: Any, goals: list[tuple[int, str]], supports: list[tuple[int, str]], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["goal"].choices = [("", _("– tanpa tujuan –")), *goals]  # type: ignore[attr-defined]
        self.fields["supports"].choices = supports  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        return _code(self.cleaned_data["code"])

    def data_object(self) -> ObjectiveData:
        d = self.cleaned_data
        return ObjectiveData(
            code=d["code"],
            level=d["level"],
            statement=d["statement"].strip(),
            goal_id=d.get("goal"),
            supports=list(d.get("supports") or []),
        )


# --- indicator --------------------------------------------------------------------------------


class IndicatorForm(TokenForm):
    code = forms.CharField(label=_("Kode"), max_length=CODE_LENGTH, error_messages=REQUIRED)
    name = forms.CharField(
        label=_("Nama indikator"), widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED
    )
    owner = forms.TypedChoiceField(label=_("Unit pemilik"), coerce=int)
    definition = forms.CharField(
        label=_("Definisi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit_of_measure = forms.CharField(label=_("Satuan"), max_length=100, required=False)
    polarity = forms.ChoiceField(label=_("Polaritas"), choices=POLARITY_CHOICES)
    target_type = forms.ChoiceField(
        label=_("Jenis target"),
        choices=TARGET_TYPE_CHOICES,
        widget=forms.RadioSelect,
        initial=TARGET_TYPE_NUMBER,
    )
    scale = forms.CharField(
        label=_("Skala kualitatif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Satu label per baris, dari yang terbaik (mis. WTP, WDP, TW, TMP). Hanya untuk jenis target skala."
        ),
    )
    formula = forms.CharField(
        label=_("Rumus"),
        required=False,
        max_length=500,
        help_text=_(
            "Mis. n / T * 100. Boleh: angka (titik sebagai desimal), nama variabel, + - * /, kurung, "
            "min, max, abs, round."
        ),
    )
    variables = forms.CharField(
        label=_("Keterangan variabel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: nama: keterangan (mis. n: jumlah KPM yang sukses transaksi)."),
    )
    data_source = forms.CharField(
        label=_("Sumber data"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.ChoiceField(
        label=_("Sumber realisasi"),
        required=False,
        choices=[("", _("Diisi sebagai realisasi"))] + SOURCE_CHOICES,
        help_text=_(
            "Realisasi dapat diambil dari data anggaran, SKM atau evaluasi AKIP unit ini (atau unit atasan "
            "pemegang DIPA); halaman dan Laporan Kinerja menyebut sumbernya."
        ),
    )
    frequency = forms.CharField(label=_("Frekuensi pelaporan"), max_length=50, required=False)
    quarter_rule = forms.ChoiceField(label=_("Aturan triwulan ke tahun"), choices=QUARTER_RULE_CHOICES)
    max_achievement = forms.CharField(
        label=_("Batas capaian (%)"),
        required=False,
        help_text=_("Mis. 100 bila melebihi target tidak bermakna; kosongkan bila tanpa batas."),
    )
    baseline = forms.CharField(label=_("Baseline"), required=False)
    baseline_year = forms.IntegerField(
        label=_("Tahun baseline"),
        required=False,
        min_value=1900,
        max_value=2999,
        error_messages={
            "invalid": _("Tahun harus bilangan bulat, mis. 2019."),
            "min_value": _("Tahun paling kecil 1900."),
            "max_value": _("Tahun paling besar 2999."),
        },
    )
    aggregation = forms.ChoiceField(label=_("Agregasi komponen"), choices=AGGREGATION_CHOICES)
    components = forms.CharField(
        label=_("Komponen (indikator komposit)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: UNIT:KODE, dengan bobot untuk rata-rata tertimbang: UNIT:KODE = bobot."),
    )

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        return _code(self.cleaned_data["code"])

    def clean_scale(self) -> list[str]:
        labels = _lines(self.cleaned_data.get("scale") or "")
        dupes = sorted({s for s in labels if labels.count(s) > 1})
        if dupes:
            raise forms.ValidationError(
                _("Label skala tercantum dua kali: %(labels)s.") % {"labels": ", ".join(dupes)}
            )
        return labels

    def clean_formula(self) -> str:
        text = (self.cleaned_data.get("formula") or "").strip()
        if text:
            try:
                formula_variables(text)
            except KinerjaValidationError as exc:
                raise forms.ValidationError(f"{exc.message[0].upper()}{exc.message[1:]}.") from exc
        return text

    def clean_variables(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for n, line in enumerate(_lines(self.cleaned_data.get("variables") or ""), start=1):
            name, sep, text = line.partition(":")
            if not sep or not name.strip():
                raise forms.ValidationError(
                    _("Baris %(n)s ('%(line)s'): tulis nama: keterangan.") % {"n": n, "line": line[:40]}
                )
            out[name.strip()] = text.strip()
        return out

    def _optional_number(self, name: str) -> Decimal | None:
        text = (self.cleaned_data.get(name) or "").strip()
        return read_number(text) if text else None

    def clean_max_achievement(self) -> Decimal | None:
        value = self._optional_number("max_achievement")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Batas capaian harus lebih dari 0."))
        return value

    def clean_baseline(self) -> Decimal | None:
        return self._optional_number("baseline")

    def clean_components(self) -> list[tuple[str, Decimal | None]]:
        out: list[tuple[str, Decimal | None]] = []
        for n, line in enumerate(_lines(self.cleaned_data.get("components") or ""), start=1):
            key, sep, weight = line.partition("=")
            key = key.strip()
            if not key:
                raise forms.ValidationError(
                    _("Baris %(n)s: tulis UNIT:KODE atau UNIT:KODE = bobot.") % {"n": n}
                )
            try:
                out.append(
                    (key, read_number(weight.strip(), _("bobot %(key)s: ") % {"key": key}) if sep else None)
                )
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Baris %(n)s: %(problem)s") % {"n": n, "problem": " ".join(exc.messages)}
                ) from exc
        return out

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        scale = d.get("scale") or []
        if d.get("target_type") == TARGET_TYPE_SCALE and "scale" in d and len(scale) < 2:
            self.add_error("scale", _("Skala kualitatif memerlukan paling sedikit dua label."))
        if d.get("target_type") == TARGET_TYPE_NUMBER and scale:
            self.add_error("scale", _("Kosongkan skala, atau pilih jenis target skala kualitatif."))
        if d.get("aggregation") == "weighted_mean" and d.get("components"):
            missing = [k for k, w in d["components"] if w is None]
            if missing:
                self.add_error(
                    "components",
                    _("Rata-rata tertimbang: beri bobot untuk %(keys)s.") % {"keys": ", ".join(missing)},
                )
        return d

    def data_object(self) -> IndicatorData:
        d = self.cleaned_data
        return IndicatorData(
            code=d["code"],
            name=d["name"].strip(),
            owner_id=d["owner"],
            definition=(d.get("definition") or "").strip(),
            unit_of_measure=d.get("unit_of_measure") or "",
            polarity=d["polarity"],
            formula=d.get("formula") or "",
            variables=d.get("variables") or {},
            data_source=(d.get("data_source") or "").strip(),
            source=d.get("source") or "",
            frequency=d.get("frequency") or "",
            quarter_rule=d["quarter_rule"],
            max_achievement=d.get("max_achievement"),
            scale=(d.get("scale") or []) if d.get("target_type") == TARGET_TYPE_SCALE else [],
            baseline=d.get("baseline"),
            baseline_year=d.get("baseline_year"),
            aggregation=d["aggregation"],
            components=d.get("components") or [],
        )


def indicator_initial(ind: Any, token: str) -> dict[str, Any]:
    return {
        "token": token,
        "code": ind.code,
        "name": ind.name,
        "owner": ind.owner_id,
        "definition": ind.definition,
        "unit_of_measure": ind.unit_of_measure,
        "polarity": ind.polarity,
        "target_type": TARGET_TYPE_SCALE if ind.scale else TARGET_TYPE_NUMBER,
        "scale": "\n".join(ind.scale or []),
        "formula": ind.formula,
        "variables": "\n".join(
            f"{v.name}: {v.description}" for v in ind.variables.order_by("position", "id")
        ),
        "data_source": ind.data_source,
        "source": ind.source,
        "frequency": ind.frequency,
        "quarter_rule": ind.quarter_rule,
        "max_achievement": input_number(ind.max_achievement),
        "baseline": input_number(ind.baseline),
        "baseline_year": ind.baseline_year,
        "aggregation": ind.aggregation,
        "components": "\n".join(
            f"{c.component.owner.code}:{c.component.code}"
            + (f" = {input_number(c.weight)}" if c.weight is not None else "")
            for c in ind.component_links.select_related("component__owner").order_by("position", "id")
        ),
    }


# --- targets ----------------------------------------------------------------------------------


class TargetsForm(TokenForm):
    """One field per Renstra year (``t2020`` ...): a number, a range ``80–90`` or a scale label."""

    def __init__(self, *args: Any, years: list[int], scale: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.years = years
        self.scale = scale
        for year in years:
            if scale:
                self.fields[f"t{year}"] = forms.CharField(
                    label=str(year),
                    required=False,
                    widget=forms.Select(choices=[("", "–"), *[(s, s) for s in scale]]),
                )
            else:
                self.fields[f"t{year}"] = forms.CharField(
                    label=str(year),
                    required=False,
                    max_length=100,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 12}),
                )
        self.targets: dict[int, Target | None] = {}

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        for year in self.years:
            name = f"t{year}"
            raw = str(self.data.get(name, "")).strip()
            try:
                self.targets[year] = read_target(raw, self.scale)
            except forms.ValidationError as exc:
                self.add_error(
                    name,
                    _("Target %(year)s: %(problem)s") % {"year": year, "problem": " ".join(exc.messages)},
                )
        return d

    def field_rows(self) -> list[tuple[int, forms.BoundField]]:
        return [(year, self[f"t{year}"]) for year in self.years]


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Tanggal penetapan"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Tanggal penetapan wajib diisi."),
            "invalid": _("Tanggal tidak dapat dibaca; tulis seperti 11-05-2020 atau 2020-05-11."),
        },
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum"),
        max_length=500,
        required=False,
        help_text=_("Nomor peraturan yang menetapkan, mis. Permensos 6 Tahun 2020. Kosongkan bila tetap."),
    )


class NewVersionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan perubahan (reviu)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Alasan perubahan wajib diisi.")},
        help_text=_("Mis. reviu Renstra 2022 setelah perubahan struktur organisasi."),
    )
    label = forms.CharField(label=_("Label versi baru"), max_length=300, required=False)
