"""An import leaves the same trace as a change on the pages (issue #11, finding 7): each changed
value in the history with who imported and which file, and a status it changes as a workflow
step. The first load of an agency is one row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType

from kinerja.history.models import Change
from kinerja.interchange import document as d
from kinerja.interchange.db import import_document
from kinerja.measurement.models import IMPORT, Realization, RealizationEvent
from kinerja.organizations.models import Agency
from kinerja.planning.models import Indicator


def test_first_load_is_one_row_on_the_agency(demo: dict[str, Any]) -> None:
    rows = list(Change.objects.all())
    assert len(rows) == 1
    assert rows[0].content_type == ContentType.objects.get_for_model(Agency)
    assert rows[0].username.startswith("kinerja import (") and rows[0].note.startswith("impor berkas")


def test_import_that_approves_a_draft_is_in_history_and_workflow(demo: dict[str, Any]) -> None:
    r = Realization.objects.get(unit__code="PKR", indicator__code="IKK 1.1", year=2022, quarter=None)
    Realization.objects.filter(pk=r.pk).update(status="draft", locked=False)
    doc = d.Document(
        agency=d.Agency(code="KEMENSOS", name="Kementerian Sosial"),
        realizations=[
            d.Realization(
                unit="PKR",
                indicator="IKK 1.1",
                period=d.Period(2022, None),
                inputs={"n": Decimal(1), "T": Decimal(18800000)},
                status="approved",
            )
        ],
    )
    before = Change.objects.count()
    import_document(doc, source="/tmp/ubah.yaml")
    r.refresh_from_db()
    assert r.status == "approved" and r.locked
    event = RealizationEvent.objects.get(realization=r, action=IMPORT)
    assert (event.from_status, event.to_status) == ("draft", "approved")
    assert event.username.startswith("kinerja import (") and event.comment == "impor berkas ubah.yaml"
    kind = ContentType.objects.get_for_model(Realization)
    changes = {c.field: c for c in Change.objects.filter(content_type=kind, object_id=str(r.pk))}
    assert set(changes) >= {"inputs", "status"}
    assert '"n": "18658193"' in str(changes["inputs"].old_value)
    assert '"n": "1"' in str(changes["inputs"].new_value)
    assert (changes["status"].old_value, changes["status"].new_value) == ("draft", "approved")
    assert all(c.note == "impor berkas ubah.yaml" for c in changes.values())
    # the same file again changes nothing and records nothing
    after = Change.objects.count()
    assert after > before
    Realization.objects.filter(pk=r.pk).update(locked=True)
    import_document(doc, source="/tmp/ubah.yaml")
    assert Change.objects.count() == after
    assert RealizationEvent.objects.filter(realization=r, action=IMPORT).count() == 1


def test_changed_indicator_name_recorded_with_old_and_new(demo: dict[str, Any]) -> None:
    from kinerja.interchange.db import export_document

    doc = export_document(agency_code="KEMENSOS")
    plan = next(p for p in doc.plans if p.unit == "PKR" and p.period == (2020, 2024))
    ind = next(i for o in plan.objectives for i in o.indicators if i.code == "IKK 1.1")
    old_name = ind.name
    ind.name = "Nama baru IKK 1.1"
    import_document(doc, source="renstra.yaml", user=None)
    row = Indicator.objects.get(owner__code="PKR", code="IKK 1.1", plan__period_start=2020)
    change = Change.objects.get(
        content_type=ContentType.objects.get_for_model(Indicator), object_id=str(row.pk), field="name"
    )
    assert (change.old_value, change.new_value) == (old_name, "Nama baru IKK 1.1")
    assert change.note == "impor berkas renstra.yaml"
