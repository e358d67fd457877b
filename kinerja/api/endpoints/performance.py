"""Budget and evaluation of a unit-year, read-only: the same figures as ``kinerja compute --json``
(``kinerja.figures.output.budget_json`` and ``skm_json``) and the pages, from the one rule of each
(``kinerja.figures.budget``, ``kinerja.figures.skm``, ``kinerja.figures.akip``,
``kinerja.evaluation.recommendations``); never computed here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from kinerja.api.caller import caller
from kinerja.api.endpoints.common import READ_ERRORS, UnitCode, Year
from kinerja.core.numbers import contract_decimal
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.akip import unit_akip
from kinerja.figures.budget import budget_outputs
from kinerja.figures.output import budget_json, skm_json
from kinerja.interchange.db import budget_document, unit_document

router = Router(tags=["anggaran dan evaluasi"])


def _year(year: int) -> None:
    from django.utils.translation import gettext as _

    if not 1900 <= year <= 2999:
        raise KinerjaValidationError(_("tahun di luar rentang 1900-2999"), "path.year")


class BudgetEntryOut(Schema):
    unit: str
    kind: str = Field(
        description="renstra, pagu_awal, revisi, pagu_akhir, realisasi, realisasi_bulanan, rpd ..."
    )
    amount: int = Field(description="rupiah penuh")
    date: date | None
    month: int | None
    account: str = Field(description="akun / jenis belanja; kosong = seluruh unit")
    objective: str | None
    output: str | None = Field(None, description="kode RO/KRO yang memuat entri ini")
    note: str


class BudgetOutputOut(Schema):
    level: str = Field(description="program, kegiatan, kro, ro")
    code: str
    name: str
    parent: str
    objective: str | None = Field(description="UNIT:KODE sasaran yang dilayani (milik sendiri atau induknya)")
    pagu: int | None
    realisasi: int | None
    penyerapan: str | None
    volume_target: str | None
    volume_unit: str
    volume: str | None = Field(description="realisasi volume s.d. bulan terakhir yang diisi")
    volume_month: int | None
    capaian: str | None = Field(description="RO: realisasi / target volume × 100; KRO: rata-rata RO-nya")
    efficiency: str | None = Field(description="efisiensi KRO (E_j, persen)")


class BudgetOut(Schema):
    unit: str
    year: int
    pagu_akhir: int | None
    realisasi: int | None
    penyerapan: str | None = Field(description="realisasi / pagu akhir × 100, desimal penuh")
    rolled_up_from: list[str] = Field(
        description="unit di bawahnya yang dijumlahkan (kosong: entri unit sendiri)"
    )
    eka: str | None = None
    eka_predikat: str | None = None
    eka_diinput: bool | None = None
    ikpa: str | None = None
    ikpa_predikat: str | None = None
    ikpa_diinput: bool | None = None
    nka: str | None = None
    nka_predikat: str | None = None
    nka_diinput: bool | None = None
    konsistensi: str | None = Field(None, description="konsistensi realisasi terhadap RPD (K), persen")
    capaian_ro: str | None = Field(None, description="capaian RO (CRO), persen")
    efisiensi: str | None = Field(None, description="efisiensi RO (ERO), persen")
    nilai_efisiensi: str | None = Field(None, description="nilai efisiensi (NE), 0-100")
    entries: list[BudgetEntryOut] = Field(description="entri anggaran unit sendiri pada tahun itu")
    outputs: list[BudgetOutputOut] = Field(
        default_factory=list, description="struktur keluaran unit sendiri: Program, Kegiatan, KRO, RO"
    )
    outputs_version: str = Field(
        "",
        description="versi struktur keluaran; kirim sebagai version ke PUT .../outputs agar perubahan orang lain tidak tertimpa",
    )


@router.get(
    "/budget/{code}/{year}",
    response={200: BudgetOut, **READ_ERRORS},
    summary="Anggaran unit-tahun: pagu, realisasi, penyerapan, EKA, IKPA, NKA (dijumlahkan dari unit di bawahnya bila tidak punya entri sendiri)",
    operation_id="getBudget",
)
def budget(request: HttpRequest, code: UnitCode, year: Year) -> Any:
    unit = caller(request).unit(code)
    _year(year)
    doc = budget_document(unit)  # the subtree: an Eselon I or a ministry sums the units beneath
    found = budget_json(doc, unit.code, year) or {
        "pagu_akhir": None,
        "realisasi": None,
        "penyerapan": None,
        "rolled_up_from": [],
    }
    entries = [
        BudgetEntryOut(
            unit=b.unit,
            kind=b.kind,
            amount=b.amount,
            date=b.date,
            month=b.month,
            account=b.account,
            objective=b.objective,
            output=b.output or None,
            note=b.note,
        )
        for b in doc.budgets
        if b.unit == unit.code and b.year == year
    ]
    outputs = [
        BudgetOutputOut(
            level=r.level,
            code=r.code,
            name=r.name,
            parent=r.parent,
            objective=r.objective,
            pagu=r.pagu,
            realisasi=r.realisasi,
            penyerapan=contract_decimal(r.penyerapan),
            volume_target=contract_decimal(r.volume_target),
            volume_unit=r.volume_unit,
            volume=contract_decimal(r.volume),
            volume_month=r.volume_month,
            capaian=contract_decimal(r.capaian),
            efficiency=contract_decimal(r.efficiency),
        )
        for r in budget_outputs(doc, unit.code, year).rows
    ]
    from kinerja.budget.services import structure_version

    return BudgetOut(
        unit=unit.code,
        year=year,
        entries=entries,
        outputs=outputs,
        outputs_version=structure_version(unit, year),
        **found,
    )


class SkmServiceOut(Schema):
    unit: str
    service: str
    ikm: str | None
    respondents: int
    mutu: str | None


class SkmOut(Schema):
    ikm: str | None = Field(description="Indeks Kepuasan Masyarakat (25-100)")
    respondents: int
    mutu: str | None = Field(description="A, B, C atau D")
    kinerja: str | None
    rolled_up: bool = Field(description="digabung dari unit di bawahnya, dibobot jumlah responden")
    services: list[SkmServiceOut]


class AkipOut(Schema):
    score: str = Field(description="nilai evaluasi AKIP (0-100)")
    predicate: str | None = Field(description="AA, A, BB, B, CC, C atau D")
    previous: str | None = Field(description="nilai tahun sebelumnya")
    lke: str


class RecommendationOut(Schema):
    id: int
    source: str
    reference: str
    year: int
    text: str
    due_date: date
    status: str
    overdue: bool
    follow_ups: int


class EvaluationOut(Schema):
    unit: str
    year: int
    skm: SkmOut | None = Field(description="hasil SKM unit (atau gabungan unit di bawahnya)")
    akip: AkipOut | None = Field(description="evaluasi AKIP final tahun itu")
    recommendations: list[RecommendationOut] = Field(
        description="rekomendasi kepada unit: dibuat tahun itu atau sebelumnya, yang belum ditutup atau ditutup"
    )


@router.get(
    "/evaluation/{code}/{year}",
    response={200: EvaluationOut, **READ_ERRORS},
    summary="Evaluasi unit-tahun: hasil SKM, nilai evaluasi AKIP, rekomendasi dan tindak lanjutnya",
    operation_id="getEvaluation",
)
def evaluation(request: HttpRequest, code: UnitCode, year: Year) -> Any:
    from django.db.models import Count

    from kinerja.evaluation.models import Recommendation
    from kinerja.evaluation.recommendations import is_overdue

    unit = caller(request).unit(code)
    _year(year)
    doc = unit_document(unit)
    akip = unit_akip(doc, unit.code, year)
    recs = (
        Recommendation.objects.filter(unit=unit, year__lte=year)
        .annotate(n=Count("follow_ups"))
        .order_by("due_date", "pk")
    )
    skm = skm_json(doc, unit.code, year)
    return EvaluationOut(
        unit=unit.code,
        year=year,
        skm=None if skm is None else SkmOut(**skm),
        akip=None
        if akip is None
        else AkipOut(
            score=str(contract_decimal(akip.score)),
            predicate=akip.predicate,
            previous=contract_decimal(akip.previous),
            lke=akip.lke,
        ),
        recommendations=[
            RecommendationOut(
                id=r.pk,
                source=r.source,
                reference=r.reference,
                year=r.year,
                text=r.text,
                due_date=r.due_date,
                status=r.status,
                overdue=is_overdue(r),
                follow_ups=r.n,
            )
            for r in recs
        ],
    )
