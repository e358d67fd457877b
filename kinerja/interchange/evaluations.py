"""The ``evaluations`` section (AKIP evaluation) read from and written to the database.

Only final evaluations are carried: an evaluation still in self-assessment or review is work in
progress, not a result. Import: the evaluation of (unit, year) is made final with the file's
answers as the APIP's (final) answers, replacing the stored ones, or with its entered score.
Export: every final evaluation of the exported units, its final answers (the APIP's, or the
unit's where the APIP left them) or its entered score.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kinerja.interchange import document as d
from kinerja.interchange.dbutil import delete_by_ids, plain_decimal

DEFAULT_LKE = "permenpanrb-88-2021"  # kinerja.figures.akip.DEFAULT_LKE (figures is above this package)


def import_evaluations(imp: Any) -> int:
    from django.utils import timezone

    from kinerja.evaluation.models import AkipAnswer, AkipEvaluation

    agency = imp.agency
    for i, e in enumerate(imp.doc.evaluations):
        place = f"evaluations[{i}]"
        unit = imp.unit(e.unit, place + ".unit")
        year = imp.year(e.year, place + ".year")
        ev, _ = AkipEvaluation.objects.get_or_create(
            agency=agency, unit=unit, year=year, defaults={"lke": e.lke or DEFAULT_LKE}
        )
        ev.lke = e.lke or ev.lke or DEFAULT_LKE
        ev.status = "final"
        ev.summary = imp.text(e.summary, 20_000, "simpulan", place + ".summary")
        ev.entered_score = None if e.answers else imp.measure(e.score, "score", place + ".score")
        ev.finalised_at = ev.finalised_at or timezone.now()
        ev.version += 1
        ev.save()
        delete_by_ids(AkipAnswer, list(AkipAnswer.objects.filter(evaluation=ev).values_list("id", flat=True)))
        AkipAnswer.objects.bulk_create(
            [
                AkipAnswer(agency=agency, evaluation=ev, code=code[:32], review_answer=grade)
                for code, grade in e.answers.items()
            ]
        )
    return len(imp.doc.evaluations)


def export_evaluations(
    agency: Any, units: set[int], code_of: dict[int, str], year: int | None
) -> list[d.Evaluation]:
    """The final evaluations of ``units``; with ``year``, that year's and the year before (the
    comparison a unit-year's figures show)."""
    from kinerja.evaluation.models import AkipAnswer, AkipEvaluation

    rows = AkipEvaluation.objects.filter(agency=agency, unit_id__in=units, status="final").order_by()
    if year is not None:
        rows = rows.filter(year__in=(year - 1, year))
    evaluations = list(rows)
    if not evaluations:
        return []
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    for eid, code, self_answer, review_answer in (
        AkipAnswer.objects.filter(evaluation_id__in=[e.pk for e in evaluations])
        .order_by("evaluation_id", "code")
        .values_list("evaluation_id", "code", "self_answer", "review_answer")
    ):
        final = review_answer or self_answer
        if final:
            answers[eid][code] = final
    out = [
        d.Evaluation(
            unit=code_of[e.unit_id],
            year=e.year,
            lke=e.lke,
            score=None if answers.get(e.pk) else plain_decimal(e.entered_score),
            answers=dict(answers.get(e.pk, {})),
            summary=e.summary,
        )
        for e in evaluations
        if answers.get(e.pk) or e.entered_score is not None
    ]
    out.sort(key=lambda e: (e.unit, e.year))
    return out
