"""Evaluation detail (``getEvaluation`` in ``performance.py`` gives the summary of a unit-year):
a unit-year's SKM (``kinerja.figures.skm.unit_skm`` over the surveys of the
unit and the units beneath it, as the SKM page reads them), its AKIP evaluation
(``kinerja.figures.akip.unit_akip``: final evaluations only are a result), and the
recommendations with their follow-up (``kinerja.evaluation.recommendations``: what is overdue).
Nothing is computed here; read only (entries are made on the pages)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from kinerja.api.caller import caller
from kinerja.api.endpoints.common import READ_ERRORS, Page, PageQuery, UnitCode, Year, page
from kinerja.core.numbers import contract_decimal
from kinerja.core.skm import ELEMENTS
from kinerja.core.types import KinerjaValidationError
from kinerja.evaluation import akip, recommendations, skm
from kinerja.evaluation.models import FollowUp, Recommendation
from kinerja.figures.akip import unit_akip
from kinerja.figures.output import skm_json
from kinerja.figures.skm import unit_skm
from kinerja.interchange import document as d
from kinerja.interchange.evaluations import export_evaluations

router = Router(tags=["anggaran dan evaluasi"])


def _year(year: int) -> int:
    if not 1900 <= year <= 2999:
        raise KinerjaValidationError(_("tahun di luar rentang 1900-2999"), "path.year")
    return year


def _full(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class SkmElement(Schema):
    code: str = Field(description="U1..U9")
    name: str
    nrr: str | None = Field(description="nilai rata-rata unsur (1-4), desimal penuh; null = tidak dijawab")


def _elements(means: tuple[Decimal | None, ...]) -> list[SkmElement]:
    if not means:
        return []
    return [SkmElement(code=c, name=n, nrr=_full(m)) for (c, n), m in zip(ELEMENTS, means, strict=True)]


class SkmServiceDetail(Schema):
    unit: str
    service: str
    ikm: str | None = Field(description="IKM layanan, 2 desimal")
    respondents: int
    mutu: str | None
    population: int | None
    sample_note: str = Field(description="pemeriksaan ukuran sampel Krejcie & Morgan bila populasi diisi")
    elements: list[SkmElement] = Field(
        description="NRR per unsur; kosong bila survei dilakukan di luar Kinerja"
    )


class SkmDetailResult(Schema):
    ikm: str | None = Field(description="IKM unit, 2 desimal (seperti kinerja compute --json)")
    ikm_exact: str | None = Field(description="IKM unit, desimal penuh")
    respondents: int
    mutu: str | None = Field(description="A-D")
    kinerja: str | None = Field(description="Sangat Baik, Baik, Kurang Baik, Tidak Baik")
    rolled_up: bool = Field(description="true: gabungan unit di bawahnya (unit tidak punya survei sendiri)")
    elements: list[SkmElement] = Field(description="NRR per unsur, dibobot responden")
    services: list[SkmServiceDetail]


class SkmDetailOut(Schema):
    unit: str
    year: int
    result: SkmDetailResult | None = Field(description="null: belum ada hasil SKM unit ini atau di bawahnya")


@router.get(
    "/{code}/{year}/skm",
    response={200: SkmDetailOut, **READ_ERRORS},
    summary="Hasil SKM unit-tahun: IKM, responden, mutu, NRR per unsur",
    operation_id="getSkm",
)
def get_skm(request: HttpRequest, code: UnitCode, year: Year) -> Any:
    unit = caller(request).unit(code)
    _year(year)
    doc = skm.survey_document(unit, year)
    found = unit_skm(doc, unit.code, year)
    summary = skm_json(doc, unit.code, year)
    if found is None or summary is None:
        return SkmDetailOut(unit=unit.code, year=year, result=None)
    services = [
        SkmServiceDetail(
            unit=s.unit,
            service=s.service,
            ikm=contract_decimal(s.ikm),
            respondents=s.respondents,
            mutu=s.mutu,
            population=s.population,
            sample_note=s.sample_note,
            elements=_elements(s.means),
        )
        for s in found.services
    ]
    return SkmDetailOut(
        unit=unit.code,
        year=year,
        result=SkmDetailResult(
            ikm=summary["ikm"],
            ikm_exact=_full(found.ikm),
            respondents=summary["respondents"],
            mutu=summary["mutu"],
            kinerja=summary["kinerja"],
            rolled_up=summary["rolled_up"],
            elements=_elements(found.means),
            services=services,
        ),
    )


class AkipDetailResult(Schema):
    score: str = Field(description="nilai evaluasi AKIP, desimal penuh")
    predicate: str | None = Field(description="AA, A, BB, B, CC, C, D")
    previous: str | None = Field(description="nilai tahun sebelumnya (evaluasi final)")
    change: str | None = Field(description="perubahan terhadap tahun sebelumnya")
    lke: str = Field(description="lembar kerja evaluasi yang dipakai")
    entered: bool = Field(description="true: nilai evaluasi di luar Kinerja (tanpa rincian)")
    components: dict[str, str] = Field(description="kode komponen -> nilai")
    subcomponents: dict[str, str | None] = Field(
        description="kode subkomponen -> nilai; null = belum dijawab"
    )
    summary: str = Field(description="simpulan evaluator")


class AkipDetailOut(Schema):
    unit: str
    year: int
    status: Literal["none", "self", "review", "final"] = Field(
        description="none: belum ada; self: penilaian mandiri; review: direviu APIP; final"
    )
    result: AkipDetailResult | None = Field(
        description="hanya evaluasi final yang menjadi hasil; null selainnya"
    )


@router.get(
    "/{code}/{year}/akip",
    response={200: AkipDetailOut, **READ_ERRORS},
    summary="Evaluasi AKIP unit-tahun: nilai, predikat, perubahan (evaluasi final)",
    operation_id="getAkip",
)
def get_akip(request: HttpRequest, code: UnitCode, year: Year) -> Any:
    unit = caller(request).unit(code)
    _year(year)
    ev = akip.evaluation_of(unit, year)
    doc = d.Document(evaluations=export_evaluations(unit.agency, {unit.pk}, {unit.pk: unit.code}, year))
    found = unit_akip(doc, unit.code, year)
    result = None
    if found is not None:
        detail = found.detail
        result = AkipDetailResult(
            score=_full(found.score) or "",
            predicate=found.predicate,
            previous=_full(found.previous),
            change=_full(found.change),
            lke=found.lke,
            entered=detail is None,
            components={} if detail is None else {k: _full(v) or "" for k, v in detail.components.items()},
            subcomponents={} if detail is None else {k: _full(v) for k, v in detail.subcomponents.items()},
            summary=found.summary,
        )
    return AkipDetailOut(unit=unit.code, year=year, status=ev.status if ev else "none", result=result)  # type: ignore[arg-type]


RecommendationStatus = Literal["open", "in_progress", "submitted", "closed"]


class RecommendationQuery(PageQuery):
    unit: str | None = Field(None, max_length=64, description="kode unit (hanya unit itu)")
    year: int | None = Field(None, ge=1900, le=2999)
    status: RecommendationStatus | None = None
    overdue: bool = Field(False, description="true: hanya yang belum ditutup dan lewat batas waktu")


class FollowUpRow(Schema):
    text: str
    evidence: str
    recorded_at: str


class RecommendationRow(Schema):
    id: int
    unit: str
    source: str = Field(description="lhe, reviu, bpk, itjen, lain")
    source_label: str
    reference: str
    year: int
    text: str
    due_date: str
    status: RecommendationStatus
    status_label: str
    overdue: bool = Field(description="belum ditutup dan lewat batas waktu")
    closed_at: str | None
    closing_note: str
    follow_ups: list[FollowUpRow]


@router.get(
    "/recommendations",
    response={200: Page[RecommendationRow], **READ_ERRORS},
    summary="Rekomendasi dan tindak lanjutnya (saring unit/tahun/status/terlambat)",
    operation_id="listRecommendations",
)
def list_recommendations(request: HttpRequest, query: Query[RecommendationQuery]) -> Any:
    who = caller(request)
    on = recommendations.today()
    if query.overdue:
        # the overdue rule's own query (the task inbox's), then the token's narrowing below
        rows = recommendations.open_recommendations(who.user, overdue_only=True, on=on)
    else:
        rows = Recommendation.objects.select_related("unit")
    if query.unit is not None:
        rows = rows.filter(unit=who.unit(query.unit))
    else:
        ids = who.unit_ids()
        if ids is not None:
            rows = rows.filter(unit_id__in=sorted(ids))
    if query.year is not None:
        rows = rows.filter(year=query.year)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    rows = rows.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("recorded_at", "pk"))
    ).order_by("due_date", "pk")
    count, items = page(rows, query)
    return Page[RecommendationRow](
        count=count,
        limit=query.limit,
        offset=query.offset,
        items=[
            RecommendationRow(
                id=r.pk,
                unit=r.unit.code,
                source=r.source,
                source_label=str(r.get_source_display()),
                reference=r.reference,
                year=r.year,
                text=r.text,
                due_date=r.due_date.isoformat(),
                status=r.status,
                status_label=str(r.get_status_display()),
                overdue=recommendations.is_overdue(r, on),
                closed_at=r.closed_at.isoformat() if r.closed_at else None,
                closing_note=r.closing_note,
                follow_ups=[
                    FollowUpRow(text=f.text, evidence=f.evidence, recorded_at=f.recorded_at.isoformat())
                    for f in r.follow_ups.all()
                ],
            )
            for r in items
        ],
    )
