"""Calculation notes in English when English is chosen (kinerja/web/engine_text.py), while the
official Indonesian text and ``kinerja compute`` stay as they are."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.utils import translation

from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import figures_for
from kinerja.interchange.parse import load_document
from kinerja.web.engine_text import english, translate
from tests.conftest import DEMO_DIR

INDONESIAN = re.compile(r"\b(realisasi|capaian|tidak|dari|dihitung|belum|sasaran|triwulan|versi|dibatasi)\b")


def _all_notes() -> set[str]:
    doc = load_document(DEMO_DIR / "kemensos.yaml", check_refs=False)
    notes: set[str] = set()
    for plan in doc.plans:
        for year in range(plan.period[0], plan.period[1] + 1):
            for basis in Basis:
                try:
                    result = figures_for(doc, plan.unit, year, basis).result
                except Exception:  # noqa: BLE001 - a unit-year the engine refuses has no notes to show
                    continue
                notes.update(result.notes)
                for o in result.objectives:
                    notes.update(o.notes)
                    for i in o.indicators:
                        notes.update(i.notes)
    return notes


def test_every_note_of_the_demo_has_an_english_text() -> None:
    notes = _all_notes()
    assert len(notes) > 10
    untranslated = sorted(n for n in notes if INDONESIAN.search(english(n)))
    assert untranslated == []
    # the values stay as written
    assert english("capaian 100,25 dibatasi menjadi 100,00 (batas indikator)") == (
        "achievement 100,25 capped to 100,00 (indicator cap)"
    )
    assert (
        english("SK2: n.a, tidak dihitung dalam rata-rata: IKK 2.2")
        == "SK2: n.a, left out of the average: IKK 2.2"
    )
    assert english("catatan yang tidak dikenal") == "catatan yang tidak dikenal"  # unknown: unchanged
    with translation.override("id"):
        assert translate("realisasi belum ada") == "realisasi belum ada"


def test_the_english_unit_page_shows_english_notes(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["operator.pkr"])
    html = client.get("/unit/PKR/?tahun=2022").content.decode()
    assert "capaian 100,25 dibatasi menjadi 100,00 (batas indikator)" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/unit/PKR/?tahun=2022").content.decode()
    assert "achievement 100,25 capped to 100,00 (indicator cap)" in html
    assert "dibatasi menjadi" not in html
    assert "targets from the Performance Agreement (PK) 2022 version 2" in html
    dashboard = client.get("/unit/PKR/dasbor/?tahun=2022").content.decode()
    assert "achievement 100,96 capped to 100,00 (indicator cap)" in dashboard
    realisations = client.get("/realisasi/PKR/2022/").content.decode()
    assert (
        "PROVISIONAL FIGURES: computed from every realisation entered; every value is approved"
        in realisations
    )
    assert "targets from the Performance Agreement (PK) 2022 version 2" in realisations
    assert "ANGKA SEMENTARA" not in realisations and "target dari Perjanjian" not in realisations
