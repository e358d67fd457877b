"""A unit-year's budget (kinerja.figures.budget.unit_budget), its scores, the indicators fed by a
budget figure, the ``budget_scores`` section of the file and ``kinerja compute --json``'s
``budget``, on the demo: Dit. PKR 2022 (seed 001: pagu Rp28.191.006.288.000, realisasi
Rp28.047.596.940.329, capaian anggaran 99,49 %) and IKK 2.1 "Nilai Kinerja Anggaran (SMART)"
(97,99 against a target of 87; the directorate reports its Ditjen's score)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kinerja.core.numbers import round_half_up
from kinerja.figures.budget import unit_budget
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import figures_for
from kinerja.interchange import document as d
from kinerja.interchange.parse import parse_data, parse_text
from kinerja.interchange.write import dump_document
from tests.computing import compute_json
from tests.figures.test_scenarios import demo_document

PAGU, REALISASI = 28_191_006_288_000, 28_047_596_940_329
D = Decimal


def _score(unit: str, kind: str, value: str) -> d.BudgetScore:
    return d.BudgetScore(unit=unit, year=2022, kind=kind, value=D(value))


def _indicator(doc: d.Document, code: str) -> d.Indicator:
    return next(
        i for p in doc.plans if p.unit == "PKR" for o in p.objectives for i in o.indicators if i.code == code
    )


def _ikk(doc: d.Document, code: str) -> Any:
    result = figures_for(doc, "PKR", 2022, Basis.OFFICIAL).result
    return next(i for o in result.objectives for i in o.indicators if i.code == code), result.notes


def test_the_seed_budget_of_pkr_2022() -> None:
    found = unit_budget(demo_document(), "PKR", 2022)
    assert found is not None and (found.pagu_akhir, found.realisasi) == (PAGU, REALISASI)
    assert round_half_up(found.penyerapan, 2) == D("99.49")  # type: ignore[arg-type]
    assert found.rolled_up == () and found.scores == {}


def test_a_ditjen_and_the_ministry_sum_the_units_beneath_unless_they_hold_entries() -> None:
    doc = demo_document()
    ditjen = unit_budget(doc, "DAYASOS", 2022)
    ministry = unit_budget(doc, "KEMENSOS", 2022)
    assert ditjen is not None and ministry is not None
    assert (ditjen.pagu_akhir, ditjen.realisasi, ditjen.rolled_up) == (PAGU, REALISASI, ("PKR",))
    assert (ministry.pagu_akhir, ministry.rolled_up) == (PAGU, ("PKR",))
    # a second Eselon I with a budget of its own: the ministry sums both
    doc.budgets.append(d.BudgetEntry(unit="REHSOS", year=2022, kind="pagu_akhir", amount=1_000))
    doc.budgets.append(d.BudgetEntry(unit="REHSOS", year=2022, kind="realisasi", amount=500))
    ministry = unit_budget(doc, "KEMENSOS", 2022)
    assert (
        ministry is not None and ministry.pagu_akhir == PAGU + 1_000 and ministry.realisasi == REALISASI + 500
    )
    assert ministry.rolled_up == ("PKR", "REHSOS")
    # the Ditjen records the DIPA itself: its own entries win, PKR's are not added again
    doc.budgets.append(d.BudgetEntry(unit="DAYASOS", year=2022, kind="pagu_akhir", amount=40_000_000_000_000))
    ditjen = unit_budget(doc, "DAYASOS", 2022)
    assert ditjen is not None and ditjen.pagu_akhir == 40_000_000_000_000 and ditjen.rolled_up == ()
    assert ditjen.realisasi is None and ditjen.penyerapan is None
    assert unit_budget(doc, "REHSOS", 2021) is None


def test_scores_entered_and_computed_say_which() -> None:
    doc = demo_document()
    doc.budget_scores += [
        _score("DAYASOS", "eka_penyerapan", "95.53"),
        _score("DAYASOS", "eka_konsistensi", "99.61"),
        _score("DAYASOS", "eka_capaian_ro", "99.72"),
        _score("DAYASOS", "eka_efisiensi", "59.98"),
        _score("DAYASOS", "ikpa", "96.07"),
    ]
    scores = unit_budget(doc, "DAYASOS", 2022).scores  # type: ignore[union-attr]
    eka, ikpa, nka = scores["eka"], scores["ikpa"], scores["nka"]
    assert (eka.value, eka.entered) == (D("87.92791"), False)  # T5
    assert (ikpa.value, ikpa.entered, ikpa.predicate.label) == (D("96.07"), True, "Sangat Baik")  # type: ignore[union-attr]
    assert (nka.value, nka.entered) == ((D("87.92791") + D("96.07")) / 2, False)
    assert nka.predicate is not None and nka.predicate.label == "Sangat Baik"
    # an NKA entered from SMART wins over the computed one; scores never roll up from beneath
    doc.budget_scores.append(_score("DAYASOS", "nka", "97.99"))
    assert unit_budget(doc, "DAYASOS", 2022).scores["nka"].entered  # type: ignore[union-attr]
    assert unit_budget(doc, "KEMENSOS", 2022).scores == {}  # type: ignore[union-attr]


def test_ikpa_from_some_indicators_names_the_missing_ones() -> None:
    doc = demo_document()
    doc.budget_scores += [
        _score("DAYASOS", "ikpa_penyerapan", "80"),
        _score("DAYASOS", "ikpa_capaian_output", "100"),
    ]
    ikpa = unit_budget(doc, "DAYASOS", 2022).scores["ikpa"]  # type: ignore[union-attr]
    assert round_half_up(ikpa.value, 2) == D("91.11") and not ikpa.entered
    assert ikpa.note.startswith("dihitung tanpa indikator Revisi DIPA, Deviasi Halaman III DIPA")


def test_ikk_2_1_takes_the_ditjens_nka_with_its_source() -> None:
    """IKK 2.1 "Nilai Kinerja Anggaran (SMART)": the directorate reports its Ditjen's score."""
    doc = demo_document()
    _indicator(doc, "IKK 2.1").source = "nka"
    doc.budget_scores.append(_score("DAYASOS", "nka", "97.99"))
    doc.realizations = [r for r in doc.realizations if not (r.unit == "PKR" and r.indicator == "IKK 2.1")]
    ikk, notes = _ikk(doc, "IKK 2.1")
    assert ikk.realization == D("97.99") and round_half_up(ikk.achievement, 2) == D("112.63")
    assert (
        "IKK 2.1: realisasi diambil dari Nilai Kinerja Anggaran (NKA) Direktorat Jenderal Pemberdayaan Sosial "
        "2022 (diinput)"
    ) in notes


def test_an_absorption_indicator_takes_the_units_own_budget_first() -> None:
    doc = demo_document()
    _indicator(doc, "IKK 2.2").source = "penyerapan"
    ikk, notes = _ikk(doc, "IKK 2.2")
    assert round_half_up(ikk.realization, 2) == D("99.49")
    assert any("penyerapan anggaran Direktorat Pemberdayaan Kelompok Rentan 2022" in n for n in notes)


def test_budget_scores_survive_the_file_and_bad_ones_are_named() -> None:
    doc = demo_document()
    doc.budget_scores = [_score("DAYASOS", "nka", "97.99"), _score("DAYASOS", "ikpa_dispensasi_spm", "0.5")]
    again = parse_text(dump_document(doc), fmt="yaml", check_refs=False)
    assert again.budget_scores == doc.budget_scores
    data = yaml.safe_load(dump_document(doc))
    data["budget_scores"] += [
        {"unit": "DAYASOS", "year": 2022, "kind": "smart", "value": 1},
        {"unit": "DAYASOS", "year": 2022, "kind": "eka", "value": "250"},
        {"unit": "DAYASOS", "year": 2022, "kind": "nka", "value": 90},
    ]
    with pytest.raises(Exception) as refused:
        parse_data(data, check_refs=False)
    message = str(refused.value)
    assert "jenis nilai anggaran (kind) 'smart' tidak dikenal" in message
    assert "nilai 250 di luar rentang 0 sampai 200" in message
    assert "nilai anggaran DAYASOS 2022 jenis nka" in message  # twice


def test_compute_json_prints_the_budget(tmp_path: Path) -> None:
    doc = demo_document()
    doc.budget_scores = [_score("DAYASOS", "nka", "97.99"), _score("DAYASOS", "ikpa", "96.07")]
    path = tmp_path / "anggaran.yaml"
    path.write_text(dump_document(doc))

    def run(unit: str) -> dict[str, Any]:
        return compute_json(path, unit)

    pkr, ditjen = run("PKR"), run("DAYASOS")
    assert pkr["budget"]["pagu_akhir"] == PAGU and pkr["budget"]["realisasi"] == REALISASI
    assert pkr["budget"]["penyerapan"] == "99.49"  # seed 001: capaian anggaran 99.49%
    assert "nka" not in pkr["budget"]  # the Ditjen's score is the Ditjen's
    budget = ditjen["budget"]
    assert budget["rolled_up_from"] == ["PKR"] and budget["pagu_akhir"] == PAGU
    assert (budget["nka"], budget["nka_predikat"], budget["nka_diinput"]) == ("97.99", "Sangat Baik", True)
    assert (budget["ikpa"], budget["ikpa_predikat"]) == ("96.07", "Sangat Baik")
    assert "budget" not in run("REHSOS")


@pytest.mark.django_db
def test_the_ditjens_score_in_the_database_feeds_the_directorate_and_a_change_makes_it_stale() -> None:
    from kinerja.budget.models import BudgetScore
    from kinerja.interchange.db import export_document, import_document, measured_document
    from kinerja.organizations.models import Unit
    from kinerja.results.store import stored_figures

    doc = demo_document()
    _indicator(doc, "IKK 2.1").source = "nka"
    doc.budget_scores.append(_score("DAYASOS", "nka", "97.99"))
    import_document(doc)
    assert export_document(agency_code="KEMENSOS").budget_scores == doc.budget_scores
    pkr = Unit.objects.select_related("agency").get(code="PKR")
    # one unit's own export carries the scores of the units above it (the DIPA holder)
    assert [(s.unit, s.kind) for s in measured_document(pkr).budget_scores] == [("DAYASOS", "nka")]

    def ikk_2_1() -> Any:
        result = stored_figures(pkr, 2022).result
        assert result is not None
        return next(i for o in result.objectives for i in o.indicators if i.code == "IKK 2.1")

    assert ikk_2_1().realization == D("97.99")
    score = BudgetScore.objects.get(unit__code="DAYASOS", year=2022, kind="nka")
    score.value = D("90.5")
    score.save()  # the Ditjen's write makes the directorate's stored figures stale
    assert ikk_2_1().realization == D("90.5")


def test_the_ditjens_and_the_ministrys_lkj_show_the_budget_of_the_units_beneath() -> None:
    """The ministry LKj said "Data pagu dan realisasi anggaran ... belum tersedia" although a unit
    beneath it had pagu: now it is their sum, one line per unit below, with the seed's 99,49 %."""
    from kinerja.reports.assemble import assemble_unit_year

    doc = demo_document()
    for unit, below in (
        ("DAYASOS", "Direktorat Pemberdayaan Kelompok Rentan"),
        ("KEMENSOS", "Direktorat Jenderal Pemberdayaan Sosial"),
    ):
        budget = assemble_unit_year(doc, unit, 2022).budget
        assert budget.total is not None and (budget.total.pagu, budget.total.realization) == (PAGU, REALISASI)
        assert round_half_up(budget.total.absorption, 2) == D("99.49")  # type: ignore[arg-type]
        assert [(x.label, x.pagu) for x in budget.accounts] == [(below, PAGU)]
        assert budget.rolled_up_from == ["Direktorat Pemberdayaan Kelompok Rentan"]
    # the directorate keeps its own entries as before
    own = assemble_unit_year(doc, "PKR", 2022).budget
    assert (
        own.rolled_up_from == []
        and own.total is not None
        and own.total.label == "Anggaran unit (seluruh akun)"
    )


def test_the_ministrys_lkj_document_prints_the_summed_budget() -> None:
    """The DOCX read back: Bab III's "Realisasi Anggaran" of the ministry."""
    from kinerja.reports.service import generate
    from tests.reports.conftest import docx_text

    text = docx_text(generate(demo_document(), "lkj", "KEMENSOS", 2022, "docx").content)
    assert "Data pagu dan realisasi anggaran tahun 2022 belum tersedia" not in text
    assert "Data realisasi anggaran tahun 2022 belum tersedia" not in text
    assert (
        "Pagu anggaran tahun 2022 sebesar Rp28.191.006.288.000 terealisasi Rp28.047.596.940.329 atau 99,49%"
        in text
    )
    assert "di antaranya: Direktorat Jenderal Pemberdayaan Sosial" in text
    assert "Jumlah pagu akhir unit di bawahnya: Direktorat Pemberdayaan Kelompok Rentan." in text
