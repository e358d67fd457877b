"""What the finance officer (Pengelola Keuangan, ``enter_budget``) writes: budget entries of a
unit-year (pagu awal, revisions, pagu akhir, realisation, RPD and monthly realisation, with date,
month, account and note) and budget scores entered from SMART or OM-SPAN. Each write is checked
against the unit scope, recorded in the change history (``kinerja.history``: who, when, from
what to what) and makes the unit-year's stored results stale (``kinerja.results.freshness``).

An entry is added or removed, never changed in place: a correction is a removal and a new entry,
both in the history. A removal names the entry's id and the version of the page (the number of
entries the officer saw): a page older than the data is refused with the current list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from kinerja.budget.models import BUDGET_KIND_LABELS, BudgetEntry, BudgetScore
from kinerja.core.numbers import parse_number
from kinerja.core.types import KinerjaValidationError
from kinerja.history.context import acting_as
from kinerja.interchange.document import BUDGET_KINDS, BUDGET_SCORE_KINDS
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit

MONTHLY = ("rpd", "realisasi_bulanan")
SIGNED = ("revisi",)  # a revision may lower the pagu


class BudgetRefused(KinerjaValidationError):
    def __init__(self, message: str, field: str = "", status: int = 400) -> None:
        super().__init__(message)
        self.field = field
        self.status = status


@dataclass(frozen=True)
class EntryInput:
    kind: str
    amount: str
    date: str = ""
    month: str = ""
    account: str = ""
    note: str = ""
    output: str = ""  # code of the RO or KRO the line belongs to ("" = not on an output)


def _amount(text: str, kind: str) -> int:
    try:
        value = parse_number((text or "").strip(), indonesian=True)
    except KinerjaValidationError as exc:
        raise BudgetRefused(_("Jumlah: %(message)s") % {"message": exc.message}, "amount") from None
    if value != value.to_integral_value():
        raise BudgetRefused(_("Jumlah harus rupiah penuh, tanpa sen."), "amount")
    if value < 0 and kind not in SIGNED:
        raise BudgetRefused(
            _("Jumlah tidak boleh negatif (hanya revisi yang boleh mengurangi pagu)."), "amount"
        )
    if abs(value) >= Decimal(10) ** 17:
        raise BudgetRefused(_("Jumlah terlalu besar."), "amount")
    return int(value)


def _date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BudgetRefused(_("Tanggal: tulis TTTT-BB-HH, misalnya 2022-03-15."), "date") from None


def page_version(unit: Unit, year: int) -> str:
    """What a form carries to notice another officer's change: the count and the last id of the
    unit-year's entries (any addition or removal changes it)."""
    from django.db.models import Count

    found = BudgetEntry.objects.filter(unit=unit, year=year).aggregate(Max("id"), Count("id"))
    return f"{found['id__count']}-{found['id__max'] or 0}"


def add_entry(user: Any, unit: Unit, year: int, data: EntryInput) -> BudgetEntry:
    access.require(user, permissions.ENTER_BUDGET, unit)
    if data.kind not in BUDGET_KINDS:
        raise BudgetRefused(_("Jenis entri anggaran tidak dikenal."), "kind")
    amount = _amount(data.amount, data.kind)
    month: int | None = None
    if data.kind in MONTHLY:
        if not (data.month or "").strip().isdigit() or not 1 <= int(data.month) <= 12:
            raise BudgetRefused(
                _("%(kind)s memerlukan bulan 1 sampai 12.") % {"kind": BUDGET_KIND_LABELS[data.kind]}, "month"
            )
        month = int(data.month)
    elif (data.month or "").strip():
        raise BudgetRefused(_("Bulan hanya untuk RPD dan realisasi bulanan."), "month")
    account = (data.account or "").strip()
    note = (data.note or "").strip()
    if len(account) > 300:
        raise BudgetRefused(_("Akun paling banyak 300 karakter."), "account")
    if len(note) > 5000:
        raise BudgetRefused(_("Catatan paling banyak 5000 karakter."), "note")
    day = _date(data.date)
    output = None
    if (data.output or "").strip():
        from kinerja.budget.models import BudgetOutput

        output = BudgetOutput.objects.filter(
            unit=unit, year=year, code=data.output.strip(), level__in=("kro", "ro")
        ).first()
        if output is None:
            raise BudgetRefused(
                _("RO/KRO '%(code)s' tidak ada pada unit-tahun ini.") % {"code": data.output}, "output"
            )
    with transaction.atomic(), acting_as(user, note=f"anggaran {unit.code} {year}"):
        last = BudgetEntry.objects.select_for_update().filter(unit=unit, year=year).aggregate(Max("position"))
        return BudgetEntry.objects.create(
            agency_id=unit.agency_id,
            unit=unit,
            year=year,
            kind=data.kind,
            amount=amount,
            date=day,
            month=month,
            account=account,
            note=note,
            output=output,
            position=int(last["position__max"] or 0) + 1,
        )


def remove_entry(user: Any, unit: Unit, year: int, entry_id: int, version: str) -> None:
    access.require(user, permissions.ENTER_BUDGET, unit)
    with transaction.atomic(), acting_as(user, note=f"anggaran {unit.code} {year}"):
        if page_version(unit, year) != version:
            raise BudgetRefused(
                _(
                    "Entri anggaran unit ini sudah diubah orang lain setelah halaman dibuka; periksa daftar terbaru."
                ),
                status=409,
            )
        deleted, _rows = BudgetEntry.objects.filter(pk=entry_id, unit=unit, year=year).delete()
        if not deleted:
            raise BudgetRefused(_("Entri anggaran tidak ditemukan."), status=404)


def set_score(user: Any, unit: Unit, year: int, kind: str, value: str, note: str = "") -> BudgetScore | None:
    """Enter (or, with an empty value, remove) a budget score from SMART or OM-SPAN."""
    access.require(user, permissions.ENTER_BUDGET, unit)
    if kind not in BUDGET_SCORE_KINDS:
        raise BudgetRefused(_("Jenis nilai anggaran tidak dikenal."), "kind")
    with transaction.atomic(), acting_as(user, note=f"nilai anggaran {unit.code} {year}"):
        if not (value or "").strip():
            BudgetScore.objects.filter(unit=unit, year=year, kind=kind).delete()
            return None
        try:
            number = parse_number(value.strip(), indonesian=True)
        except KinerjaValidationError as exc:
            raise BudgetRefused(_("Nilai: %(message)s") % {"message": exc.message}, "value") from None
        if not Decimal(0) <= number <= Decimal(200):
            raise BudgetRefused(_("Nilai harus 0 sampai 200."), "value")
        score, _created = BudgetScore.objects.update_or_create(
            unit=unit,
            year=year,
            kind=kind,
            defaults={"agency_id": unit.agency_id, "value": number, "note": (note or "").strip()[:5000]},
        )
        return score


# --- monthly realisation from a SAKTI / OM-SPAN export -------------------------------------------

MONTHLY_COLUMNS = {"tahun", "bulan", "realisasi"}
OPTIONAL_COLUMNS = {"rpd", "akun", "ro", "keterangan"}
MAX_IMPORT_ROWS = 5000


def import_monthly(user: Any, unit: Unit, year: int, name: str, content: bytes) -> int:
    """Monthly realisation (and, with an ``rpd`` column, the monthly plan) of the unit-year from a
    CSV/XLSX laid out like a SAKTI/OM-SPAN export (docs/budget.md): a header row with ``tahun``,
    ``bulan``, ``realisasi`` and optionally ``rpd``, ``akun``, ``ro`` (the code of an RO or KRO of
    the unit-year's structure), ``keterangan``; one row per month (and account, and RO). All rows
    or none. The file replaces the unit-year's monthly entries of the (account, RO) pairs it names
    (``realisasi_bulanan``, and ``rpd`` when it has the column): importing the next month's export
    again does not count a month twice. Returns the number of entries written."""
    from kinerja.budget.models import BudgetOutput
    from kinerja.core.tables import TableError, read_table

    access.require(user, permissions.ENTER_BUDGET, unit)
    try:
        rows = read_table(name, content)
    except TableError as exc:
        raise BudgetRefused(
            {"xlsx": _("Berkas XLSX tidak terbaca."), "utf8": _("Berkas CSV bukan teks UTF-8.")}.get(
                exc.kind, _("Berkas harus CSV atau XLSX.")
            ),
            "file",
        ) from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise BudgetRefused(_("Berkas kosong."), "file")
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    missing = sorted(MONTHLY_COLUMNS - set(header))
    if missing:
        raise BudgetRefused(
            _(
                "Baris 1 (judul kolom): kolom %(columns)s tidak ada; judul yang diharapkan: tahun, bulan, realisasi, lalu boleh rpd, akun, ro, keterangan."
            )
            % {"columns": ", ".join(missing)},
            "file",
        )
    unknown = [h for h in header if h and h not in MONTHLY_COLUMNS | OPTIONAL_COLUMNS]
    if unknown:
        raise BudgetRefused(
            _("Baris 1 (judul kolom): kolom '%(column)s' tidak dikenal.") % {"column": unknown[0]}, "file"
        )
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise BudgetRefused(_("Paling banyak %(n)s baris per berkas.") % {"n": MAX_IMPORT_ROWS}, "file")
    col = {h: i for i, h in enumerate(header) if h}
    with_plan = "rpd" in col
    nodes = dict(
        BudgetOutput.objects.filter(unit=unit, year=year, level__in=("kro", "ro")).values_list("code", "id")
    )
    parsed: list[tuple[int, str, str, int, int | None, int | None]] = []
    for number, row in enumerate(rows[1:], start=2):

        def cell(key: str, row: list[str] = row) -> str:
            i = col.get(key)
            text = row[i].strip() if i is not None and i < len(row) else ""
            return text[:-2] if text.endswith(".0") and text[:-2].lstrip("-").isdigit() else text

        def fail(column: str, message: str, number: int = number) -> BudgetRefused:
            return BudgetRefused(
                _("Baris %(number)s, kolom %(column)s: %(message)s")
                % {"number": number, "column": column, "message": message},
                "file",
            )

        if cell("tahun") != str(year):
            raise fail(
                "tahun",
                _("tahun %(found)s, bukan %(year)s") % {"found": cell("tahun") or "kosong", "year": year},
            )
        month = cell("bulan")
        if not month.isdigit() or not 1 <= int(month) <= 12:
            raise fail("bulan", _("bulan harus 1 sampai 12, bukan '%(text)s'") % {"text": month[:20]})
        try:
            real = _amount(cell("realisasi"), "realisasi_bulanan")
        except BudgetRefused as exc:
            raise fail("realisasi", exc.message) from None
        try:
            plan = _amount(cell("rpd"), "rpd") if with_plan and cell("rpd") else None
        except BudgetRefused as exc:
            raise fail("rpd", exc.message) from None
        account = cell("akun")[:300]
        ro = cell("ro")
        if ro and ro not in nodes:
            raise fail("ro", _("RO/KRO '%(code)s' tidak ada pada unit-tahun ini.") % {"code": ro[:64]})
        parsed.append(
            (int(month), account, cell("keterangan")[:5000], real, plan, nodes.get(ro) if ro else None)
        )
    seen: set[tuple[int, str, int | None]] = set()
    for i, (month_no, account, _note, _real, _plan, output) in enumerate(parsed, start=2):
        if (month_no, account, output) in seen:
            raise BudgetRefused(
                _("Baris %(number)s: bulan %(month)s akun '%(account)s' tercantum dua kali.")
                % {"number": i, "month": month_no, "account": account},
                "file",
            )
        seen.add((month_no, account, output))
    kinds = ["realisasi_bulanan", *(["rpd"] if with_plan else [])]
    pairs = {(account, output) for _m, account, _n, _r, _p, output in parsed}
    named = Q()
    for account, output in pairs:
        named |= Q(account=account, output_id=output) if output else Q(account=account, output__isnull=True)
    with transaction.atomic(), acting_as(user, note=f"impor realisasi bulanan {unit.code} {year}"):
        BudgetEntry.objects.filter(named, unit=unit, year=year, kind__in=kinds).delete()
        last = BudgetEntry.objects.select_for_update().filter(unit=unit, year=year).aggregate(Max("position"))
        position = int(last["position__max"] or 0)
        made = 0
        for month_no, account, note, real, plan, output in parsed:
            for kind, amount in (("realisasi_bulanan", real), ("rpd", plan)):
                if amount is None:
                    continue
                position += 1
                BudgetEntry.objects.create(
                    agency_id=unit.agency_id, unit=unit, year=year, kind=kind, amount=amount, month=month_no,
                    account=account, note=note, position=position, output_id=output,
                )  # fmt: skip
                made += 1
    return made


# --- the output structure (Program > Kegiatan > KRO > RO) and the lines on it --------------------


@dataclass(frozen=True)
class OutputInput:
    """One node as the officer gave it; ``place`` names where (a sheet row, a form)."""

    level: str
    code: str
    name: str
    parent: str = ""
    objective: str = ""  # the code of an objective of the unit's Renstra in force
    volume_target: Decimal | None = None
    volume_unit: str = ""
    volumes: tuple[tuple[int, Decimal], ...] = ()  # (month, volume up to the end of that month)
    note: str = ""
    place: str = ""


@dataclass(frozen=True)
class LineInput:
    """A budget line on an RO or KRO (pagu awal, revisi, pagu akhir, realisasi, blokir)."""

    output: str
    kind: str
    amount: int
    date: date | None = None
    account: str = ""
    note: str = ""
    place: str = ""


LINE_KINDS = ("pagu_awal", "revisi", "pagu_akhir", "realisasi", "blokir")


def _refuse(place: str, message: str) -> BudgetRefused:
    return BudgetRefused(f"{place}: {message}" if place else message, "file")


def check_outputs(unit: Unit, year: int, nodes: list[OutputInput], lines: list[LineInput]) -> dict[str, int]:
    """Refuse the first thing wrong, named by its place; returns objective code -> id."""
    from kinerja.agreements.services import plan_for_year
    from kinerja.core.codes import code_problem
    from kinerja.interchange.document import OUTPUT_LEVELS
    from kinerja.planning.models import Objective

    plan = plan_for_year(unit, year)
    objectives = (
        dict(Objective.objects.filter(plan=plan).values_list("code", "id")) if plan is not None else {}
    )
    levels = {n.code: n.level for n in nodes}
    seen: set[str] = set()
    for n in nodes:
        if n.level not in OUTPUT_LEVELS:
            raise _refuse(
                n.place,
                _("tingkat '%(level)s' tidak dikenal; pilihan: %(choices)s")
                % {"level": n.level, "choices": ", ".join(OUTPUT_LEVELS)},
            )
        problem = code_problem(n.code, _("kode"))
        if problem:
            raise _refuse(n.place, problem)
        if n.code in seen:
            raise _refuse(n.place, _("kode %(code)s tercantum dua kali") % {"code": n.code})
        seen.add(n.code)
        if not n.name.strip() or len(n.name) > 500:
            raise _refuse(n.place, _("nama wajib diisi (paling banyak 500 karakter)"))
        if n.parent:
            if n.parent not in levels:
                raise _refuse(n.place, _("induk '%(parent)s' tidak ada dalam daftar") % {"parent": n.parent})
            if OUTPUT_LEVELS.index(levels[n.parent]) >= OUTPUT_LEVELS.index(n.level):
                raise _refuse(
                    n.place,
                    _("induk %(parent)s harus setingkat di atas %(code)s")
                    % {"parent": n.parent, "code": n.code},
                )
        if n.objective and n.objective not in objectives:
            raise _refuse(
                n.place,
                _("sasaran '%(code)s' tidak ada dalam Renstra unit yang berlaku tahun %(year)s")
                % {"code": n.objective, "year": year},
            )
        if n.level != "ro" and (n.volume_target is not None or n.volumes):
            raise _refuse(n.place, _("target dan realisasi volume hanya untuk tingkat ro (Rincian Output)"))
        if n.volume_target is not None and n.volume_target < 0:
            raise _refuse(n.place, _("target volume tidak boleh negatif"))
        if any(v < 0 for _m, v in n.volumes):
            raise _refuse(n.place, _("realisasi volume tidak boleh negatif"))
    for line in lines:
        if line.output not in levels:
            raise _refuse(line.place, _("keluaran '%(code)s' tidak ada dalam daftar") % {"code": line.output})
        if levels[line.output] not in ("kro", "ro"):
            raise _refuse(line.place, _("anggaran dicatat pada RO atau KRO"))
        if line.kind not in LINE_KINDS:
            raise _refuse(
                line.place,
                _("jenis '%(kind)s' tidak dikenal; pilihan: %(choices)s")
                % {"kind": line.kind, "choices": ", ".join(LINE_KINDS)},
            )
        if line.amount < 0 and line.kind not in SIGNED:
            raise _refuse(
                line.place, _("jumlah tidak boleh negatif (hanya revisi yang boleh mengurangi pagu)")
            )
        if abs(line.amount) >= 10**17:
            raise _refuse(line.place, _("jumlah terlalu besar"))
    return objectives


def structure_version(unit: Unit, year: int) -> str:
    """A fingerprint of the unit-year's structure, RO volumes and lines on RO/KRO: a workbook
    carries the one it was made from, and an upload made from an older state is refused."""
    import hashlib

    from kinerja.budget.models import BudgetOutput, OutputVolume

    parts = [
        repr(row)
        for row in BudgetOutput.objects.filter(unit=unit, year=year)
        .order_by("id")
        .values_list(
            "id", "code", "level", "name", "parent_id", "objective_id", "volume_target", "volume_unit", "note"
        )
    ]
    parts += [
        repr(row)
        for row in OutputVolume.objects.filter(output__unit=unit, output__year=year)
        .order_by("output_id", "month")
        .values_list("output_id", "month", "value")
    ]
    parts += [
        repr(row)
        for row in BudgetEntry.objects.filter(unit=unit, year=year, output__isnull=False)
        .order_by("id")
        .values_list("id", "amount", "kind")
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def replace_outputs(
    user: Any,
    unit: Unit,
    year: int,
    nodes: list[OutputInput],
    lines: list[LineInput],
    expected_version: str | None = None,
) -> tuple[int, int]:
    """Make the unit-year's output structure ``nodes`` and its lines on RO/KRO ``lines``, all or
    nothing: a node is kept by its code (its lines stay linked), a code no longer listed is
    removed, each RO's monthly volumes become the given ones, and the lines on RO/KRO are replaced
    (the whole-unit lines are not touched). Returns (nodes, lines) written."""
    from kinerja.budget.structure import Node, write_structure

    access.require(user, permissions.ENTER_BUDGET, unit)
    with transaction.atomic(), acting_as(user, note=f"struktur keluaran {unit.code} {year}"):
        if expected_version is not None and structure_version(unit, year) != expected_version:
            raise BudgetRefused(
                _(
                    "Struktur keluaran atau anggarannya sudah diubah setelah templat ini diunduh; unduh templat "
                    "baru, salin isian Anda ke sana, lalu unggah lagi."
                ),
                "file",
                status=409,
            )
        objectives = check_outputs(unit, year, nodes, lines)
        BudgetEntry.objects.filter(unit=unit, year=year, output__isnull=False).delete()
        saved = write_structure(
            unit.agency_id,
            unit,
            year,
            [
                Node(
                    n.level,
                    n.code,
                    n.name,
                    n.parent,
                    objectives.get(n.objective) if n.objective else None,
                    n.volume_target,
                    n.volume_unit,
                    n.volumes,
                    n.note,
                )  # fmt: skip
                for n in nodes
            ],
        )
        last = BudgetEntry.objects.filter(unit=unit, year=year).aggregate(Max("position"))
        position = int(last["position__max"] or 0)
        for line in lines:
            position += 1
            BudgetEntry.objects.create(
                agency_id=unit.agency_id, unit=unit, year=year, kind=line.kind, amount=line.amount,
                date=line.date, account=line.account.strip()[:300], note=line.note.strip()[:5000],
                output=saved[line.output], position=position,
            )  # fmt: skip
    return len(nodes), len(lines)


def set_volume(user: Any, unit: Unit, year: int, code: str, month: str, value: str) -> None:
    """Record (or, with an empty value, remove) an RO's realised volume up to the end of a month."""
    from kinerja.budget.models import BudgetOutput, OutputVolume

    access.require(user, permissions.ENTER_BUDGET, unit)
    ro = BudgetOutput.objects.filter(unit=unit, year=year, code=(code or "").strip(), level="ro").first()
    if ro is None:
        raise BudgetRefused(_("RO '%(code)s' tidak ada pada unit-tahun ini.") % {"code": code}, "output")
    if not (month or "").strip().isdigit() or not 1 <= int(month) <= 12:
        raise BudgetRefused(_("Bulan harus 1 sampai 12."), "month")
    with transaction.atomic(), acting_as(user, note=f"volume RO {unit.code} {year} {ro.code}"):
        if not (value or "").strip():
            OutputVolume.objects.filter(output=ro, month=int(month)).delete()
            return
        try:
            number = parse_number(value.strip(), indonesian=True)
        except KinerjaValidationError as exc:
            raise BudgetRefused(_("Volume: %(message)s") % {"message": exc.message}, "value") from None
        if number < 0:
            raise BudgetRefused(_("Volume tidak boleh negatif."), "value")
        OutputVolume.objects.update_or_create(
            output=ro, month=int(month), defaults={"agency_id": unit.agency_id, "value": number}
        )
