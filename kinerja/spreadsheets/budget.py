"""The budget workbook of a unit-year (format ``kinerja-xlsx-anggaran-1``): the output structure
(Program > Kegiatan > KRO > RO with target volume and realised volume by month) and the budget
lines on each RO or KRO (pagu awal, revisi, pagu akhir, realisasi, blokir), prefilled with what is
stored, to fill in offline and upload back.

The upload is read whole and saved all or nothing by ``kinerja.budget.services.replace_outputs``
(the one writer of the structure): a problem is named by sheet, row and column (or by sheet and
row for a rule across cells), nothing is saved. Text cells are sealed against formula injection
(``kinerja.reports.workbook``); the frame (title, hidden machine-name row, header row) is the one
of the other templates (``kinerja.spreadsheets.layout``), so a moved column is still read right.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.budget import services
from kinerja.budget.models import BudgetEntry, BudgetOutput, OutputVolume
from kinerja.interchange.document import OUTPUT_LEVELS
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit
from kinerja.reports.workbook import workbook_bytes
from kinerja.spreadsheets import layout as L
from kinerja.spreadsheets.template import Sheet, number_cell
from kinerja.spreadsheets.upload import SheetReader, UploadRefused, _Unreadable, check_file, open_workbook

FORMAT = "kinerja-xlsx-anggaran-1"
OUTPUTS_SHEET = "Keluaran"
LINES_SHEET = "Anggaran Keluaran"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MAX_ROWS = 5000
MAX_PROBLEMS = 20

OUTPUT_COLUMNS = [
    L.Column("level", "Tingkat (program/kegiatan/kro/ro)", 14),
    L.Column("code", "Kode", 16),
    L.Column("name", "Nama", 44),
    L.Column("parent", "Kode induk", 16),
    L.Column("objective", "Kode sasaran", 12),
    L.Column("volume_target", "Target volume (RO)", 14),
    L.Column("volume_unit", "Satuan volume", 12),
    *(L.Column(f"vol{m}", f"Volume s.d. {MONTHS[m - 1]}", 12) for m in range(1, 13)),
    L.Column("note", "Catatan", 30),
]
LINE_COLUMNS = [
    L.Column("output", "Kode RO/KRO", 16),
    L.Column("kind", "Jenis (pagu_awal/revisi/pagu_akhir/realisasi/blokir)", 18),
    L.Column("amount", "Jumlah (Rp)", 20),
    L.Column("date", "Tanggal (TTTT-BB-HH)", 14),
    L.Column("account", "Akun / jenis belanja", 26),
    L.Column("note", "Keterangan", 36),
]
INSTRUCTIONS = [
    "1. Lembar 'Keluaran': satu baris per Program, Kegiatan, KRO dan RO dari DIPA unit. Kode unik dalam "
    "unit-tahun; 'Kode induk' adalah kode satu tingkat di atasnya. 'Kode sasaran' (boleh kosong) adalah "
    "kode sasaran Renstra yang dilayani; RO tanpa sasaran mengikuti induknya.",
    "2. Untuk RO isi target volume dan satuannya, lalu realisasi volume sampai dengan akhir tiap bulan "
    "(kumulatif, seperti e-monev). Bulan yang belum berjalan dikosongkan.",
    "3. Lembar 'Anggaran Keluaran': pagu awal, revisi (boleh negatif), pagu akhir, realisasi dan blokir "
    "per RO atau KRO, dalam rupiah penuh. Entri anggaran seluruh unit tidak ada di sini dan tidak diubah.",
    "4. Unggah berkas ini di halaman Isi anggaran. Berkas diperiksa utuh: bila ada kesalahan tidak ada "
    "yang disimpan dan setiap kesalahan disebut dengan lembar, baris dan kolomnya.",
    "5. Struktur yang diunggah menggantikan struktur unit-tahun ini: kode yang tidak lagi tercantum "
    "dihapus, kode yang sama tetap (entrinya tetap terkait).",
]


# --- download ------------------------------------------------------------------------------------


def build(user: Any, unit: Unit, year: int) -> bytes:
    access.require(user, permissions.VIEW, unit)
    can_enter = access.Scope(user).can(permissions.ENTER_BUDGET, unit)
    nodes = list(
        BudgetOutput.objects.filter(unit=unit, year=year)
        .select_related("parent", "objective")
        .order_by("position", "id")
    )
    volumes: dict[int, dict[int, Decimal]] = {}
    for output_id, month, value in OutputVolume.objects.filter(output__in=nodes).values_list(
        "output_id", "month", "value"
    ):
        volumes.setdefault(output_id, {})[month] = value
    lines = list(
        BudgetEntry.objects.filter(unit=unit, year=year, output__isnull=False)
        .select_related("output")
        .order_by("position", "id")
    )
    wb = Workbook()
    info = wb.active
    assert isinstance(info, Worksheet)
    info.title = L.INSTRUCTIONS_SHEET
    info["A1"] = f"Isian anggaran {unit.name} ({unit.code}) tahun {year}"
    info["A1"].font = Font(bold=True, size=13)
    for i, text in enumerate(INSTRUCTIONS, 3):
        info.cell(row=i, column=1, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    info.cell(
        row=len(INSTRUCTIONS) + 4,
        column=1,
        value="Hak Anda: " + ("dapat diubah" if can_enter else "hanya dibaca"),
    )
    info.column_dimensions["A"].width = 120
    info.protection.sheet = True

    sheet = Sheet(
        wb.create_sheet(OUTPUTS_SHEET),
        OUTPUT_COLUMNS,
        f"KELUARAN {year} — {unit.name}",
        "Program, Kegiatan, KRO dan RO; volume RO kumulatif sampai akhir bulan.",
    )
    levels = DataValidation(type="list", formula1='"' + ",".join(OUTPUT_LEVELS) + '"', allow_blank=False)
    sheet.ws.add_data_validation(levels)
    for node in nodes:
        _node_row(sheet, node, volumes.get(node.pk, {}), can_enter)
        sheet.next()
    for _blank in range(30 if can_enter else 0):  # room for new rows, tinted
        for col in OUTPUT_COLUMNS:
            sheet.put(
                col.key, None, "@" if col.key in ("code", "parent", "objective") else None, editable=True
            )
        sheet.next()
    levels.add(f"A{L.FIRST_ROW}:A{sheet.row}")

    money = Sheet(
        wb.create_sheet(LINES_SHEET),
        LINE_COLUMNS,
        f"ANGGARAN PER KELUARAN {year} — {unit.name}",
        "Pagu dan realisasi per RO atau KRO, rupiah penuh.",
    )
    kinds = DataValidation(type="list", formula1='"' + ",".join(services.LINE_KINDS) + '"', allow_blank=False)
    money.ws.add_data_validation(kinds)
    for line in lines:
        assert line.output is not None
        money.put("output", line.output.code, "@", editable=can_enter)
        money.put("kind", line.kind, editable=can_enter)
        value, fmt = number_cell(Decimal(line.amount))
        money.put("amount", value, fmt, editable=can_enter)
        money.put("date", line.date.isoformat() if line.date else None, "@", editable=can_enter)
        money.put("account", line.account or None, editable=can_enter)
        money.put("note", line.note or None, editable=can_enter)
        money.next()
    for _blank in range(30 if can_enter else 0):
        for col in LINE_COLUMNS:
            money.put(col.key, None, "@" if col.key in ("output", "date") else None, editable=True)
        money.next()
    kinds.add(f"B{L.FIRST_ROW}:B{money.row}")
    money.protect()
    sheet.protect()

    meta = wb.create_sheet(L.META_SHEET)
    for i, (key, value) in enumerate(
        [
            ("format", FORMAT),
            ("agency", unit.agency.code),
            ("unit", unit.code),
            ("year", str(year)),
            ("version", services.structure_version(unit, year)),
            ("generated_at", timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")),
        ],
        1,
    ):
        meta.cell(row=i, column=1, value=key)
        meta.cell(row=i, column=2, value=value).number_format = "@"
    meta.sheet_state = "veryHidden"
    return workbook_bytes(wb)


def _node_row(sheet: Sheet, node: BudgetOutput, volumes: dict[int, Decimal], editable: bool) -> None:
    sheet.put("level", node.level, editable=editable)
    sheet.put("code", node.code, "@", editable=editable)
    sheet.put("name", node.name, editable=editable)
    sheet.put("parent", node.parent.code if node.parent else None, "@", editable=editable)
    sheet.put("objective", node.objective.code if node.objective else None, "@", editable=editable)
    value, fmt = number_cell(node.volume_target)
    sheet.put("volume_target", value, fmt, editable=editable)
    sheet.put("volume_unit", node.volume_unit or None, editable=editable)
    for m in range(1, 13):
        value, fmt = number_cell(volumes.get(m))
        sheet.put(f"vol{m}", value, fmt, editable=editable)
    sheet.put("note", node.note or None, editable=editable)


def filename(unit: Unit, year: int) -> str:
    return f"isian-anggaran-{unit.code}-{year}.xlsx"


# --- upload --------------------------------------------------------------------------------------


def read(
    unit: Unit, year: int, data: bytes
) -> tuple[list[services.OutputInput], list[services.LineInput], str | None]:
    """The structure and lines of an uploaded workbook; every unreadable cell is reported at once
    (``UploadRefused`` listing sheet and cell)."""
    check_file(data)
    wb, formulas = open_workbook(data)
    meta: dict[str, str] = {}
    if L.META_SHEET in wb.sheetnames:
        for pair in wb[L.META_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
            if pair and pair[0] is not None:
                meta[str(pair[0]).strip()] = "" if pair[1] is None else str(pair[1]).strip()
    if meta.get("format") != FORMAT:
        raise UploadRefused(
            _("Berkas ini bukan templat isian anggaran Kinerja; unduh templat dari halaman Isi anggaran.")
        )
    if meta.get("unit") != unit.code or meta.get("year") != str(year):
        raise UploadRefused(
            _("Berkas ini untuk %(unit)s tahun %(year)s, bukan %(this)s tahun %(this_year)s.")
            % {"unit": meta.get("unit"), "year": meta.get("year"), "this": unit.code, "this_year": year}
        )
    problems: list[str] = []

    def report(sheet: str, coord: str, message: str) -> None:
        problems.append(
            _("Lembar %(sheet)s sel %(cell)s: %(message)s")
            % {"sheet": sheet, "cell": coord, "message": message}
        )

    nodes: list[services.OutputInput] = []
    lines: list[services.LineInput] = []
    for name in (OUTPUTS_SHEET, LINES_SHEET):
        if name not in wb.sheetnames:
            raise UploadRefused(_("Lembar '%(sheet)s' tidak ada dalam berkas.") % {"sheet": name})
    out = SheetReader(OUTPUTS_SHEET, wb[OUTPUTS_SHEET], formulas.get(OUTPUTS_SHEET, set()), report)
    money = SheetReader(LINES_SHEET, wb[LINES_SHEET], formulas.get(LINES_SHEET, set()), report)
    for reader, columns in ((out, OUTPUT_COLUMNS), (money, LINE_COLUMNS)):
        lost = [c.header for c in columns if c.key not in reader.columns]
        if lost:
            raise UploadRefused(
                _(
                    "Lembar %(sheet)s: kolom %(columns)s tidak ada (baris judul tersembunyi diubah?); unduh templat baru."
                )
                % {"sheet": reader.name, "columns": ", ".join(lost)}
            )
    for row in range(L.FIRST_ROW, (out.values.max_row or 0) + 1):
        if out.row_is_empty(row):
            continue
        if len(nodes) >= MAX_ROWS:
            raise UploadRefused(_("Paling banyak %(n)s baris per lembar.") % {"n": MAX_ROWS})
        try:
            volumes = []
            for m in range(1, 13):
                v = out.number(row, f"vol{m}")
                if v is not None:
                    volumes.append((m, v))
            nodes.append(
                services.OutputInput(
                    level=out.text(row, "level", 20).lower(),
                    code=out.text(row, "code", 64),
                    name=out.text(row, "name", 500),
                    parent=out.text(row, "parent", 64),
                    objective=out.text(row, "objective", 64),
                    volume_target=out.number(row, "volume_target"),
                    volume_unit=out.text(row, "volume_unit", 100),
                    volumes=tuple(volumes),
                    note=out.text(row, "note", 5000),
                    place=_("Lembar %(sheet)s baris %(row)s") % {"sheet": OUTPUTS_SHEET, "row": row},
                )
            )
        except _Unreadable:
            continue
    for row in range(L.FIRST_ROW, (money.values.max_row or 0) + 1):
        if money.row_is_empty(row):
            continue
        if len(lines) >= MAX_ROWS:
            raise UploadRefused(_("Paling banyak %(n)s baris per lembar.") % {"n": MAX_ROWS})
        try:
            amount = money.number(row, "amount")
            if amount is None or amount != amount.to_integral_value():
                report(LINES_SHEET, money.coord(row, "amount"), _("jumlah wajib diisi dalam rupiah penuh"))
                continue
            lines.append(
                services.LineInput(
                    output=money.text(row, "output", 64),
                    kind=money.text(row, "kind", 20).lower(),
                    amount=int(amount),
                    date=_date(money, row),
                    account=money.text(row, "account", 300),
                    note=money.text(row, "note", 5000),
                    place=_("Lembar %(sheet)s baris %(row)s") % {"sheet": LINES_SHEET, "row": row},
                )
            )
        except _Unreadable:
            continue
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        raise UploadRefused("; ".join(shown) + (_(" (dan %(n)s lagi)") % {"n": more} if more else ""))
    return nodes, lines, meta.get("version") or None


def _date(reader: SheetReader, row: int) -> dt.date | None:
    value = reader.raw(row, "date")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        reader.report(
            LINES_SHEET,
            reader.coord(row, "date"),
            _("tanggal tidak terbaca; tulis TTTT-BB-HH, misalnya 2022-09-01"),
        )
        raise _Unreadable from None


def upload(user: Any, unit: Unit, year: int, data: bytes) -> tuple[int, int]:
    """Read the workbook and save it all or nothing; returns (nodes, lines) written."""
    access.require(user, permissions.ENTER_BUDGET, unit)
    nodes, lines, version = read(unit, year, data)
    return services.replace_outputs(user, unit, year, nodes, lines, expected_version=version)
