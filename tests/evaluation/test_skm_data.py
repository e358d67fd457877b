"""SKM in the interchange file, ``kinerja compute --json``, the ``skm`` source and the database.

The unit-year figures use the seed: Dit. PKR's "Nilai Kepuasan Stakeholder" (IKK 3.1) 2022 is
92,26 against a target of 90, capaian 102,5 % (seed 001).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kinerja.core.numbers import contract_decimal
from kinerja.core.types import KinerjaValidationError
from kinerja.figures.skm import unit_skm
from kinerja.figures.unit_year import compute_document
from kinerja.interchange import document as d
from kinerja.interchange.parse import parse_text
from kinerja.interchange.write import dump_document
from tests.computing import compute_json

D = Decimal

BASE = """\
format: kinerja/v1
units:
  - {code: KEMENSOS, name: Kementerian Sosial, level: kementerian}
  - {code: DAYASOS, name: Direktorat Jenderal Pemberdayaan Sosial, level: eselon1, parent: KEMENSOS}
  - {code: PKR, name: Direktorat Pemberdayaan Kelompok Rentan, level: eselon2, parent: DAYASOS}
  - {code: PSKBS, name: Direktorat Pemberdayaan Sosial KAT, level: eselon2, parent: DAYASOS}
plans:
  - unit: PKR
    period: [2020, 2024]
    objectives:
      - code: SK3
        level: SK
        statement: Meningkatnya Kepuasan Stakeholder
        indicators:
          - {code: IKK 3.1, name: Nilai Kepuasan Stakeholder, unit_of_measure: nilai, source: skm,
             targets: {2022: 90, 2023: 90}}
  - unit: DAYASOS
    period: [2020, 2024]
    objectives:
      - code: SP4
        level: SP
        statement: Meningkatnya kepuasan
        indicators:
          - {code: IKP 4.1, name: Indeks kepuasan Ditjen, source: skm, targets: {2022: 85}}
agreements:
  - {unit: PKR, year: 2022, version: 1, targets: {"IKK 3.1": 90}}
  - {unit: DAYASOS, year: 2022, version: 1, targets: {"IKP 4.1": 85}}
"""

SURVEYS = """\
surveys:
  - {unit: PKR, year: 2022, service: Layanan Direktorat Pemberdayaan Kelompok Rentan, ikm: 92.26,
     respondents: 400, population: 5000}
  - unit: PSKBS
    year: 2022
    service: Layanan pemberdayaan KAT
    responses:
      - [3, 3, 3, 3, 3, 3, 3, 3, 3]
      - [3, 3, 3, 3, 3, 3, 3, 3, 3]
      - [3, 3, 4, 3, 3, 3, 3, 3, 3]
      - [4, 4, 4, 4, 4, 4, 4, 4, null]
"""


def doc(extra: str = SURVEYS) -> d.Document:
    return parse_text(BASE + extra, "uji.yaml")


def test_both_forms_parse() -> None:
    parsed = doc()
    entered, answered = parsed.surveys
    assert entered.ikm == D("92.26") and entered.respondents == 400 and entered.population == 5000
    assert answered.ikm is None and len(answered.responses) == 4 and answered.responses[3][8] is None


def test_write_then_parse_is_identity() -> None:
    parsed = doc()
    for fmt in ("yaml", "json"):
        assert parse_text(dump_document(parsed, fmt), "x", fmt=fmt).surveys == parsed.surveys


@pytest.mark.parametrize(
    ("survey", "message"),
    [
        ("{unit: PKR, year: 2022, service: A, ikm: 92, respondents: 5, responses: [[4,4,4,4,4,4,4,4,4]]}", "salah satu"),
        ("{unit: PKR, year: 2022, service: A, ikm: 101, respondents: 5}", "di luar rentang 25 sampai 100"),
        ("{unit: PKR, year: 2022, service: A, ikm: 90}", "respondents"),
        ("{unit: PKR, year: 2022, service: A}", "responses) atau ikm"),
        ("{unit: PKR, year: 2022, service: A, responses: [[4,4,4,4,4,4,4,4,4], [4,4,5,4,4,4,4,4,4]]}",
         "responden ke-2: U3 harus 1, 2, 3 atau 4"),
        ("{unit: PKR, year: 2022, service: A, responses: [[4,4,4]]}", "harus daftar 9 jawaban"),
        ("{unit: XX, year: 2022, service: A, ikm: 90, respondents: 3}", "XX"),
        ("{unit: PKR, year: 2022, ikm: 90, respondents: 3}", "'service' wajib diisi"),
    ],
)  # fmt: skip
def test_bad_surveys_are_refused_naming_the_place(survey: str, message: str) -> None:
    with pytest.raises(KinerjaValidationError) as info:
        doc(f"surveys:\n  - {survey}\n")
    text = str(info.value)
    assert message in text and "surveys[0]" in text


def test_duplicate_survey_is_refused() -> None:
    one = "  - {unit: PKR, year: 2022, service: A, ikm: 90, respondents: 3}\n"
    with pytest.raises(KinerjaValidationError, match="tercantum dua kali"):
        doc("surveys:\n" + one + one)


def test_unit_result_own_and_rolled_up() -> None:
    parsed = doc()
    pkr = unit_skm(parsed, "PKR", 2022)
    assert pkr is not None and pkr.ikm == D("92.26") and pkr.respondents == 400 and pkr.mutu == "A"
    assert not pkr.rolled_up and pkr.services[0].sample_note.startswith(
        "400 responden memenuhi sampel minimum 357"
    )
    kat = unit_skm(parsed, "PSKBS", 2022)
    # NRR: U1, U2, U4..U8 13/4, U3 14/4, U9 9/3 (one blank) -> mean 3,25 -> IKM 81,25 (B)
    assert (
        kat is not None and kat.respondents == 4 and contract_decimal(kat.ikm) == "81.25" and kat.mutu == "B"
    )
    assert contract_decimal(kat.means[2]) == "3.50" and kat.means[8] == 3
    # the Ditjen has no survey of its own: its directorates weighted by respondents
    ditjen = unit_skm(parsed, "DAYASOS", 2022)
    expected = (D("92.26") * 400 + kat.ikm * 4) / 404
    assert ditjen is not None and ditjen.rolled_up and ditjen.respondents == 404
    assert contract_decimal(ditjen.ikm) == contract_decimal(expected)
    assert unit_skm(parsed, "KEMENSOS", 2022) is not None
    assert unit_skm(parsed, "PKR", 2023) is None


def test_a_satisfaction_indicator_takes_the_ikm() -> None:
    result = compute_document(doc(), "PKR", 2022)
    ind = result.objectives[0].indicators[0]
    assert ind.realization == D("92.26")
    assert contract_decimal(ind.achievement) == "102.51"  # seed 001 prints 102,5 %
    assert any(
        "Indeks Kepuasan Masyarakat (IKM) Direktorat Pemberdayaan Kelompok Rentan 2022: 92,26" in n
        for n in result.notes
    )
    ditjen = compute_document(doc(), "DAYASOS", 2022).objectives[0].indicators[0]
    assert ditjen.realization is not None and contract_decimal(ditjen.realization) == "92.15"


def test_without_a_survey_the_entered_value_counts_with_a_note() -> None:
    extra = 'realizations:\n  - {unit: PKR, indicator: "IKK 3.1", period: 2022, value: "92,26"}\n'
    result = compute_document(doc(extra), "PKR", 2022)
    assert result.objectives[0].indicators[0].realization == D("92.26")
    assert any("belum tersedia" in n for n in result.notes)


def test_compute_json_prints_skm(tmp_path: Path) -> None:
    path = tmp_path / "skm.yaml"
    path.write_text(BASE + SURVEYS)

    def run(unit: str) -> dict[str, Any]:
        return compute_json(path, unit)

    pkr = run("PKR")["skm"]
    assert (pkr["ikm"], pkr["respondents"], pkr["mutu"], pkr["rolled_up"]) == ("92.26", 400, "A", False)
    ditjen = run("DAYASOS")["skm"]
    assert (ditjen["ikm"], ditjen["respondents"], ditjen["mutu"], ditjen["rolled_up"]) == (
        "92.15",
        404,
        "A",
        True,
    )
    assert [s["unit"] for s in ditjen["services"]] == ["PKR", "PSKBS"]


# --- the database ------------------------------------------------------------------------------


def test_schema_accepts_both_forms_and_rejects_a_mix() -> None:
    import jsonschema
    import yaml

    schema = json.loads((Path(__file__).resolve().parents[2] / "kinerja/interchange/schema.json").read_text())
    data = json.loads(dump_document(doc(), "json"))
    jsonschema.validate(data, schema)
    data["surveys"][1]["ikm"] = 90
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    assert yaml.safe_load(dump_document(doc()))["surveys"][0]["ikm"] == 92.26


def test_import_export_round_trip_and_reimport_replaces(db: Any) -> None:
    from kinerja.evaluation.models import Survey, SurveyResponse
    from kinerja.interchange.db import export_document, import_document

    parsed = doc()
    summary = import_document(parsed, source="skm.yaml")
    assert summary.surveys == 2 and "2 survei" in str(summary)
    assert SurveyResponse.objects.filter(channel="import").count() == 4
    assert export_document(agency_code="KEMENSOS").surveys == parsed.surveys
    # the same survey again with other answers: replaced, not added
    again = doc(
        "surveys:\n  - {unit: PSKBS, year: 2022, service: Layanan pemberdayaan KAT, "
        "responses: [[1, 1, 1, 1, 1, 1, 1, 1, 1]]}\n"
    )
    import_document(again, source="skm2.yaml")
    kat = Survey.objects.get(service__unit__code="PSKBS")
    assert [r.answers() for r in kat.responses.all()] == [[1] * 9]
    assert Survey.objects.count() == 2


def test_a_unit_export_carries_the_surveys_beneath_it(db: Any) -> None:
    from kinerja.interchange.db import import_document, unit_year_document
    from kinerja.organizations.models import Unit

    import_document(doc(), source="skm.yaml")
    ditjen = Unit.objects.get(code="DAYASOS")
    own = unit_year_document(ditjen, 2022)
    assert {s.unit for s in own.surveys} == {"PKR", "PSKBS"}
    assert {"PKR", "PSKBS"} <= {u.code for u in own.units}
    found = unit_skm(own, "DAYASOS", 2022)
    assert found is not None and contract_decimal(found.ikm) == "92.15"
    result = compute_document(own, "DAYASOS", 2022)
    assert contract_decimal(result.objectives[0].indicators[0].realization) == "92.15"


def test_an_answer_makes_the_unit_and_its_ancestors_stale(db: Any) -> None:
    from kinerja.evaluation.models import Survey, SurveyResponse
    from kinerja.interchange.db import import_document
    from kinerja.organizations.models import Unit
    from kinerja.results.models import DataVersion
    from kinerja.results.store import rebuild

    import_document(doc(), source="skm.yaml")
    rebuild()
    pkr, ditjen = Unit.objects.get(code="PKR"), Unit.objects.get(code="DAYASOS")
    before = {u.code: DataVersion.objects.get(unit=u, year=2022).version for u in (pkr, ditjen)}
    survey = Survey.objects.get(service__unit=pkr)
    SurveyResponse.objects.create(survey=survey, u1=4, u2=4, u3=4, u4=4, u5=4, u6=4, u7=4, u8=4, u9=4)
    after = {u.code: DataVersion.objects.get(unit=u, year=2022).version for u in (pkr, ditjen)}
    assert after["PKR"] > before["PKR"] and after["DAYASOS"] > before["DAYASOS"]
    survey.delete()
    assert DataVersion.objects.get(unit=pkr, year=2022).version > after["PKR"]
