"""The ``recommendations`` section (recommendations and their follow-up) read from and written to
the database.

Import: a recommendation is (unit, year, source, reference, text); a new one is made, a known one
takes the file's due date and status, and its follow-up actions are replaced by the file's (in
the file's order; a ``date`` sets the day it was recorded). ``closed`` with ``closed_on`` records
the APIP's closure on that day.

Export: the recommendations of the exported units; with ``year``, those made in that year or the
year before and every one still open from earlier years (what a year's LKj reports on), with their
follow-up actions oldest first.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q

from kinerja.interchange import document as d
from kinerja.interchange.dbutil import delete_by_ids


def _moment(day: date | None) -> datetime | None:
    from django.utils import timezone

    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(12)))


def _day(moment: datetime | None) -> date | None:
    from django.utils import timezone

    return None if moment is None else timezone.localdate(moment)


def import_recommendations(imp: Any) -> int:
    """Write ``imp.doc.recommendations`` (``imp`` is the running import); returns how many."""
    from django.utils import timezone

    from kinerja.evaluation.models import FollowUp, Recommendation

    agency = imp.agency
    for i, r in enumerate(imp.doc.recommendations):
        place = f"recommendations[{i}]"
        unit = imp.unit(r.unit, place + ".unit")
        year = imp.year(r.year, place + ".year")
        text = imp.text(r.text, 20_000, "rekomendasi", place + ".text", required=True)
        reference = imp.text(r.reference, 300, "rujukan laporan", place + ".reference")
        if r.due is None:
            raise imp.fail("batas waktu (due) wajib diisi", place + ".due")
        rec = Recommendation.objects.filter(
            agency=agency, unit=unit, year=year, source=r.source, reference=reference, text=text
        ).first() or Recommendation(
            agency=agency, unit=unit, year=year, source=r.source, reference=reference, text=text
        )
        rec.due_date = r.due
        rec.status = r.status
        if r.status == "closed":
            rec.closed_at = _moment(r.closed_on) or rec.closed_at or timezone.now()
        else:
            rec.closed_at = None
            rec.closed_by = None
        rec.version += 0 if rec.pk is None else 1
        rec.save()
        delete_by_ids(FollowUp, FollowUp.objects.filter(recommendation=rec).values_list("id", flat=True))
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    agency=agency,
                    recommendation=rec,
                    text=imp.text(
                        f.text, 20_000, "tindak lanjut", f"{place}.follow_ups[{j}].text", required=True
                    ),
                    evidence=imp.text(
                        f.evidence, 20_000, "bukti dukung", f"{place}.follow_ups[{j}].evidence"
                    ),
                    recorded_at=_moment(f.date) or timezone.now(),
                )
                for j, f in enumerate(r.follow_ups)
            ]
        )
    return len(imp.doc.recommendations)


def export_recommendations(
    agency: Any, units: set[int], code_of: dict[int, str], year: int | None
) -> list[d.Recommendation]:
    from kinerja.evaluation.models import FollowUp, Recommendation

    rows = Recommendation.objects.filter(agency=agency, unit_id__in=units).order_by()
    if year is not None:
        rows = rows.filter(Q(year__in=(year - 1, year)) | (Q(year__lt=year) & ~Q(status="closed")))
    recs = list(rows)
    if not recs:
        return []
    follow_ups: dict[int, list[d.FollowUp]] = defaultdict(list)
    for rid, text, evidence, recorded_at in (
        FollowUp.objects.filter(recommendation_id__in=[r.pk for r in recs])
        .order_by("recommendation_id", "recorded_at", "id")
        .values_list("recommendation_id", "text", "evidence", "recorded_at")
    ):
        follow_ups[rid].append(d.FollowUp(text=text, date=_day(recorded_at), evidence=evidence))
    out = [
        d.Recommendation(
            unit=code_of[r.unit_id],
            year=r.year,
            source=r.source,
            reference=r.reference,
            text=r.text,
            due=r.due_date,
            status=r.status,
            closed_on=_day(r.closed_at) if r.status == "closed" else None,
            follow_ups=follow_ups.get(r.pk, []),
        )
        for r in recs
    ]
    out.sort(key=lambda r: (r.unit, r.year, r.due or date.min, r.source, r.reference, r.text))
    return out
