"""Reading a filled-in workbook back: check the whole file first, then save everything in one
transaction through the services (history, rights, version checks), or nothing at all.

``process_upload(user, unit, year, data)`` gives an ``Outcome``: either ``problems`` (one per
cell or row, in Bahasa Indonesia: "Sheet Realisasi, sel M7: angka tidak terbaca: '9,9,9' ...")
and nothing saved, or the counts of what changed per sheet.

Checked before anything is written:

* the file: size, a real XLSX (a ZIP with the workbook parts, no macros, no XML entity tricks,
  bounded uncompressed size), made from the Kinerja template (``_kinerja`` sheet) of this unit and
  year; sheets that are not in the template;
* every row: its keys (unit, indicator, period) known, not repeated; every cell read: numbers in
  Indonesian or plain notation (``parse_number(..., indonesian=True)``), the target type of the
  indicator (number, range ``75 – 80``, scale label), labels within the indicator's scale, the
  Rencana Aksi quarter rule, sizes;
* only rows the user changed count (a row's fingerprint as downloaded against its cells now); for
  those: the right for the sheet at the unit (``edit_plan``, ``edit_agreement``,
  ``enter_realization``), that the record has not been changed by someone else since the download
  (row version), and that a realisation is still editable (a draft, or an open lock exception).
  Unchanged rows are ignored, including locked ones.

Then, in one ``transaction.atomic``: Renstra targets (``save_indicator_target`` here, with
``edit_plan``), the Rencana Aksi (``agreements.services.save_action_plan``) and the realisations
(``measurement.services.start_realization`` + ``measurement.workflow.save_realization`` with the
version the user downloaded). Any refusal there (a save that raced the check) rolls everything
back and is reported the same way.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.agreements import services as agreement_services
from kinerja.agreements.quarters import QUARTER_NAMES, QUARTERS, check_quarters
from kinerja.core.numbers import parse_number
from kinerja.core.types import KinerjaValidationError, NumericTarget, QualitativeTarget, RangeTarget, Target
from kinerja.history.context import acting_as
from kinerja.measurement import workflow
from kinerja.measurement.models import STATUS_LABELS, Realization
from kinerja.measurement.services import find_realization, start_realization
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.planning import services as planning_services
from kinerja.planning.models import TARGET_LABEL, TARGET_RANGE, Indicator, IndicatorTarget
from kinerja.spreadsheets import layout as L
from kinerja.spreadsheets.rows import (
    MODE_INPUTS,
    MODE_LABEL,
    NARRATIVE_FIELDS,
    QuarterRow,
    RealizationRow,
    TargetRow,
    UnitYear,
    clean_text,
    editable_values,
    fingerprint,
    load,
    period_key,
    plain,
    quarters_version,
    target_text,
    values_fingerprint,
)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 5000
# Cells in all sheets together: a template has about 140 per indicator, so 1.000 indicators fit;
# reading 200.000 cells takes about 80 MB (python -m bench.upload).
MAX_CELLS = 200_000
MAX_PROBLEMS = 200
MAX_TEXT = 20000
MAX_LABEL = 100
MAX_NUMBER = Decimal(10) ** 18
NUMBER_HINT = gettext_lazy("tulis angka seperti 18.658.193, 18658193 atau 99,25")
SHEET_RIGHTS = {
    L.TARGETS_SHEET: permissions.EDIT_PLAN,
    L.QUARTERS_SHEET: permissions.EDIT_AGREEMENT,
    L.REALIZATIONS_SHEET: permissions.ENTER_REALIZATION,
}
RIGHT_TEXT = {
    permissions.EDIT_PLAN: (gettext_lazy("mengubah target Renstra"), gettext_lazy("perencana")),
    permissions.EDIT_AGREEMENT: (gettext_lazy("mengubah Rencana Aksi"), gettext_lazy("perencana")),
    permissions.ENTER_REALIZATION: (gettext_lazy("mengisi realisasi"), gettext_lazy("operator")),
}
_RANGE = re.compile(
    r"^\s*(-?[0-9][0-9.,]*)\s*(?:–|—|-|s\.?d\.?|sampai)\s*(-?[0-9][0-9.,]*)\s*$", re.IGNORECASE
)


class UploadRefused(KinerjaValidationError):
    """The file as a whole cannot be read (not an XLSX, too large, not a Kinerja template ...)."""


@dataclass(frozen=True)
class Problem:
    sheet: str | None
    cell: str | None
    message: str

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return _("Sheet %(sheet)s, sel %(cell)s: %(message)s") % {
                "sheet": self.sheet,
                "cell": self.cell,
                "message": self.message,
            }
        if self.sheet:
            return _("Sheet %(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        return self.message


@dataclass
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # sheet -> rows saved
    details: list[str] = field(default_factory=list)
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _TooMany(Exception):
    pass


# --- the file -----------------------------------------------------------------------------------


def max_bytes() -> int:
    return int(getattr(settings, "KINERJA_MAX_XLSX_BYTES", DEFAULT_MAX_BYTES))


def _size_text(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def too_large(size: int, limit: int) -> Outcome:
    return Outcome(
        problems=[
            Problem(
                None,
                None,
                _("Berkas terlalu besar (%(size)s); paling besar %(limit)s.")
                % {"size": _size_text(size), "limit": _size_text(limit)},
            )
        ]
    )


def check_file(data: bytes, limit: int | None = None) -> None:
    """Refuse what is not a plain XLSX workbook of reasonable size, before any XML is parsed."""
    limit = max_bytes() if limit is None else limit
    if not data:
        raise UploadRefused(_("Berkas kosong. Pilih berkas XLSX hasil unduhan templat Kinerja."))
    if len(data) > limit:
        raise UploadRefused(
            _("Berkas terlalu besar (%(size)s); paling besar %(limit)s.")
            % {"size": _size_text(len(data)), "limit": _size_text(limit)}
        )
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(
            _(
                "Berkas bukan XLSX (Excel 2007 ke atas). Simpan sebagai 'Excel Workbook (.xlsx)' lalu unggah "
                "lagi; berkas .xls, .csv, .ods atau PDF tidak dapat dibaca."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                raise UploadRefused(_("Isi berkas XLSX terlalu besar untuk dibaca."))
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise UploadRefused(_("Berkas ZIP ini bukan buku kerja XLSX."))
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise UploadRefused(_("Berkas berisi makro (VBA); simpan sebagai .xlsx biasa tanpa makro."))
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise UploadRefused(_("Berkas XLSX berisi deklarasi XML yang tidak diizinkan."))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        if isinstance(exc, UploadRefused):
            raise
        raise UploadRefused(
            _("Berkas XLSX rusak atau tidak lengkap; unduh templat baru dan isi ulang.")
        ) from exc


FormulaCells = dict[str, set[tuple[int, int]]]


def open_workbook(data: bytes) -> tuple[Workbook, FormulaCells]:
    """(values, formula cells): the workbook with the cached values of formula cells, read once
    into memory, and per sheet the (row, column) of every cell written as a formula.

    The formula cells come from a streaming pass (openpyxl's read-only mode, which holds one row
    at a time) that also counts the cells: a workbook with more than ``MAX_CELLS`` is refused
    before it is loaded whole, so an upload costs memory in proportion to a real template, not
    to what its ZIP can unfold into."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formulas = _formula_cells(data)
            values = load_workbook(io.BytesIO(data), data_only=True)
    except UploadRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of a foreign file is "cannot be read"
        raise UploadRefused(
            _("Berkas tidak dapat dibaca sebagai buku kerja XLSX; unduh templat baru dan isi ulang.")
        ) from exc
    return values, formulas


def _formula_cells(data: bytes) -> FormulaCells:
    stream = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    out: FormulaCells = {}
    cells = 0
    try:
        for ws in stream.worksheets:
            found: set[tuple[int, int]] = set()
            for row in ws.iter_rows():
                cells += len(row)
                if cells > MAX_CELLS:
                    raise UploadRefused(
                        _(
                            "Berkas memuat terlalu banyak sel (lebih dari %(limit)s); unggah templat Kinerja "
                            "tanpa lembar atau baris tambahan."
                        )
                        % {"limit": f"{MAX_CELLS:,}".replace(",", ".")}
                    )
                for cell in row:
                    if getattr(cell, "data_type", None) == "f" and cell.row and cell.column:
                        found.add((cell.row, cell.column))
            out[ws.title] = found
    finally:
        stream.close()
    return out


def _meta(wb: Workbook) -> dict[str, str]:
    if L.META_SHEET not in wb.sheetnames:
        raise UploadRefused(
            _(
                "Berkas ini bukan templat isian Kinerja (lembar penanda tidak ada). Unduh templat dari halaman "
                "'Isian XLSX' unit, isi, lalu unggah berkas itu."
            )
        )
    ws = wb[L.META_SHEET]
    out: dict[str, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
        if row and row[0] is not None:
            out[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
    return out


# --- reading cells --------------------------------------------------------------------------------


class SheetReader:
    def __init__(
        self, name: str, values: Worksheet, formulas: set[tuple[int, int]], report: Callable[..., None]
    ) -> None:
        self.name = name
        self.values = values
        self.formulas = formulas
        self.report = report
        self.columns: dict[str, int] = {}
        for col in range(1, (values.max_column or 0) + 1):
            key = values.cell(row=L.KEY_ROW, column=col).value
            if isinstance(key, str) and key.strip() and key.strip() not in self.columns:
                self.columns[key.strip()] = col

    def coord(self, row: int, key: str) -> str:
        return f"{get_column_letter(self.columns[key])}{row}"

    def raw(self, row: int, key: str) -> Any:
        """The cell's value; a formula gives its cached value (a problem when there is none)."""
        col = self.columns.get(key)
        if col is None:
            return None
        value = self.values.cell(row=row, column=col).value
        if value is None and (row, col) in self.formulas:
            self.report(
                self.name,
                self.coord(row, key),
                _(
                    "sel berisi rumus tanpa nilai tersimpan; buka dan simpan ulang berkas di Excel/LibreOffice, "
                    "atau salin sebagai nilai (Paste Special › Values)"
                ),
            )
            raise _Unreadable
        return value

    def text(self, row: int, key: str, limit: int = MAX_TEXT) -> str:
        value = self.raw(row, key)
        if value is None:
            return ""
        if isinstance(value, bool):
            text = "BENAR" if value else "SALAH"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, datetime | date | time | timedelta):
            text = str(value)
        else:
            text = str(value)
        text = clean_text(text)
        if len(text) > limit:
            self.report(
                self.name,
                self.coord(row, key),
                _("teks terlalu panjang (%(length)s karakter, paling banyak %(limit)s)")
                % {"length": len(text), "limit": limit},
            )
            raise _Unreadable
        return text

    def number(self, row: int, key: str) -> Decimal | None:
        value = self.raw(row, key)
        return read_number(value, lambda m: self._bad(row, key, m))

    def _bad(self, row: int, key: str, message: str) -> None:
        self.report(self.name, self.coord(row, key), message)
        raise _Unreadable

    def row_is_empty(self, row: int) -> bool:
        for col in range(1, (self.values.max_column or 0) + 1):
            v = self.values.cell(row=row, column=col).value
            if v is not None and not (isinstance(v, str) and not v.strip()):
                return False
        return True

    def first_filled(self, row: int) -> str:
        for col in range(1, (self.values.max_column or 0) + 1):
            v = self.values.cell(row=row, column=col).value
            if v is not None and not (isinstance(v, str) and not v.strip()):
                return f"{get_column_letter(col)}{row}"
        return f"A{row}"


class _Unreadable(Exception):
    """A cell could not be read; its problem is already reported."""


def read_number(value: Any, bad: Callable[[str], None]) -> Decimal | None:
    """A cell as a number (None when empty): numbers as they are, text the Indonesian way."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        bad(_("diharapkan angka, bukan nilai benar/salah (%(hint)s)") % {"hint": NUMBER_HINT})
        return None
    if isinstance(value, datetime | date | time | timedelta):
        bad(
            _(
                "sel berisi tanggal/waktu (%(value)s), bukan angka; ubah format sel menjadi angka atau teks (%(hint)s)"
            )
            % {"value": value, "hint": NUMBER_HINT}
        )
        return None
    if not isinstance(value, int | float | Decimal | str):
        bad(_("diharapkan angka (%(hint)s)") % {"hint": NUMBER_HINT})
        return None
    try:
        number = parse_number(value, indonesian=True)
    except KinerjaValidationError as exc:
        bad(exc.message)
        return None
    if abs(number) >= MAX_NUMBER:
        bad(_("angka terlalu besar"))
        return None
    return number


def read_target(value: Any, kind: str, scale: list[str], bad: Callable[[str], None]) -> Target | None:
    """A target cell of an indicator whose targets are of ``kind``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == TARGET_RANGE:
        if isinstance(value, str):
            m = _RANGE.match(value)
            if m:
                low = read_number(m.group(1), bad)
                high = read_number(m.group(2), bad)
                if low is not None and high is not None:
                    return RangeTarget(low=low, high=high)
                return None
        bad(
            _(
                "jenis target indikator ini rentang: tulis 'batas bawah – batas atas', mis. 75 – 80 (bukan %(value)r)"
            )
            % {"value": value}
        )
        return None
    if kind == TARGET_LABEL:
        label = clean_text(str(int(value)) if isinstance(value, float) and value.is_integer() else str(value))
        if scale and label not in scale:
            bad(
                _("label '%(label)s' tidak ada dalam skala indikator (%(scale)s)")
                % {"label": label, "scale": ", ".join(scale)}
            )
            return None
        if len(label) > MAX_LABEL:
            bad(_("label terlalu panjang (paling banyak %(limit)s karakter)") % {"limit": MAX_LABEL})
            return None
        return QualitativeTarget(label=label)
    if isinstance(value, str) and _RANGE.match(value) and not _looks_number(value):
        bad(_("jenis target indikator ini angka, bukan rentang (%(value)r)") % {"value": value})
        return None
    if isinstance(value, str) and any(ch.isalpha() for ch in value) and not _looks_number(value):
        bad(
            _(
                "jenis target indikator ini angka, bukan teks atau label skala (%(value)r); tulis mis. 99 atau 99,25"
            )
            % {"value": value}
        )
        return None
    number = read_number(value, bad)
    return NumericTarget(value=number) if number is not None else None


def _looks_number(text: str) -> bool:
    try:
        parse_number(text, indonesian=True)
    except KinerjaValidationError:
        return False
    return True


# --- planned changes ------------------------------------------------------------------------------


@dataclass
class TargetChange:
    row: TargetRow
    target: Target
    version: str


@dataclass
class QuarterChange:
    row: QuarterRow
    quarters: dict[int, Target | None]
    version: str


@dataclass
class RealizationChange:
    row: RealizationRow
    changes: dict[str, Any]
    version: int
    fingerprint: str
    labels: list[str]


@dataclass
class Plan:
    targets: list[TargetChange] = field(default_factory=list)
    quarters: list[QuarterChange] = field(default_factory=list)
    realizations: list[RealizationChange] = field(default_factory=list)


# --- validation -----------------------------------------------------------------------------------


class Validator:
    def __init__(self, user: Any, data: UnitYear, values: Workbook, formulas: FormulaCells) -> None:
        self.user = user
        self.data = data
        self.values = values
        self.formulas = formulas
        self.problems: list[Problem] = []
        self.dropped = 0
        self.plan = Plan()
        scope = access.Scope(user)
        self.rights = {sheet: scope.can(action, data.unit) for sheet, action in SHEET_RIGHTS.items()}

    def report(self, sheet: str | None, cell: str | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.problems.append(Problem(sheet, cell, message))

    def run(self) -> None:
        for name in self.values.sheetnames:
            if name not in L.KNOWN_SHEETS:
                self.report(
                    name, None, _("lembar tidak dikenal; hapus lembar ini (templat Kinerja tidak memuatnya)")
                )
        readers: dict[str, SheetReader] = {}
        for name in L.DATA_SHEETS:
            if name not in self.values.sheetnames:
                self.report(name, None, _("lembar tidak ada; unduh templat baru"))
                continue
            reader = SheetReader(name, self.values[name], self.formulas.get(name, set()), self.report)
            missing = [k for k in L.KEY_COLUMNS if k not in reader.columns]
            if name == L.REALIZATIONS_SHEET and L.FINGERPRINT not in reader.columns:
                missing.append(L.FINGERPRINT)
            if missing:
                self.report(
                    name,
                    None,
                    _("kolom kunci hilang (%(columns)s); unduh templat baru")
                    % {"columns": ", ".join(missing)},
                )
                continue
            if (reader.values.max_row or 0) > L.FIRST_ROW + MAX_ROWS:
                self.report(
                    name, None, _("terlalu banyak baris (paling banyak %(limit)s)") % {"limit": MAX_ROWS}
                )
                continue
            readers[name] = reader
        if L.TARGETS_SHEET in readers:
            self._sheet(readers[L.TARGETS_SHEET], self._target_rows(), self._target_row)
        if L.QUARTERS_SHEET in readers:
            self._sheet(readers[L.QUARTERS_SHEET], self._quarter_rows(), self._quarter_row)
            self._check_action_plan()
        if L.REALIZATIONS_SHEET in readers:
            self._sheet(readers[L.REALIZATIONS_SHEET], self._realization_rows(), self._realization_row)
        for sheet, count in (
            (L.TARGETS_SHEET, len(self.plan.targets)),
            (L.QUARTERS_SHEET, len(self.plan.quarters)),
            (L.REALIZATIONS_SHEET, len(self.plan.realizations)),
        ):
            if count and not self.rights[sheet]:
                self.report(
                    sheet,
                    None,
                    _(
                        "Anda tidak berhak %(action)s pada unit %(unit)s (perlu peran %(role)s atau admin); "
                        "%(count)s baris yang diubah di lembar ini tidak dapat disimpan"
                    )
                    % {
                        "action": RIGHT_TEXT[SHEET_RIGHTS[sheet]][0],
                        "unit": self.data.unit.code,
                        "role": RIGHT_TEXT[SHEET_RIGHTS[sheet]][1],
                        "count": count,
                    },
                )

    # -- rows by key ---------------------------------------------------------------------------

    def _target_rows(self) -> dict[tuple[str, str], Any]:
        return {(r.ref, str(self.data.year)): r for r in self.data.targets}

    def _quarter_rows(self) -> dict[tuple[str, str], Any]:
        return {(r.ref, str(self.data.year)): r for r in self.data.quarters}

    def _realization_rows(self) -> dict[tuple[str, str], Any]:
        return {(r.ref, period_key(self.data.year, r.quarter)): r for r in self.data.realizations}

    def _sheet(
        self,
        reader: SheetReader,
        expected: dict[tuple[str, str], Any],
        handle: Callable[[SheetReader, int, Any, str], None],
    ) -> None:
        seen: dict[tuple[str, str], int] = {}
        unit_code = self.data.unit.code
        for row in range(L.FIRST_ROW, (reader.values.max_row or 0) + 1):
            try:
                unit = reader.text(row, "unit", 100)
                ref = reader.text(row, "indicator", 200)
                period = reader.text(row, "period", 20)
                version = reader.text(row, "version", 100)
            except _Unreadable:
                continue
            if not unit and not ref and not period:
                if not reader.row_is_empty(row):
                    self.report(
                        reader.name,
                        reader.first_filled(row),
                        _(
                            "baris tanpa kunci (unit, indikator, periode); baris baru tidak dapat ditambahkan lewat "
                            "berkas — tambahkan indikator di Kinerja lalu unduh templat baru"
                        ),
                    )
                continue
            if unit != unit_code:
                self.report(
                    reader.name,
                    reader.coord(row, "unit"),
                    _("baris untuk unit '%(unit)s', bukan unit %(expected)s")
                    % {"unit": unit, "expected": unit_code},
                )
                continue
            key = (ref, period)
            target = expected.get(key)
            if target is None:
                if any(k[0] == ref for k in expected):
                    self.report(
                        reader.name,
                        reader.coord(row, "period"),
                        _("periode '%(period)s' tidak dikenal untuk %(ref)s")
                        % {"period": period, "ref": ref},
                    )
                else:
                    self.report(
                        reader.name,
                        reader.coord(row, "indicator"),
                        _("indikator '%(ref)s' tidak dikenal di lembar ini untuk %(unit)s tahun %(year)s")
                        % {"ref": ref, "unit": unit_code, "year": self.data.year},
                    )
                continue
            if key in seen:
                self.report(
                    reader.name,
                    reader.coord(row, "indicator"),
                    _("baris ganda: %(ref)s %(period)s sudah ada di baris %(row)s")
                    % {"ref": ref, "period": period, "row": seen[key]},
                )
                continue
            seen[key] = row
            if not version:
                self.report(
                    reader.name, reader.coord(row, "version"), _("versi baris kosong; unduh templat baru")
                )
                continue
            try:
                handle(reader, row, target, version)
            except _Unreadable:
                continue

    # -- Renstra targets -----------------------------------------------------------------------

    def _target_row(self, reader: SheetReader, row: int, expected: TargetRow, version: str) -> None:
        ind = expected.indicator
        cell = reader.coord(row, "target") if "target" in reader.columns else f"A{row}"
        if "target" not in reader.columns:
            self.report(reader.name, None, _("kolom target hilang; unduh templat baru"))
            raise _Unreadable
        target = read_target(
            reader.raw(row, "target"),
            expected.kind,
            list(ind.scale or []),
            lambda m: self._cell(reader.name, cell, m),
        )
        if fingerprint([target_text(target)]) == version:
            return  # not changed by the user
        if expected.version != version:
            self._stale(
                reader.name, cell, _("target %(code)s %(year)s") % {"code": ind.code, "year": self.data.year}
            )
            return
        if target is None:
            self.report(reader.name, cell, _("target %(code)s tidak boleh dikosongkan") % {"code": ind.code})
            return
        try:
            agreement_services.check_target(ind, None, target, ind.code)
            planning_services.check_target_type(ind, self.data.year, target)
        except (KinerjaValidationError, planning_services.PlanError) as exc:
            self.report(reader.name, cell, str(exc))
            return
        self.plan.targets.append(TargetChange(expected, target, version))

    # -- Rencana Aksi ---------------------------------------------------------------------------

    def _quarter_row(self, reader: SheetReader, row: int, expected: QuarterRow, version: str) -> None:
        ind = expected.indicator
        quarters: dict[int, Target | None] = {}
        broken = False
        for q, key in L.QUARTER_KEYS.items():
            if key not in reader.columns:
                self.report(
                    reader.name,
                    None,
                    _("kolom %(column)s hilang; unduh templat baru") % {"column": QUARTER_NAMES[q]},
                )
                raise _Unreadable
            cell = reader.coord(row, key)
            try:
                quarters[q] = read_target(
                    reader.raw(row, key),
                    expected.kind,
                    list(ind.scale or []),
                    partial(self._cell, reader.name, cell),
                )
            except _Unreadable:
                broken = True
        if broken:
            return
        if quarters_version(quarters) == version:
            return
        first = reader.coord(row, L.QUARTER_KEYS[1])
        if expected.version != version:
            self._stale(
                reader.name,
                first,
                _("rencana aksi %(code)s %(year)s") % {"code": ind.code, "year": self.data.year},
            )
            return
        ok = True
        for q, t in quarters.items():
            if t is None:
                continue
            try:
                agreement_services.check_target(
                    ind, expected.year_target, t, f"{ind.code} {QUARTER_NAMES[q]}"
                )
            except KinerjaValidationError as exc:
                self.report(reader.name, reader.coord(row, L.QUARTER_KEYS[q]), str(exc))
                ok = False
        if not ok:
            return
        check = check_quarters(ind.code, ind.quarter_rule, expected.year_target, quarters)
        if check.blocking:
            self.report(reader.name, reader.coord(row, L.QUARTER_KEYS[4]), check.message)
            return
        self.plan.quarters.append(QuarterChange(expected, quarters, version))

    def _check_action_plan(self) -> None:
        """Saving the action plan saves every indicator: the unchanged ones must pass too."""
        if not self.plan.quarters:
            return
        changed = {c.row.indicator.pk for c in self.plan.quarters}
        for row in self.data.quarters:
            if row.indicator.pk in changed:
                continue
            check = check_quarters(
                row.indicator.code, row.indicator.quarter_rule, row.year_target, row.quarters
            )
            if check.blocking:
                self.report(
                    L.QUARTERS_SHEET,
                    None,
                    _("rencana aksi yang tersimpan tidak sesuai dan menghalangi penyimpanan: %(reason)s")
                    % {"reason": check.message},
                )

    # -- realisations ----------------------------------------------------------------------------

    def _realization_row(
        self, reader: SheetReader, row: int, expected: RealizationRow, version_text: str
    ) -> None:
        ind = expected.indicator
        try:
            version = int(version_text)
        except ValueError:
            self.report(
                reader.name,
                reader.coord(row, "version"),
                _("versi baris tidak sah: %(version)r") % {"version": version_text},
            )
            return
        downloaded = reader.text(row, L.FINGERPRINT, 100)
        inputs: dict[str, Decimal | None] = {}
        value_text = ""
        value_number: Decimal | None = None
        broken = False
        if expected.mode == MODE_INPUTS:
            for name in expected.variables:
                key = f"var:{name}"
                if key not in reader.columns:
                    self.report(
                        reader.name,
                        None,
                        _("kolom variabel '%(name)s' hilang; unduh templat baru") % {"name": name},
                    )
                    raise _Unreadable
                try:
                    inputs[name] = reader.number(row, key)
                except _Unreadable:
                    broken = True
        elif "value" not in reader.columns:
            self.report(reader.name, None, _("kolom nilai realisasi hilang; unduh templat baru"))
            raise _Unreadable
        elif expected.mode == MODE_LABEL:
            try:
                value_text = reader.text(row, "value", MAX_LABEL)
            except _Unreadable:
                broken = True
        else:
            try:
                value_number = reader.number(row, "value")
                value_text = plain(value_number)
            except _Unreadable:
                broken = True
        narrative: dict[str, str] = {}
        for f in NARRATIVE_FIELDS:
            if f not in reader.columns:
                self.report(
                    reader.name,
                    None,
                    _("kolom %(column)s hilang; unduh templat baru") % {"column": L.NARRATIVE_HEADERS[f]},
                )
                raise _Unreadable
            try:
                narrative[f] = reader.text(row, f)
            except _Unreadable:
                broken = True
        if broken:
            return
        values = editable_values(
            expected.mode, expected.variables, {k: plain(v) for k, v in inputs.items()}, value_text, narrative
        )
        if values_fingerprint(values) == downloaded:
            return  # not changed by the user: ignored (also when the record is locked)
        where = _("realisasi %(code)s %(period)s %(year)s") % {
            "code": ind.code,
            "period": L.PERIOD_LABELS[expected.quarter],
            "year": self.data.year,
        }
        first = reader.coord(row, "code") if "code" in reader.columns else f"A{row}"
        r = expected.record
        if version != expected.version and expected.fingerprint != downloaded:
            self._stale(reader.name, first, where)
            return
        if r is not None and not workflow.is_editable(r):
            state = str(STATUS_LABELS.get(r.status, r.status))
            if r.locked or r.status == workflow.APPROVED:
                message = _(
                    "%(where)s berstatus %(state)s dan terkunci; hanya draf yang dapat diubah, perubahan baris ini "
                    "tidak disimpan (kembalikan isinya seperti semula atau minta verifikator/admin membukanya)"
                )
            else:
                message = _(
                    "%(where)s berstatus %(state)s; hanya draf yang dapat diubah, perubahan baris ini tidak "
                    "disimpan (kembalikan isinya seperti semula atau minta verifikator/admin membukanya)"
                )
            self.report(reader.name, first, message % {"where": where, "state": state})
            return
        if expected.mode == MODE_LABEL and value_text and ind.scale and value_text not in ind.scale:
            self.report(
                reader.name,
                reader.coord(row, "value"),
                _("label '%(label)s' tidak ada dalam skala indikator (%(scale)s)")
                % {"label": value_text, "scale": ", ".join(ind.scale)},
            )
            return
        current = expected.values()
        changes: dict[str, Any] = {}
        labels: list[str] = []
        changed_inputs = {
            name: inputs[name]
            for name in expected.variables
            if expected.mode == MODE_INPUTS and values[f"var:{name}"] != current.get(f"var:{name}", "")
        }
        if changed_inputs:
            changes["inputs"] = changed_inputs
            labels.extend(changed_inputs)
        if expected.mode != MODE_INPUTS and values["value"] != current.get("value", ""):
            if expected.mode == MODE_LABEL:
                changes["value_label"] = value_text
            else:
                changes["value_number"] = value_number
            labels.append(_("nilai realisasi"))
        for f in NARRATIVE_FIELDS:
            if values[f] != current.get(f, ""):
                changes[f] = narrative[f]
                labels.append(L.NARRATIVE_HEADERS[f].lower())
        if not changes:
            return
        self.plan.realizations.append(
            RealizationChange(expected, changes, expected.version, expected.fingerprint, labels)
        )

    # -- helpers -------------------------------------------------------------------------------

    def _cell(self, sheet: str, cell: str, message: str) -> None:
        self.report(sheet, cell, message)
        raise _Unreadable

    def _stale(self, sheet: str, cell: str, what: str) -> None:
        self.report(
            sheet,
            cell,
            _(
                "%(what)s sudah diubah orang lain setelah berkas ini diunduh; perubahan Anda pada baris ini tidak "
                "disimpan. Unduh templat baru, lalu isi ulang."
            )
            % {"what": what},
        )


# --- saving -----------------------------------------------------------------------------------------


class _Stale(KinerjaValidationError):
    pass


def save_indicator_target(user: Any, indicator: Indicator, year: int, target: Target, expected: str) -> None:
    """Set the Renstra target of ``indicator`` for ``year`` through the Renstra service
    (``edit_plan``, latest plan version, target type, history) if it is still what the user saw
    (``expected``: the fingerprint of the stored target when the workbook was downloaded)."""
    access.require(user, permissions.EDIT_PLAN, indicator.plan.unit)
    with transaction.atomic():
        row = IndicatorTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
        current = row.get_target() if row is not None else None
        if fingerprint([target_text(current)]) != expected:
            raise _Stale(
                _("Target %(code)s %(year)s sudah diubah orang lain; tidak ada yang disimpan.")
                % {"code": indicator.code, "year": year}
            )
        planning_services.save_targets(user, indicator, {year: target}, None)


def _apply(user: Any, data: UnitYear, plan: Plan) -> list[str]:
    details: list[str] = []
    unit, year = data.unit, data.year
    for tc in plan.targets:
        save_indicator_target(user, tc.row.indicator, year, tc.target, tc.version)
        details.append(
            f"{L.TARGETS_SHEET} {tc.row.indicator.code}: {_show(tc.row.target)} → {_show(tc.target)}"
        )
    if plan.quarters:
        stored = agreement_services.quarter_targets(unit, year)
        for qc in plan.quarters:
            now = stored.get(qc.row.indicator.pk, {q: None for q in QUARTERS})
            if quarters_version(now) != qc.version:
                raise _Stale(
                    _("Rencana aksi %(code)s sudah diubah orang lain; tidak ada yang disimpan.")
                    % {"code": qc.row.indicator.code}
                )
        merged = {row.indicator.pk: dict(row.quarters) for row in data.quarters}
        for qc in plan.quarters:
            merged[qc.row.indicator.pk] = dict(qc.quarters)
            details.append(
                f"{L.QUARTERS_SHEET} {qc.row.indicator.code}: "
                + ", ".join(f"{QUARTER_NAMES[q]} {_show(t)}" for q, t in sorted(qc.quarters.items()))
            )
        agreement_services.save_action_plan(user, unit, year, merged)
    for rc in plan.realizations:
        row = rc.row
        record: Realization | None = find_realization(unit, row.indicator, year, row.quarter)
        expected = rc.version
        if record is None:
            record, _created = start_realization(user, unit, row.indicator, year, row.quarter)
            expected = record.version
        elif rc.version == 0 or record.version != rc.version:
            # created or moved on since the check: only if its values are still those downloaded
            fresh = RealizationRow(
                row.indicator,
                row.quarter,
                record,
                row.mode,
                row.variables,
                row.target,
                {i.name: i.value for i in record.inputs.all()},
            )
            if fresh.fingerprint != rc.fingerprint:
                raise _Stale(
                    _("Realisasi %(code)s %(period)s sudah diubah orang lain.")
                    % {"code": row.indicator.code, "period": L.PERIOD_LABELS[row.quarter]}
                )
            expected = record.version
        workflow.save_realization(user, record, rc.changes, expected)
        details.append(
            f"{L.REALIZATIONS_SHEET} {row.indicator.code} {L.PERIOD_LABELS[row.quarter]}: {', '.join(rc.labels)}"
        )
    return details


def _show(target: Target | None) -> str:
    from kinerja.core.numbers import show_target

    return show_target(target)


# --- entry point ------------------------------------------------------------------------------------


def process_upload(
    user: Any, unit: Unit, year: int, data: bytes, limit: int | None = None, source: str = ""
) -> Outcome:
    """Check the whole workbook, then save all of it or nothing. Never raises for bad input:
    every refusal is a problem of the ``Outcome``."""
    try:
        check_file(data, limit)
        values, formulas = open_workbook(data)
        meta = _meta(values)
    except UploadRefused as exc:
        return Outcome(problems=[Problem(None, None, exc.message)])
    if meta.get("format") != L.FORMAT:
        return Outcome(
            problems=[
                Problem(
                    None,
                    None,
                    _("format berkas '%(format)s' tidak dikenal; unduh templat baru")
                    % {"format": meta.get("format", "")},
                )
            ]
        )
    if (
        meta.get("unit") != unit.code
        or meta.get("year") != str(year)
        or meta.get("agency") != unit.agency.code
    ):
        return Outcome(
            problems=[
                Problem(
                    None,
                    None,
                    _(
                        "Berkas ini templat unit %(file_unit)s tahun %(file_year)s, bukan %(unit)s tahun %(year)s. "
                        "Unggah di halaman unit dan tahun yang sesuai."
                    )
                    % {
                        "file_unit": meta.get("unit") or "?",
                        "file_year": meta.get("year") or "?",
                        "unit": unit.code,
                        "year": year,
                    },
                )
            ]
        )
    content = load(unit, year)
    validator = Validator(user, content, values, formulas)
    validator.run()
    if validator.problems:
        return Outcome(problems=validator.problems, more_problems=validator.dropped)
    plan = validator.plan
    counts = {
        L.TARGETS_SHEET: len(plan.targets),
        L.QUARTERS_SHEET: len(plan.quarters),
        L.REALIZATIONS_SHEET: len(plan.realizations),
    }
    if not any(counts.values()):
        return Outcome(counts=counts)
    try:
        # every change is the user's in the history, with the file named (``note``)
        with transaction.atomic(), acting_as(user, note=_("unggah XLSX %(file)s") % {"file": source or "-"}):
            details = _apply(user, content, plan)
    except PermissionDenied as exc:
        return Outcome(
            problems=[Problem(None, None, _("Tidak ada yang disimpan: %(reason)s") % {"reason": exc})]
        )
    except (KinerjaValidationError, planning_services.PlanError) as exc:
        return Outcome(
            problems=[Problem(None, None, _("Tidak ada yang disimpan: %(reason)s") % {"reason": exc})]
        )
    except DatabaseError as exc:
        return Outcome(
            problems=[
                Problem(
                    None,
                    None,
                    _("Tidak ada yang disimpan: basis data menolak perubahan (%(error)s).")
                    % {"error": exc.__class__.__name__},
                )
            ]
        )
    return Outcome(counts=counts, details=details)
