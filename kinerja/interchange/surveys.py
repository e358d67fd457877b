"""The ``surveys`` section (SKM) read from and written to the database.

Import: a survey is (unit, year, service name); its service is made when new, its questionnaire
(``evaluation.Survey``) too, and what the file says replaces what was stored: with
``responses`` the stored answers are replaced by the file's (profiles and extra answers are not
carried by the file) and an entered IKM is cleared; with ``ikm``/``respondents`` the stored answers
are removed and the entered result set. ``population`` is set when the file gives it.

Export: every survey of the exported units in the year(s), answers when it has any, else its
entered result; for one unit's own figures (``measured_only``) the surveys of its subtree too,
since its SKM result rolls up from the units beneath (``kinerja.figures.skm``), with those units
added to the file so the roll-up can place them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kinerja.interchange import document as d
from kinerja.interchange.dbutil import chunks, delete_by_ids, plain_decimal


def import_surveys(imp: Any) -> int:
    """Write ``imp.doc.surveys`` (``imp`` is the running import); returns how many."""
    from kinerja.evaluation.models import Survey, SurveyResponse, SurveyService

    agency = imp.agency
    count = 0
    for i, s in enumerate(imp.doc.surveys):
        place = f"surveys[{i}]"
        unit = imp.unit(s.unit, place + ".unit")
        year = imp.year(s.year, place + ".year")
        name = imp.text(s.service, 200, "nama layanan", place + ".service", required=True).strip()
        service, _ = SurveyService.objects.get_or_create(agency=agency, unit=unit, name=name)
        survey, _ = Survey.objects.get_or_create(agency=agency, service=service, year=year)
        old = list(SurveyResponse.objects.filter(survey=survey).values_list("id", flat=True))
        delete_by_ids(SurveyResponse, old)
        if s.responses:
            rows = []
            for j, answers in enumerate(s.responses):
                if len(answers) != 9 or any(a is not None and a not in (1, 2, 3, 4) for a in answers):
                    raise imp.fail("jawaban harus 9 angka 1-4", f"{place}.responses[{j}]")
                row = SurveyResponse(agency=agency, survey=survey, channel="import")
                row.set_answers(list(answers))
                rows.append(row)
            SurveyResponse.objects.bulk_create(rows)
            survey.entered_ikm = None
            survey.entered_respondents = None
        else:
            survey.entered_ikm = imp.measure(s.ikm, "ikm", place + ".ikm")
            survey.entered_respondents = s.respondents
        if s.population is not None:
            survey.population = s.population
        survey.save()
        count += 1
    return count


def export_surveys(
    agency: Any, data_units: set[int], code_of: dict[int, str], year: int | None, subtree: bool
) -> tuple[list[d.Survey], list[d.Unit]]:
    """The surveys of ``data_units`` (and, with ``subtree``, of every unit beneath them), and the
    units beneath that the file must add to place them."""
    from kinerja.evaluation.models import Survey, SurveyResponse
    from kinerja.organizations.models import Unit

    units = set(data_units)
    extra: dict[int, Any] = {}
    if subtree:
        level = set(data_units)
        while level:
            rows = list(Unit.objects.filter(agency=agency, parent_id__in=level).order_by())
            level = {u.pk for u in rows} - units
            units |= level
            extra.update({u.pk: u for u in rows if u.pk in level})
    dated: dict[str, Any] = {} if year is None else {"year": year}
    surveys = list(
        Survey.objects.filter(agency=agency, service__unit_id__in=units, **dated)
        .select_related("service")
        .order_by()
    )
    if not surveys:
        return [], []
    answers: dict[int, list[list[int | None]]] = defaultdict(list)
    for chunk in chunks([s.pk for s in surveys], 2000):
        for sid, *values in (
            SurveyResponse.objects.filter(survey_id__in=list(chunk))
            .order_by("survey_id", "id")
            .values_list("survey_id", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
        ):
            answers[sid].append(list(values))
    code = {**code_of, **{pk: u.code for pk, u in extra.items()}}
    out = []
    for s in surveys:
        responses = answers.get(s.pk, [])
        if not responses and s.entered_ikm is None:
            continue  # a questionnaire nobody has answered yet has no result to carry
        out.append(
            d.Survey(
                unit=code[s.service.unit_id],
                year=s.year,
                service=s.service.name,
                ikm=None if responses else plain_decimal(s.entered_ikm),
                respondents=None if responses else s.entered_respondents,
                responses=responses,
                population=s.population,
            )
        )
    out.sort(key=lambda x: (x.unit, x.year, x.service))
    used = {x.unit for x in out}
    # the units beneath that hold a survey, and those between them and the exported unit
    wanted: set[int] = set()
    by_code = {u.code: u for u in extra.values()}
    for c in used:
        node = by_code.get(c)
        while node is not None and node.pk not in wanted:
            wanted.add(node.pk)
            node = extra.get(node.parent_id)
    new_units = [
        d.Unit(
            code=u.code,
            name=u.name,
            level=u.level,
            parent=code.get(u.parent_id) if u.parent_id else None,
            valid_from=u.valid_from,
            valid_to=u.valid_to,
            head_title=u.head_title,
            head_name=u.head_name,
        )
        for u in sorted((extra[pk] for pk in wanted), key=lambda u: u.code)
    ]
    return out, new_units
