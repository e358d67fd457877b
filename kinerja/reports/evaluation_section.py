"""The LKj's part on reviu dan evaluasi (Bab III, "Capaian Kinerja Lainnya"): the unit's SKM
result (IKM, mutu, respondents, NRR per element), the table of the units beneath it with their
IKM, respondents and mutu (the ministry's table per Eselon I), the AKIP evaluation score with
its predicate and last year's, and the follow-up of the recommendations made to the unit (those
of the year and the year before, and every one still open). Read from the interchange
``Document`` by ``kinerja.figures``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import override

from kinerja.core.numbers import format_number
from kinerja.core.skm import ELEMENTS
from kinerja.figures.akip import AkipResult, unit_akip
from kinerja.figures.skm import UnitSkm, unit_skm
from kinerja.interchange import document as d
from kinerja.reports.fmt import date_id
from kinerja.reports.model import Block, Heading, Paragraph, Table


def _labels(choices: Sequence[tuple[str, object]]) -> dict[str, str]:
    """A model's choice labels as the LKj prints them (always in Indonesian)."""
    with override("id"):
        return {key: str(label) for key, label in choices}


@dataclass(frozen=True)
class EvaluationSection:
    skm: UnitSkm | None = None
    children: list[tuple[d.Unit, UnitSkm | None]] = field(default_factory=list)
    akip: AkipResult | None = None
    recommendations: list[d.Recommendation] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.skm is None and self.akip is None and not self.recommendations


def evaluation_section(doc: d.Document, unit: str, year: int) -> EvaluationSection:
    children = sorted((u for u in doc.units if u.parent == unit), key=lambda u: u.code)
    return EvaluationSection(
        skm=unit_skm(doc, unit, year),
        children=[(u, unit_skm(doc, u.code, year)) for u in children],
        akip=unit_akip(doc, unit, year),
        recommendations=[r for r in doc.recommendations if r.unit == unit and r.year <= year],
    )


def _n(value: object) -> str:
    return "–" if value is None else format_number(value)  # type: ignore[arg-type]


def evaluation_blocks(
    section: EvaluationSection | None, unit_name: str, year: int, caption: Callable[[str], str]
) -> list[Block]:
    """``caption`` numbers the tables (the LKj's ``_Numbering.table``)."""
    if section is None or section.empty:
        return []
    blocks: list[Block] = []
    skm = section.skm
    if skm is not None:
        band = skm.band
        how = (
            "gabungan hasil survei unit di bawahnya, dibobot jumlah responden"
            if skm.rolled_up
            else f"{len(skm.services)} layanan yang disurvei"
        )
        blocks += [
            Heading("Survei Kepuasan Masyarakat", 3),
            Paragraph(
                f"Indeks Kepuasan Masyarakat (IKM) {unit_name} tahun {year} adalah {_n(skm.ikm)} "
                f"dengan mutu pelayanan {skm.mutu}"
                + (f" ({band.description})" if band else "")
                + f", dari {skm.respondents} responden ({how}; PermenPAN-RB 14/2017: sembilan unsur, skala "
                "1-4, IKM = rata-rata nilai unsur × 25)."
            ),
        ]
        if skm.means:
            blocks.append(
                Table(
                    header=("Unsur", "NRR (1-4)", "Nilai × 25"),
                    rows=tuple(
                        (f"{code} {name}", _n(m), _n(None if m is None else m * 25))
                        for (code, name), m in zip(ELEMENTS, skm.means, strict=True)
                    ),
                    widths=(8, 2, 2),
                    numeric=frozenset({1, 2}),
                    caption=caption(f"Nilai per unsur pelayanan tahun {year}"),
                )
            )
        rows = [(u.name, _n(r.ikm if r else None), str(r.respondents) if r else "–", (r.mutu or "–") if r else "–")
                for u, r in section.children]  # fmt: skip
        if any(r for _u, r in section.children):
            rows.append(("Gabungan", _n(skm.ikm), str(skm.respondents), skm.mutu or "–"))
            blocks.append(
                Table(
                    header=("Unit", "IKM", "Responden", "Mutu"),
                    rows=tuple(rows),
                    widths=(8, 2, 2, 1.5),
                    numeric=frozenset({1, 2}),
                    bold_rows=frozenset({len(rows) - 1}),
                    caption=caption(f"Indeks Kepuasan Masyarakat per unit tahun {year}"),
                )
            )
    akip = section.akip
    if akip is not None:
        band = akip.band
        text = (
            f"Nilai evaluasi Akuntabilitas Kinerja Instansi Pemerintah (AKIP) {unit_name} tahun {year} adalah "
            f"{format_number(akip.score)} dengan predikat {akip.predicate}"
            + (f" ({band.description})" if band else "")
            + "."
        )
        if akip.previous is not None and akip.change is not None:
            sign = "+" if akip.change >= 0 else ""
            text += f" Tahun {year - 1}: {format_number(akip.previous)} ({sign}{format_number(akip.change)} poin)."
        blocks += [Heading("Evaluasi Akuntabilitas Kinerja", 3), Paragraph(text)]
    blocks += recommendation_blocks(section.recommendations, unit_name, caption)
    return blocks


def recommendation_blocks(
    recommendations: list[d.Recommendation], unit_name: str, caption: Callable[[str], str]
) -> list[Block]:
    """The follow-up of the recommendations made to the unit: how many are closed, then one row
    per recommendation with its source, due date, follow-up actions and status."""
    if not recommendations:
        return []
    closed = sum(1 for r in recommendations if r.status == "closed")
    from kinerja.evaluation.models import Recommendation

    sources, statuses = _labels(Recommendation.SOURCES), _labels(Recommendation.STATUSES)
    rows = []
    for i, r in enumerate(recommendations, start=1):
        where = sources.get(r.source, r.source) + (f" {r.reference}" if r.reference else "") + f" ({r.year})"
        actions = "\n".join(f"{date_id(f.date)}: {f.text}" for f in r.follow_ups) or "–"
        status = statuses.get(r.status, r.status)
        if r.status == "closed" and r.closed_on is not None:
            status += f", {date_id(r.closed_on)}"
        rows.append((str(i), where, r.text, date_id(r.due), actions, status))
    return [
        Heading("Tindak Lanjut Rekomendasi", 3),
        Paragraph(
            f"Dari {len(recommendations)} rekomendasi hasil evaluasi, reviu dan pemeriksaan kepada {unit_name}, "
            f"{closed} telah selesai ditindaklanjuti dan ditutup oleh APIP; "
            f"{len(recommendations) - closed} masih dalam proses tindak lanjut."
        ),
        Table(
            header=("No", "Sumber", "Rekomendasi", "Batas waktu", "Tindak lanjut", "Status"),
            rows=tuple(rows),
            widths=(0.7, 3, 5, 2, 5, 2.5),
            numeric=frozenset({0}),
            caption=caption("Tindak lanjut rekomendasi"),
            font_size=8.0,
        ),
    ]
