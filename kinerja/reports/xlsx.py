"""Spreadsheets (openpyxl): the Renstra "Matriks Kinerja dan Pendanaan" and the quarterly Rencana
Aksi / monitoring table.

Cells hold plain values: numbers as numbers (``Decimal``/``int``), with number formats that Excel
and LibreOffice show the Indonesian way in an Indonesian locale (``#,##0.00`` -> ``99,25``;
money ``"Rp"#,##0``); header rows are frozen; the provenance is in the workbook properties and a
"Keterangan" sheet. A range target or a label (e.g. WTP) is text, as it is no single number.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.core.types import KinerjaValidationError, NumericTarget, RangeTarget, Target
from kinerja.figures.inforce import latest_plan
from kinerja.interchange import document as d
from kinerja.interchange.refs import resolve_ref
from kinerja.reports.assemble import UnitYearReport
from kinerja.reports.fmt import show_target
from kinerja.reports.model import Provenance
from kinerja.reports.workbook import workbook_bytes

NUMBER = "#,##0.00"
MONEY = '"Rp"#,##0'
_HEADER_FILL = PatternFill("solid", fgColor="DBE5F1")
_OBJECTIVE_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _target_cell(target: Target | None) -> Decimal | str | None:
    if target is None:
        return None
    if isinstance(target, NumericTarget):
        return target.value
    if isinstance(target, RangeTarget):
        return show_target(target)
    return target.label


def _header(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col, value=value or None)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER


def _row(ws: Worksheet, row: int, values: list[Any], formats: dict[int, str], bold: bool = False) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = _BORDER
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            cell.number_format = formats.get(col, NUMBER)
            cell.alignment = Alignment(horizontal="right", vertical="top")
        else:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        if bold:
            cell.font = Font(bold=True)
            cell.fill = _OBJECTIVE_FILL


def _title(ws: Worksheet, lines: list[str]) -> None:
    for i, text in enumerate(lines, 1):
        cell = ws.cell(row=i, column=1, value=text)
        cell.font = Font(bold=i == 1, size=13 if i == 1 else 11)


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _finish(wb: Workbook, provenance: Provenance, title: str, subject: str, author: str) -> bytes:
    props = wb.properties
    props.title = title
    props.subject = subject
    props.creator = author
    props.lastModifiedBy = provenance.generator
    props.identifier = provenance.identifier
    props.keywords = f"SAKIP; {provenance.identifier}"
    props.description = provenance.describe()
    props.created = provenance.generated_at.replace(tzinfo=None)
    props.modified = provenance.generated_at.replace(tzinfo=None)
    info = wb.create_sheet("Keterangan")
    info["A1"] = title
    info["A1"].font = Font(bold=True)
    info["A2"] = subject
    info["A3"] = provenance.describe()
    info["A4"] = (
        "Angka disimpan sebagai angka; format tampilan mengikuti pengaturan bahasa Excel/LibreOffice "
        "(Indonesia: 99,25 dan Rp1.234.567)."
    )
    info.column_dimensions["A"].width = 120
    return workbook_bytes(wb)


def _latest_plan(doc: d.Document, unit: str) -> d.Plan:
    plan = latest_plan(doc, unit)
    if plan is None:
        if unit not in {u.code for u in doc.units}:
            raise KinerjaValidationError(f"unit '{unit}' tidak ada di data")
        raise KinerjaValidationError(f"unit {unit} belum punya Renstra")
    return plan


def renstra_matrix(doc: d.Document, unit: str, provenance: Provenance) -> bytes:
    """Matriks Kinerja dan Pendanaan of the unit's latest Renstra."""
    plan = _latest_plan(doc, unit)
    unit_row = next((u for u in doc.units if u.code == unit), None)
    unit_name = unit_row.name if unit_row else unit
    years = list(range(plan.period[0], plan.period[1] + 1))
    funding: dict[str, dict[int, int]] = defaultdict(dict)  # objective key or account -> year -> amount
    for b in doc.budgets:
        if b.unit != unit or b.kind != "renstra" or b.year not in years:
            continue
        slot = resolve_ref(b.objective, unit) if b.objective else f"akun:{b.account or 'Pendanaan unit'}"
        funding[slot][b.year] = funding[slot].get(b.year, 0) + b.amount

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet
    ws.title = "Matriks Renstra"
    label = plan.label or f"Renstra {plan.period[0]}–{plan.period[1]}"
    _title(
        ws,
        [
            "MATRIKS KINERJA DAN PENDANAAN",
            f"{unit_name} ({unit}) — {label}, versi {plan.version}",
            f"Target per tahun; alokasi pendanaan dalam rupiah. {provenance.describe()}",
        ],
    )
    head = 5
    n = len(years)
    cols = ["Kode", "Tujuan / Sasaran / Indikator", "Satuan", "Baseline"]
    top = [*cols, "Target", *([""] * (n - 1)), "Alokasi pendanaan (Rp)", *([""] * (n - 1)), "Unit"]
    sub = [""] * len(cols) + [str(y) for y in years] * 2 + [""]
    _header(ws, head, top)
    _header(ws, head + 1, sub)
    for c in range(1, len(cols) + 1):
        ws.merge_cells(start_row=head, start_column=c, end_row=head + 1, end_column=c)
    ws.merge_cells(start_row=head, start_column=len(cols) + 1, end_row=head, end_column=len(cols) + n)
    ws.merge_cells(start_row=head, start_column=len(cols) + n + 1, end_row=head, end_column=len(cols) + 2 * n)
    last = len(cols) + 2 * n + 1
    ws.merge_cells(start_row=head, start_column=last, end_row=head + 1, end_column=last)
    money_cols = {len(cols) + n + 1 + i: MONEY for i in range(n)}
    r = head + 2
    goals = {g.code: g.statement for g in plan.goals}
    shown_goals: set[str] = set()
    for obj in plan.objectives:
        if obj.goal and obj.goal not in shown_goals:
            shown_goals.add(obj.goal)
            _row(
                ws, r, [obj.goal, f"Tujuan: {goals.get(obj.goal, '')}", *([None] * (last - 2))], {}, bold=True
            )
            r += 1
        amounts = funding.get(f"{unit}:{obj.code}", {})
        _row(
            ws,
            r,
            [
                obj.code,
                f"Sasaran: {obj.statement}",
                None,
                None,
                *([None] * n),
                *(amounts.get(y) for y in years),
                unit,
            ],
            money_cols,
            bold=True,
        )
        r += 1
        for ind in obj.indicators:
            _row(
                ws,
                r,
                [
                    ind.code,
                    ind.name,
                    ind.unit_of_measure or None,
                    ind.baseline,
                    *(_target_cell(ind.targets.get(y)) for y in years),
                    *([None] * n),
                    ind.owner or unit,
                ],
                {},
            )
            r += 1
    accounts = {k: v for k, v in funding.items() if k.startswith("akun:")}
    if accounts:
        for key, amounts in sorted(accounts.items()):
            _row(
                ws,
                r,
                [
                    "",
                    f"Pendanaan: {key[5:]}",
                    None,
                    None,
                    *([None] * n),
                    *(amounts.get(y) for y in years),
                    unit,
                ],
                money_cols,
            )
            r += 1
    total = {y: sum(v.get(y, 0) for v in funding.values()) for y in years}
    if funding:
        _row(
            ws,
            r,
            ["", "Jumlah pendanaan", None, None, *([None] * n), *(total[y] for y in years), None],
            money_cols,
            bold=True,
        )
    ws.freeze_panes = f"{get_column_letter(3)}{head + 2}"
    _widths(ws, [10, 60, 9, 10, *([10] * n), *([20] * n), 12])
    return _finish(wb, provenance, f"Matriks Kinerja dan Pendanaan {label}", unit_name, doc.agency.name)


def action_plan_workbook(report: UnitYearReport, provenance: Provenance) -> bytes:
    """Rencana Aksi and monitoring of the year: quarterly targets, realisations and capaian."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet
    ws.title = f"Rencana Aksi {report.year}"
    _title(
        ws,
        [
            f"RENCANA AKSI DAN PEMANTAUAN KINERJA TAHUN {report.year}",
            f"{report.unit.name} ({report.unit.code})",
            f"Target tahunan dari Perjanjian Kinerja yang berlaku; capaian dihitung mesin Kinerja. {provenance.describe()}",
        ],
    )
    head = 5
    q = ["TW I", "TW II", "TW III", "TW IV"]
    top = [
        "Sasaran",
        "Kode",
        "Indikator",
        "Satuan",
        "Target tahunan",
        "Target triwulan",
        "",
        "",
        "",
        "Realisasi triwulan",
        "",
        "",
        "",
        "Capaian triwulan (%)",
        "",
        "",
        "",
        "Realisasi tahunan",
        "Capaian tahunan (%)",
        "Aturan triwulan",
    ]
    sub = [""] * 5 + q * 3 + ["", "", ""]
    _header(ws, head, top)
    _header(ws, head + 1, sub)
    for c in (1, 2, 3, 4, 5, 18, 19, 20):
        ws.merge_cells(start_row=head, start_column=c, end_row=head + 1, end_column=c)
    for start in (6, 10, 14):
        ws.merge_cells(start_row=head, start_column=start, end_row=head, end_column=start + 3)
    r = head + 2
    for obj in report.objectives:
        _row(ws, r, [obj.code, None, obj.statement, *([None] * 15), obj.achievement, None], {}, bold=True)
        r += 1
        for ind in obj.indicators:
            quarters = {x.quarter: x for x in ind.quarters}
            _row(
                ws,
                r,
                [
                    obj.code,
                    ind.code,
                    ind.name,
                    ind.unit_of_measure or None,
                    _target_cell(ind.target),
                    *(_target_cell(quarters[i].target) if i in quarters else None for i in (1, 2, 3, 4)),
                    *((quarters[i].realization) if i in quarters else None for i in (1, 2, 3, 4)),
                    *(quarters[i].achievement if i in quarters else None for i in (1, 2, 3, 4)),
                    (ind.realization),
                    ind.achievement,
                    {"last": "terakhir", "sum": "jumlah", "average": "rata-rata"}.get(
                        ind.indicator.quarter_rule.value, ind.indicator.quarter_rule.value
                    ),
                ],
                {},
            )
            r += 1
    _row(
        ws,
        r,
        ["", "", "Capaian kinerja unit", *([None] * 15), report.result.achievement, None],
        {},
        bold=True,
    )
    ws.freeze_panes = f"{get_column_letter(4)}{head + 2}"
    _widths(ws, [9, 10, 55, 9, 11, *([10] * 12), 12, 12, 12])
    if not report.action_plans:
        ws.cell(
            row=r + 2, column=1, value="Belum ada target triwulan (Rencana Aksi) untuk tahun ini."
        ).font = Font(italic=True)
    return _finish(
        wb,
        provenance,
        f"Rencana Aksi {report.year} {report.unit.name}",
        report.unit.name,
        report.agency.name,
    )
