"""An uploaded evidence file (bukti dukung) survives ``kinerja import``: a re-imported
realisation keeps its uploaded files (same rows, same files on disk), a file that does not name
them does not drop them, and a Renstra import that would delete a realisation holding one is
refused. No file on disk is left without a row, no row points at a missing file."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.types import KinerjaValidationError
from kinerja.interchange import document as d
from kinerja.interchange.db import export_document, import_document
from kinerja.measurement.evidence import add_evidence
from kinerja.measurement.models import Evidence, Realization
from kinerja.planning.models import Indicator

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def uploaded(users: dict[str, Any], settings: Any, tmp_path: Path) -> tuple[Realization, Evidence]:
    settings.MEDIA_ROOT = tmp_path / "media"
    ind = Indicator.objects.get(plan__unit__code="PKR", code="IKK 1.1")
    # a first-quarter record in draft, as the operator enters it (the demo has annual ones only)
    r = Realization.objects.create(
        agency=ind.agency,
        unit=ind.plan.unit,
        indicator=ind,
        year=2022,
        quarter=1,
        value_number=Decimal("24.5"),
        analysis="Penyaluran tahap 1",
    )
    ev = add_evidence(users["operator.pkr"], r, SimpleUploadedFile("Berita Acara Rekon.pdf", PDF))
    return r, ev


def _entry(doc: d.Document) -> d.Realization:
    return next(
        x
        for x in doc.realizations
        if x.unit == "PKR" and x.indicator == "IKK 1.1" and x.period.year == 2022 and x.period.quarter == 1
    )


def _disk_and_rows_agree(media: Path) -> None:
    on_disk = {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}
    rows = set(Evidence.objects.exclude(file="").values_list("file", flat=True))
    assert on_disk == rows


def test_reimport_with_a_changed_value_keeps_the_uploaded_file(
    uploaded: tuple[Realization, Evidence], settings: Any
) -> None:
    r, ev = uploaded
    doc = export_document()
    entry = _entry(doc)
    assert entry.evidence[-1] == "Berita Acara Rekon.pdf"
    version = r.version
    entry.value = Decimal("30.25")
    import_document(doc, source="ubah.yaml")

    r2 = Realization.objects.get(pk=r.pk)
    assert r2.version == version + 1  # the realisation row was updated, not recreated
    kept = Evidence.objects.get(pk=ev.pk)
    assert (kept.realization_id, kept.file.name, kept.sha256) == (r.pk, ev.file.name, ev.sha256)
    assert (Path(settings.MEDIA_ROOT) / kept.file.name).read_bytes() == PDF
    assert list(r2.evidence.order_by("position").values_list("reference", flat=True)) == entry.evidence
    _disk_and_rows_agree(Path(settings.MEDIA_ROOT))
    # importing the same file again changes nothing
    import_document(copy.deepcopy(doc), source="ubah.yaml")
    assert Realization.objects.get(pk=r.pk).version == version + 1


def test_a_file_that_does_not_name_the_upload_does_not_drop_it(
    uploaded: tuple[Realization, Evidence], settings: Any
) -> None:
    r, ev = uploaded
    doc = export_document()
    entry = _entry(doc)
    entry.evidence = ["https://contoh.go.id/rekon-tw1.pdf"]
    import_document(doc, source="tanpa-bukti.yaml")
    rows = list(Evidence.objects.filter(realization=r).order_by("position"))
    assert [(e.reference, bool(e.file)) for e in rows] == [
        ("https://contoh.go.id/rekon-tw1.pdf", False),
        ("Berita Acara Rekon.pdf", True),
    ]
    assert rows[1].pk == ev.pk and (Path(settings.MEDIA_ROOT) / rows[1].file.name).read_bytes() == PDF
    version = Realization.objects.get(pk=r.pk).version
    import_document(copy.deepcopy(doc), source="tanpa-bukti.yaml")  # stable: no new version
    assert Realization.objects.get(pk=r.pk).version == version
    assert _entry(export_document()).evidence == [
        "https://contoh.go.id/rekon-tw1.pdf",
        "Berita Acara Rekon.pdf",
    ]
    _disk_and_rows_agree(Path(settings.MEDIA_ROOT))


def test_renstra_import_that_would_delete_the_upload_is_refused(
    uploaded: tuple[Realization, Evidence], settings: Any
) -> None:
    r, ev = uploaded
    # the approved annual record is unlocked (as an admin may), so only the upload stands in the way
    Realization.objects.filter(indicator=r.indicator, quarter__isnull=True).update(locked=False)
    doc = export_document()
    plan = next(p for p in doc.plans if p.unit == "PKR")
    sk1 = next(o for o in plan.objectives if o.code == "SK1")
    sk1.indicators = [i for i in sk1.indicators if i.code != "IKK 1.1"]
    doc.agreements = []
    doc.action_plans = []
    doc.realizations = []
    with pytest.raises(KinerjaValidationError) as info:
        import_document(doc, source="renstra-baru.yaml")
    message = str(info.value)
    assert "IKK 1.1" in message and "Berita Acara Rekon.pdf" in message and "2022-Q1" in message
    assert Evidence.objects.filter(pk=ev.pk, realization_id=r.pk).exists()
    _disk_and_rows_agree(Path(settings.MEDIA_ROOT))
