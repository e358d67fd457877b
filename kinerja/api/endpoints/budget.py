"""Budget rows: the budget entries and the entered budget scores (EKA, IKPA, NKA and their parts)
of the units the caller may read, filtered by unit and year, paginated. The figures made from them
(a unit-year's pagu, realisasi, penyerapan and scores: ``kinerja.figures.budget.unit_budget``) are
``getBudget`` (``performance.py``). The output structure of a unit-year (Program..RO, RO volumes
and the lines on RO/KRO) is written whole with ``replaceBudgetOutputs``, by the rules of the
finance officer's workbook; other budget entries are entered on the pages or through an
interchange file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from kinerja.api.caller import Caller, caller
from kinerja.api.endpoints.common import READ_ERRORS, WRITE_ERRORS, Page, PageQuery, page
from kinerja.budget.models import BudgetEntry, BudgetScore
from kinerja.core.numbers import parse_number
from kinerja.core.types import KinerjaValidationError
from kinerja.organizations import permissions

router = Router(tags=["anggaran dan evaluasi"])


class EntryQuery(PageQuery):
    unit: str | None = Field(None, max_length=64, description="kode unit (hanya unit itu)")
    year: int | None = Field(None, ge=1900, le=2999)


def _scoped(who: Caller, rows: QuerySet[Any], query: EntryQuery) -> QuerySet[Any]:
    if query.unit is not None:
        rows = rows.filter(unit=who.unit(query.unit))
    else:
        ids = who.unit_ids()
        if ids is not None:
            rows = rows.filter(unit_id__in=sorted(ids))
    if query.year is not None:
        rows = rows.filter(year=query.year)
    return rows


class BudgetEntryRow(Schema):
    id: int
    unit: str
    year: int
    kind: str = Field(description="pagu_awal, revisi, pagu_akhir, realisasi, rpd, realisasi_bulanan, renstra")
    kind_label: str
    amount: int = Field(description="Rp penuh; revisi: perubahan (+/-)")
    date: str | None
    month: int | None
    account: str = Field(description="akun/program/kegiatan/RO; kosong: seluruh unit")
    objective: str | None = Field(description="kode sasaran bila entri ini bagian satu sasaran")
    output: str | None = Field(
        description="kode RO/KRO (struktur keluaran) bila entri ini bagian satu keluaran"
    )
    note: str


class ScoreQuery(EntryQuery):
    pass


@router.get(
    "/entries",
    response={200: Page[BudgetEntryRow], **READ_ERRORS},
    summary="Entri anggaran (saring unit/tahun)",
    operation_id="listBudgetEntries",
)
def entries(request: HttpRequest, query: Query[EntryQuery]) -> Any:
    who = caller(request)
    rows = BudgetEntry.objects.select_related("unit", "objective", "output").order_by(
        "unit__code", "year", "position", "pk"
    )
    count, items = page(_scoped(who, rows, query), query)
    return Page[BudgetEntryRow](
        count=count,
        limit=query.limit,
        offset=query.offset,
        items=[
            BudgetEntryRow(
                id=b.pk,
                unit=b.unit.code,
                year=b.year,
                kind=b.kind,
                kind_label=str(b.get_kind_display()),
                amount=b.amount,
                date=b.date.isoformat() if b.date else None,
                month=b.month,
                account=b.account,
                objective=b.objective.code if b.objective else None,
                output=b.output.code if b.output else None,
                note=b.note,
            )
            for b in items
        ],
    )


class BudgetScoreRow(Schema):
    id: int
    unit: str
    year: int
    kind: str = Field(description="eka, ikpa, nka, atau bagiannya (eka_penyerapan, ikpa_revisi_dipa, ...)")
    kind_label: str
    value: str = Field(description="nilai yang diinput, desimal penuh")
    note: str


@router.get(
    "/scores",
    response={200: Page[BudgetScoreRow], **READ_ERRORS},
    summary="Nilai kinerja anggaran yang diinput (EKA, IKPA, NKA dan bagiannya)",
    operation_id="listBudgetScores",
)
def scores(request: HttpRequest, query: Query[ScoreQuery]) -> Any:
    who = caller(request)
    rows = BudgetScore.objects.select_related("unit").order_by("unit__code", "year", "kind", "pk")
    count, items = page(_scoped(who, rows, query), query)
    return Page[BudgetScoreRow](
        count=count,
        limit=query.limit,
        offset=query.offset,
        items=[
            BudgetScoreRow(
                id=s.pk,
                unit=s.unit.code,
                year=s.year,
                kind=s.kind,
                kind_label=str(s.get_kind_display()),
                value=format(s.value.normalize(), "f"),
                note=s.note,
            )
            for s in items
        ],
    )


# --- the output structure, written whole (the finance officer's workbook, as JSON) ---------------


class VolumeIn(Schema):
    month: int = Field(ge=1, le=12)
    value: str | float | int = Field(description="volume yang dicapai s.d. akhir bulan itu (kumulatif)")


class OutputIn(Schema):
    level: Literal["program", "kegiatan", "kro", "ro"]
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=500)
    parent: str = Field("", max_length=64, description="kode induk (setingkat di atas)")
    objective: str = Field("", max_length=64, description="kode sasaran Renstra yang berlaku")
    volume_target: str | float | int | None = Field(None, description="RO saja")
    volume_unit: str = Field("", max_length=100)
    volumes: list[VolumeIn] = Field(default_factory=list, max_length=12)
    note: str = Field("", max_length=5000)


class LineIn(Schema):
    output: str = Field(min_length=1, max_length=64, description="kode RO atau KRO")
    kind: Literal["pagu_awal", "revisi", "pagu_akhir", "realisasi", "blokir"]
    amount: int = Field(ge=-(10**17) + 1, le=10**17 - 1, description="rupiah penuh; revisi boleh negatif")
    date: dt.date | None = None
    account: str = Field("", max_length=300)
    note: str = Field("", max_length=5000)


class OutputsIn(Schema):
    version: str | None = Field(
        None,
        max_length=64,
        description="outputs_version dari GET /budget/{code}/{year}; bila diisi dan data sudah berubah: 409",
    )
    outputs: list[OutputIn] = Field(max_length=5000)
    lines: list[LineIn] = Field(default_factory=list, max_length=5000)


class OutputsOut(Schema):
    outputs: int
    lines: int
    version: str = Field(description="outputs_version setelah disimpan")


def _volume(value: Any, field: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = parse_number(value, field)
    if not Decimal(0) <= number < Decimal(10) ** 15:
        raise KinerjaValidationError(_("volume harus 0 sampai kurang dari 10^15"), field)
    return number


@router.put(
    "/{code}/{year}/outputs",
    response={200: OutputsOut, **WRITE_ERRORS},
    summary="Ganti struktur keluaran (Program, Kegiatan, KRO, RO), volume RO dan anggaran per RO/KRO unit-tahun",
    operation_id="replaceBudgetOutputs",
)
def replace_outputs(request: HttpRequest, code: str, year: int, payload: OutputsIn) -> Any:
    """All or nothing, by the same rules as the workbook (``budget.services.replace_outputs``):
    nodes kept by code, codes not given removed, RO volumes and the lines on RO/KRO replaced;
    whole-unit lines untouched."""
    from kinerja.api.problems import problem
    from kinerja.budget import services

    who = caller(request)
    if not 1900 <= year <= 2999:
        raise KinerjaValidationError(_("tahun di luar rentang 1900-2999"), "path.year")
    unit = who.unit(code, permissions.ENTER_BUDGET)
    if payload.version is not None and payload.version != services.structure_version(unit, year):
        return problem(
            409,
            _(
                "Struktur keluaran unit-tahun ini sudah berubah; baca ulang GET /api/v1/budget/%(code)s/%(year)s."
            )
            % {"code": unit.code, "year": year},
            kind="stale",
        )
    nodes = [
        services.OutputInput(
            level=o.level,
            code=o.code.strip(),
            name=o.name,
            parent=o.parent.strip(),
            objective=o.objective.strip(),
            volume_target=_volume(o.volume_target, f"body.outputs[{i}].volume_target"),
            volume_unit=o.volume_unit,
            volumes=tuple(
                (v.month, number)
                for j, v in enumerate(o.volumes)
                if (number := _volume(v.value, f"body.outputs[{i}].volumes[{j}].value")) is not None
            ),
            note=o.note,
            place=f"body.outputs[{i}]",
        )
        for i, o in enumerate(payload.outputs)
    ]
    months = [sorted(m for m, _v in n.volumes) for n in nodes]
    for i, found in enumerate(months):
        if len(found) != len(set(found)):
            raise KinerjaValidationError(_("bulan tercantum dua kali"), f"body.outputs[{i}].volumes")
    lines = [
        services.LineInput(
            output=x.output.strip(),
            kind=x.kind,
            amount=x.amount,
            date=x.date,
            account=x.account,
            note=x.note,
            place=f"body.lines[{i}]",
        )
        for i, x in enumerate(payload.lines)
    ]
    made = services.replace_outputs(who.user, unit, year, nodes, lines, expected_version=payload.version)
    return OutputsOut(outputs=made[0], lines=made[1], version=services.structure_version(unit, year))
