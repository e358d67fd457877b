"""The XLSX template of a unit-year: Renstra targets of the year, Rencana Aksi (TW I-IV) of the
PK indicators, and realisations (year and TW I-IV) with one column per formula variable, the
value and the narrative, prefilled with the current values.

Cells the user may change are unlocked and tinted; everything else is locked (sheet protection):
the hidden key columns, the descriptive columns, whole sheets the user has no right to edit, and
the rows of realisations that are not editable now (submitted, verified, approved/locked). The
protection is a guide for people; the upload checks everything again (``upload``).

Numbers are written as numbers (Excel/LibreOffice show them in the reader's locale, Indonesian:
``18.658.193``, ``99,25``); a number a spreadsheet could not hold exactly (more than 15
significant digits) is written as Indonesian text so it comes back unchanged. A range target is
text ``75 – 80``; a scale label is text with a drop-down list of the scale.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.agreements.quarters import RULE_EXPLANATIONS, RULE_NAMES
from kinerja.core.types import NumericTarget, QualitativeTarget, QuarterRule, RangeTarget, Target
from kinerja.measurement import workflow
from kinerja.measurement.models import STATUS_LABELS
from kinerja.measurement.services import format_input
from kinerja.organizations import access, permissions
from kinerja.planning.models import TARGET_KIND_CHOICES, TARGET_LABEL
from kinerja.reports.workbook import workbook_bytes
from kinerja.reports.xlsx import _BORDER, _header, _widths
from kinerja.spreadsheets import layout as L
from kinerja.spreadsheets.rows import (
    MODE_INPUTS,
    MODE_LABEL,
    NARRATIVE_FIELDS,
    QuarterRow,
    RealizationRow,
    TargetRow,
    UnitYear,
    load,
    period_key,
)

EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells to fill in
NA_FILL = PatternFill("solid", fgColor="D9D9D9")  # not applicable to this row
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")  # a row that cannot be edited now
UNLOCKED = Protection(locked=False)
KIND_NAMES = {k: str(v) for k, v in TARGET_KIND_CHOICES}
RANGE_DASH = " – "


# --- cell values ---------------------------------------------------------------------------------


def number_cell(value: Decimal | None) -> tuple[Any, str | None]:
    """(value to write, number format): a number when a spreadsheet holds it exactly, else text."""
    if value is None:
        return None, None
    value = value.normalize()
    integral = value == value.to_integral_value()
    if integral and abs(value) < 10**15:
        return int(value), "#,##0"
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return as_float, "#,##0.00########"
    return format_input(value), "@"


def target_cell(target: Target | None) -> tuple[Any, str | None]:
    if target is None:
        return None, None
    if isinstance(target, NumericTarget):
        return number_cell(target.value)
    if isinstance(target, RangeTarget):
        return f"{format_input(target.low)}{RANGE_DASH}{format_input(target.high)}", "@"
    if isinstance(target, QualitativeTarget):
        return target.label, "@"
    raise TypeError(target)


# --- sheet frame -----------------------------------------------------------------------------------


class Sheet:
    """A data sheet: title, hidden machine-name row, header row, rows, protection."""

    def __init__(self, ws: Worksheet, columns: list[L.Column], title: str, subtitle: str) -> None:
        self.ws = ws
        self.columns = columns
        self.index = {c.key: i for i, c in enumerate(columns, 1)}
        ws.cell(row=L.TITLE_ROW, column=1, value=title).font = Font(bold=True, size=13)
        ws.cell(row=L.SUBTITLE_ROW, column=1, value=subtitle).font = Font(italic=True)
        for col in columns:
            ws.cell(row=L.KEY_ROW, column=self.index[col.key], value=col.key)
        ws.row_dimensions[L.KEY_ROW].hidden = True
        _header(ws, L.HEADER_ROW, [c.header for c in columns])
        _widths(ws, [c.width for c in columns])
        for col in columns:
            if col.hidden:
                ws.column_dimensions[get_column_letter(self.index[col.key])].hidden = True
        # header rows frozen, and the indicator's code and name stay in view when scrolling right
        first_free = self.index["name"] + 1 if "name" in self.index else 1
        ws.freeze_panes = ws.cell(row=L.FIRST_ROW, column=first_free).coordinate
        self.row = L.FIRST_ROW
        self.validations: dict[tuple[str, ...], DataValidation] = {}

    def put(
        self,
        key: str,
        value: Any,
        number_format: str | None = None,
        editable: bool = False,
        fill: PatternFill | None = None,
    ) -> None:
        cell = self.ws.cell(row=self.row, column=self.index[key], value=value)
        cell.border = _BORDER
        if number_format:
            cell.number_format = number_format
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.alignment = Alignment(horizontal="right", vertical="top")
        else:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        if editable:
            cell.protection = UNLOCKED
            cell.fill = EDIT_FILL
        elif fill is not None:
            cell.fill = fill

    def scale_list(self, key: str, scale: list[str]) -> None:
        """A drop-down list of the scale's labels on the current row's ``key`` cell."""
        labels = tuple(s for s in scale if s and "," not in s and '"' not in s)
        if not labels or len(",".join(labels)) > 250:
            return
        dv = self.validations.get(labels)
        if dv is None:
            dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
            dv.error = "Pilih salah satu label skala: " + ", ".join(labels)
            dv.errorTitle = "Label tidak ada dalam skala"
            self.ws.add_data_validation(dv)
            self.validations[labels] = dv
        dv.add(self.ws.cell(row=self.row, column=self.index[key]))

    def keys(self, unit: str, ref: str, period: str, version: Any) -> None:
        for key, value in (("unit", unit), ("indicator", ref), ("period", period), ("version", version)):
            self.put(key, value, "@")

    def next(self) -> None:
        self.row += 1

    def protect(self) -> None:
        self.ws.protection.sheet = True
        self.ws.protection.autoFilter = False
        self.ws.protection.sort = True


# --- sheets ----------------------------------------------------------------------------------------


def _targets_sheet(ws: Worksheet, data: UnitYear, editable: bool) -> None:
    plan = data.plan
    subtitle = (
        f"Renstra {plan.period_start}–{plan.period_end} versi {plan.version}: ubah sel berwarna kuning."
        if plan
        else f"Unit ini belum memiliki Renstra yang mencakup tahun {data.year}."
    )
    if plan and not editable:
        subtitle += " Anda tidak berhak mengubah Renstra unit ini; lembar ini hanya untuk dibaca."
    sheet = Sheet(ws, L.target_columns(data.year), f"TARGET RENSTRA {data.year} — {data.unit.name}", subtitle)
    for row in data.targets:
        _target_row(sheet, data, row, editable)
        sheet.next()
    sheet.protect()


def _target_row(sheet: Sheet, data: UnitYear, row: TargetRow, editable: bool) -> None:
    ind = row.indicator
    sheet.keys(data.unit.code, row.ref, str(data.year), row.version)
    sheet.put("objective", ind.objective.code)
    sheet.put("code", ind.code)
    sheet.put("name", ind.name)
    sheet.put("uom", ind.unit_of_measure or None)
    kind = KIND_NAMES.get(row.kind, row.kind)
    if row.kind == TARGET_LABEL and ind.scale:
        kind += f" ({', '.join(ind.scale)})"
    sheet.put("kind", kind)
    value, fmt = target_cell(row.target)
    if fmt is None and row.kind != "number":
        fmt = "@"
    sheet.put("target", value, fmt, editable=editable)
    if editable and row.kind == TARGET_LABEL:
        sheet.scale_list("target", list(ind.scale or []))


def _quarters_sheet(ws: Worksheet, data: UnitYear, editable: bool) -> None:
    a = data.agreement
    if a is None:
        subtitle = f"Belum ada Perjanjian Kinerja {data.year}; rencana aksi disusun untuk indikator PK."
    else:
        subtitle = (
            f"Target triwulan indikator PK {data.year} versi {a.version}"
            f"{' (draf)' if a.is_draft else ''}; harus sesuai target tahunan menurut aturan triwulan."
        )
        if not editable:
            subtitle += " Anda tidak berhak mengubah rencana aksi unit ini; lembar ini hanya untuk dibaca."
    sheet = Sheet(ws, L.quarter_columns(data.year), f"RENCANA AKSI {data.year} — {data.unit.name}", subtitle)
    for row in data.quarters:
        _quarter_row(sheet, data, row, editable)
        sheet.next()
    sheet.protect()


def _quarter_row(sheet: Sheet, data: UnitYear, row: QuarterRow, editable: bool) -> None:
    ind = row.indicator
    sheet.keys(data.unit.code, row.ref, str(data.year), row.version)
    sheet.put("code", ind.code)
    sheet.put("name", ind.name)
    sheet.put("uom", ind.unit_of_measure or None)
    rule = QuarterRule(ind.quarter_rule)
    sheet.put("rule", f"{RULE_NAMES[rule]}: {RULE_EXPLANATIONS[rule]}")
    value, fmt = target_cell(row.year_target)
    sheet.put("year_target", value, fmt)
    for q, key in L.QUARTER_KEYS.items():
        value, fmt = target_cell(row.quarters.get(q))
        if fmt is None and row.kind != "number":
            fmt = "@"
        sheet.put(key, value, fmt, editable=editable)
        if editable and row.kind == TARGET_LABEL:
            sheet.scale_list(key, list(ind.scale or []))


def _realizations_sheet(ws: Worksheet, data: UnitYear, editable: bool) -> None:
    subtitle = (
        "Isi nilai setiap variabel rumus (masukan mentah) atau nilai realisasi, serta narasinya. "
        "Baris abu-abu tidak dapat diubah (sudah diajukan, diverifikasi atau disetujui dan terkunci)."
    )
    if not editable:
        subtitle = "Anda tidak berhak mengisi realisasi unit ini; lembar ini hanya untuk dibaca."
    variables = data.variable_names
    sheet = Sheet(ws, L.realization_columns(variables), f"REALISASI {data.year} — {data.unit.name}", subtitle)
    for name in variables:
        notes = []
        for row in data.realizations:
            if row.quarter is None and name in row.variables:
                desc = row.indicator.variables.filter(name=name).values_list("description", flat=True).first()
                notes.append(f"{row.indicator.code}: {desc or name}")
        if notes:
            cell = ws.cell(row=L.HEADER_ROW, column=sheet.index[f"var:{name}"])
            cell.comment = Comment("\n".join(notes)[:2000], "Kinerja")
    for row in data.realizations:
        _realization_row(sheet, data, row, editable, variables)
        sheet.next()
    sheet.protect()


def _realization_row(
    sheet: Sheet, data: UnitYear, row: RealizationRow, editable: bool, variables: list[str]
) -> None:
    ind = row.indicator
    r = row.record
    can_edit = editable and (r is None or workflow.is_editable(r))
    fill = None if can_edit else LOCKED_FILL
    sheet.keys(data.unit.code, row.ref, period_key(data.year, row.quarter), row.version)
    sheet.put(L.FINGERPRINT, row.fingerprint, "@")
    sheet.put("code", ind.code, fill=fill)
    sheet.put("name", ind.name, fill=fill)
    sheet.put("period_label", L.PERIOD_LABELS[row.quarter], fill=fill)
    status = "belum diisi" if r is None else str(STATUS_LABELS.get(r.status, r.status))
    if r is not None and (r.locked or (r.status == workflow.APPROVED and not workflow.is_editable(r))):
        status += " (terkunci)"
    sheet.put("status", status, fill=fill)
    value, fmt = target_cell(row.target)
    sheet.put("target", value, fmt, fill=fill)
    sheet.put("formula", ind.formula or None, fill=fill)
    for name in variables:
        key = f"var:{name}"
        if row.mode == MODE_INPUTS and name in row.variables:
            value, fmt = number_cell(row.inputs.get(name))
            sheet.put(key, value, fmt, editable=can_edit, fill=fill)
        else:
            sheet.put(key, None, fill=NA_FILL)
    if row.mode == MODE_INPUTS:
        value, fmt = number_cell(r.value_number if r else None)
        sheet.put("value", value, fmt, fill=NA_FILL)
    elif row.mode == MODE_LABEL:
        sheet.put("value", (r.value_label if r else "") or None, "@", editable=can_edit, fill=fill)
        if can_edit:
            sheet.scale_list("value", list(ind.scale or []))
    else:
        value, fmt = number_cell(r.value_number if r else None)
        sheet.put("value", value, fmt, editable=can_edit, fill=fill)
    for f in NARRATIVE_FIELDS:
        sheet.put(f, (getattr(r, f) if r else "") or None, "@", editable=can_edit, fill=fill)


INSTRUCTIONS = [
    ("PETUNJUK PENGISIAN", True),
    ("", False),
    ("1. Isi hanya sel berwarna kuning. Sel abu-abu dan kolom lain terkunci dan tidak dibaca.", False),
    (
        "2. Angka boleh ditulis sebagai angka biasa atau teks Indonesia: 18658193, 18.658.193, 99,25 "
        "atau 99.25. Tulisan seperti '9,9,9' ditolak.",
        False,
    ),
    ("3. Target rentang ditulis 'batas bawah – batas atas', mis. 75 – 80.", False),
    (
        "4. Target atau realisasi berskala kualitatif (mis. WTP, AA) diisi dengan salah satu label "
        "skala indikator.",
        False,
    ),
    (
        "5. Indikator dengan rumus (mis. n / T * 100): isi kolom setiap variabel (masukan mentah); "
        "nilai realisasi dihitung Kinerja dari rumus. Indikator tanpa rumus: isi kolom 'Nilai realisasi'.",
        False,
    ),
    (
        "6. Realisasi yang sudah diajukan, diverifikasi atau disetujui (terkunci) tidak dapat diubah "
        "lewat berkas ini; barisnya dikunci dan diabaikan bila tidak diubah.",
        False,
    ),
    (
        "7. Jangan menambah, menghapus atau mengganti nama lembar, dan jangan mengubah kolom "
        "tersembunyi (unit, indikator, periode, versi): kolom itu mencocokkan setiap baris saat unggah.",
        False,
    ),
    (
        "8. Unggah kembali berkas ini di halaman 'Isian XLSX' unit. Seluruh berkas diperiksa dahulu: "
        "bila ada satu saja masalah, tidak ada yang disimpan dan daftar masalah per sel ditampilkan.",
        False,
    ),
    (
        "9. Bila data di Kinerja diubah orang lain setelah berkas ini diunduh, baris yang Anda ubah "
        "ditolak; unduh templat baru dan isi ulang.",
        False,
    ),
    (
        "10. Hak akses tetap berlaku: Target Renstra oleh perencana, Rencana Aksi oleh perencana, Realisasi oleh operator.",
        False,
    ),
]


def build_workbook(user: Any, data: UnitYear) -> bytes:
    """The workbook for ``user`` (sheets they may not edit are read-only)."""
    scope = access.Scope(user)
    unit = data.unit
    can_plan = scope.can(permissions.EDIT_PLAN, unit)
    can_agree = scope.can(permissions.EDIT_AGREEMENT, unit)
    can_enter = scope.can(permissions.ENTER_REALIZATION, unit)

    wb = Workbook()
    info = wb.active
    assert isinstance(info, Worksheet)  # a new workbook holds one worksheet
    info.title = L.INSTRUCTIONS_SHEET
    info["A1"] = f"Isian Kinerja {unit.name} ({unit.code}) tahun {data.year}"
    info["A1"].font = Font(bold=True, size=13)
    for i, (text, bold) in enumerate(INSTRUCTIONS, 3):
        cell = info.cell(row=i, column=1, value=text or None)
        cell.font = Font(bold=bold)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rights = [
        ("Target Renstra", can_plan),
        ("Rencana Aksi", can_agree),
        ("Realisasi", can_enter),
    ]
    start = len(INSTRUCTIONS) + 4
    info.cell(row=start, column=1, value="Hak Anda atas berkas ini:").font = Font(bold=True)
    for i, (name, ok) in enumerate(rights, start + 1):
        info.cell(row=i, column=1, value=f"- {name}: {'dapat diubah' if ok else 'hanya dibaca'}")
    info.column_dimensions["A"].width = 120
    info.protection.sheet = True

    _targets_sheet(wb.create_sheet(L.TARGETS_SHEET), data, can_plan and data.plan is not None)
    _quarters_sheet(wb.create_sheet(L.QUARTERS_SHEET), data, can_agree and data.agreement is not None)
    _realizations_sheet(wb.create_sheet(L.REALIZATIONS_SHEET), data, can_enter)

    meta = wb.create_sheet(L.META_SHEET)
    now = timezone.now()
    for i, (key, value) in enumerate(
        [
            ("format", L.FORMAT),
            ("agency", unit.agency.code),
            ("unit", unit.code),
            ("year", str(data.year)),
            ("generated_at", now.strftime("%Y-%m-%dT%H:%M:%SZ")),
            ("generated_for", user.get_username() if getattr(user, "is_authenticated", False) else ""),
        ],
        1,
    ):
        meta.cell(row=i, column=1, value=key)
        meta.cell(row=i, column=2, value=value).number_format = "@"
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True

    wb.security = WorkbookProtection(lockStructure=True)
    props = wb.properties
    props.title = f"Isian Kinerja {unit.code} {data.year}"
    props.subject = unit.name
    props.creator = unit.agency.name
    props.keywords = f"SAKIP; {L.FORMAT}"
    props.created = now.replace(tzinfo=None)
    props.modified = now.replace(tzinfo=None)
    return workbook_bytes(wb)


def template_for(user: Any, unit: Any, year: int) -> bytes:
    return build_workbook(user, load(unit, year))


def filename(unit: Any, year: int) -> str:
    return f"isian-kinerja-{unit.code}-{year}.xlsx"
