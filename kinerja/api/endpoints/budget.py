"""Budget rows: the budget entries and the entered budget scores (EKA, IKPA, NKA and their parts)
of the units the caller may read, filtered by unit and year, paginated. The figures made from them
(a unit-year's pagu, realisasi, penyerapan and scores: ``kinerja.figures.budget.unit_budget``) are
``getBudget`` (``performance.py``). Read only: budget figures are entered on the pages or through
an interchange file."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from kinerja.api.caller import Caller, caller
from kinerja.api.endpoints.common import READ_ERRORS, Page, PageQuery, page
from kinerja.budget.models import BudgetEntry, BudgetScore

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
