"""One table of scenarios, run against every caller of the figures layer.

Each scenario changes the Kemensos demo (Dit. PKR 2022, published capaian 104,05) the way a user
would, imports it into the real database, and asks every caller for the unit-year: the engine
through ``kinerja.figures`` (official and provisional), ``kinerja compute`` on the file, the
unit page, the dashboard, the realisation page, the LKj and the PK documents and the linter. They
must agree with the engine and with each other: the same indicator set, the same unit capaian.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from kinerja.cli import main as cli_main
from kinerja.core.numbers import show_value
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import figures_for
from kinerja.interchange import document as d
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.parse import load_document
from kinerja.interchange.write import dump_document
from kinerja.lint.run import lint_document
from kinerja.measurement.services import period_view
from kinerja.organizations.models import Unit
from kinerja.reports.service import generate
from tests.conftest import DEMO_DIR
from tests.reports.conftest import docx_text
from tests.web.demo_users import client_for, demo_users

BASELINE = "104,05"  # Dit. PKR 2022 as the demo computes it (IKK 2.2 n.a, SK2 = IKK 2.1)
# IKK 2.2 at 78,5 against 77 counted: 101,95; SK2 = (112,63 + 101,95) / 2 = 107,29 instead of
# 112,63, so the unit's mean of three objectives drops by 5,34 / 3 to 102,27
WITH_IKK22 = "102,27"

_DEMO: d.Document | None = None


def demo_document() -> d.Document:
    global _DEMO
    if _DEMO is None:
        _DEMO = load_document(DEMO_DIR / "kemensos.yaml", check_refs=False)
    return copy.deepcopy(_DEMO)


def _pkr_agreement(doc: d.Document, version: int) -> d.Agreement:
    return next(a for a in doc.agreements if a.unit == "PKR" and a.year == 2022 and a.version == version)


def _set_ikk22(doc: d.Document, status: str, value: str = "78.5") -> None:
    """IKK 2.2 (n.a in the demo, with the LKj's explanation) gets a value with ``status``."""
    record = next(r for r in doc.realizations if r.unit == "PKR" and r.indicator == "IKK 2.2")
    record.value, record.status = Decimal(value), status


def _revision_without_ikk22(doc: d.Document, status: str) -> None:
    v2 = _pkr_agreement(doc, 2)
    targets = {k: v for k, v in v2.targets.items() if k != "IKK 2.2"}
    doc.agreements.append(
        replace(v2, version=3, label="PK perubahan kedua", reason="c", targets=targets, status=status)
    )


def signed_removal(doc: d.Document) -> None:
    _set_ikk22(doc, "approved")
    _revision_without_ikk22(doc, "signed")


def draft_removal(doc: d.Document) -> None:
    _set_ikk22(doc, "approved")
    _revision_without_ikk22(doc, "draft")


def draft_renstra(doc: d.Document) -> None:
    plan = next(p for p in doc.plans if p.unit == "PKR")
    draft = copy.deepcopy(plan)
    draft.version = plan.version + 1
    draft.status = "draft"
    draft.objectives[0].indicators.append(_draft_indicator())
    doc.plans.append(draft)
    doc.realizations.append(
        d.Realization(unit="PKR", indicator="IKK 1.9", period=d.Period(2022), value=Decimal(10))
    )


def _draft_indicator() -> d.Indicator:
    from kinerja.core.types import NumericTarget

    return d.Indicator(code="IKK 1.9", name="Indikator draf", targets={2022: NumericTarget(Decimal(90))})


def drafts_beside_approved(doc: d.Document) -> None:
    _set_ikk22(doc, "draft")


def annual_vs_quarters(doc: d.Document) -> None:
    """IKK 1.4's year from four approved quarters (509 of 580 at TW IV, quarter rule "last"), and
    an operator's draft year record (n = 100, T = 200) that must replace nothing."""
    record = next(r for r in doc.realizations if r.unit == "PKR" and r.indicator == "IKK 1.4")
    doc.realizations.remove(record)
    for q, n in ((1, 120), (2, 260), (3, 400), (4, 509)):
        doc.realizations.append(
            d.Realization(
                unit="PKR",
                indicator="IKK 1.4",
                period=d.Period(2022, q),
                inputs={"n": Decimal(n), "T": Decimal(580)},
                narrative=d.Narrative(analysis=f"Analisis triwulan {q} IKK 1.4."),
                evidence=[f"Laporan monev triwulan {q}"],
                status="approved",
            )
        )
    doc.realizations.append(
        d.Realization(
            unit="PKR",
            indicator="IKK 1.4",
            period=d.Period(2022),
            inputs={"n": Decimal(100), "T": Decimal(200)},
            status="draft",
        )
    )


def composite_from_a_sibling(doc: d.Document) -> None:
    """Ditjen Rehabilitasi Sosial defines an indicator made of Dit. PKR's IKK 1.1 (a unit under
    another Ditjen): the component is refused, its value never reaches REHSOS."""
    plan = next(p for p in doc.plans if p.unit == "REHSOS")
    plan.objectives[0].indicators.append(
        d.Indicator(code="IKP 9.9", name="Komposit dari unit lain", components=["PKR:IKK 1.1"])
    )


@dataclass(frozen=True)
class Scenario:
    name: str
    change: Callable[[d.Document], None]
    measured_ikk22: bool  # is IKK 2.2 in PKR's indicator set in force?
    official: str  # PKR 2022 unit capaian, official
    provisional: str  # and provisional


SCENARIOS = [
    Scenario("signed removal", signed_removal, False, BASELINE, BASELINE),
    Scenario("draft removal", draft_removal, True, WITH_IKK22, WITH_IKK22),
    Scenario("draft Renstra", draft_renstra, True, BASELINE, BASELINE),
    Scenario("drafts beside approved", drafts_beside_approved, True, BASELINE, WITH_IKK22),
    Scenario("annual vs quarters", annual_vs_quarters, True, BASELINE, BASELINE),
    Scenario("composite from a sibling", composite_from_a_sibling, True, BASELINE, BASELINE),
]


def _page_figure(html: str) -> str:
    found = re.search(r'id="unit-achievement">([^<]+)<', html)
    assert found, "the page shows no unit capaian"
    return found.group(1).strip()


def _compute_cli(path: str, *extra: str) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["compute", path, "--unit", "PKR", "--year", "2022", "--json", *extra]) == 0
    return json.loads(out.getvalue())


def _codes(result_json: dict[str, Any]) -> set[str]:
    return {i["code"] for o in result_json["objectives"] for i in o["indicators"]}


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_caller_agrees(scenario: Scenario, tmp_path: Any) -> None:
    doc = demo_document()
    scenario.change(doc)
    import_document(doc)
    units = {u.code: u for u in Unit.objects.all()}
    users = demo_users(units)
    db_doc = export_document(unit="PKR")

    # the engine, through the figures layer
    official = figures_for(db_doc, "PKR", 2022, Basis.OFFICIAL)
    provisional = figures_for(db_doc, "PKR", 2022, Basis.PROVISIONAL)
    assert show_value(official.result.achievement) == scenario.official
    assert show_value(provisional.result.achievement) == scenario.provisional
    codes = {i.code for o in official.result.objectives for i in o.indicators}
    assert ("IKK 2.2" in codes) is scenario.measured_ikk22
    assert "IKK 1.9" not in codes  # never an indicator of a draft Renstra
    if provisional.unapproved:
        assert provisional.result.notes[0].startswith("ANGKA SEMENTARA")

    # kinerja compute on the same data as a file (official by default, --provisional on request)
    path = tmp_path / "data.yaml"
    path.write_text(dump_document(doc), encoding="utf-8")
    cli = _compute_cli(str(path))
    assert show_value(Decimal(cli["achievement"])) == scenario.official
    assert _codes(cli) == codes
    assert cli["basis"] == "official"
    cli_prov = _compute_cli(str(path), "--provisional")
    assert show_value(Decimal(cli_prov["achievement"])) == scenario.provisional
    assert cli_prov["basis"] == "provisional"

    # the pages of the unit head: official headline, provisional only on request and labelled
    head = client_for(users["pimpinan.pkr"])
    unit_url = reverse("web:unit", args=["PKR"])
    dash_url = reverse("web:dashboard", args=["PKR"])
    assert _page_figure(head.get(unit_url, {"tahun": 2022}).content.decode()) == scenario.official
    dash = head.get(dash_url, {"tahun": 2022}).content.decode()
    assert _page_figure(dash) == scenario.official
    assert 'id="basis-official"' in dash
    dash_prov = head.get(dash_url, {"tahun": 2022, "angka": "sementara"}).content.decode()
    assert _page_figure(dash_prov) == scenario.provisional
    assert 'id="basis-provisional"' in dash_prov and "ANGKA SEMENTARA" in dash_prov

    # the realisation page lists exactly the indicators the engine measures
    view = period_view(units["PKR"], 2022, None, doc=db_doc)
    assert {row.doc_indicator.code for row in view.rows} == codes

    # the LKj and the PK documents: no crash, the official figure, the measured set
    lkj = docx_text(generate(db_doc, "lkj", "PKR", 2022, "docx").content)
    assert scenario.official in lkj
    if scenario.provisional != scenario.official:
        assert scenario.provisional not in lkj
    pk = docx_text(generate(db_doc, "pk", "PKR", 2022, "docx").content)
    assert ("IKK 2.2" in pk) is scenario.measured_ikk22

    # the linter reads the same indicator set: no "missing realisation" for what is not measured
    findings = lint_document(db_doc, unit="PKR", year=2022).findings
    missing = {f.indicator for f in findings if f.code == "L501" and f.unit == "PKR" and f.year == 2022}
    assert "IKK 1.9" not in missing
    if not scenario.measured_ikk22:
        assert "IKK 2.2" not in missing


@pytest.mark.django_db
def test_composite_from_a_sibling_reads_nothing_of_it() -> None:
    doc = demo_document()
    composite_from_a_sibling(doc)
    import_document(doc)
    result = figures_for(export_document(unit="REHSOS"), "REHSOS", 2022).result
    ind = next(i for o in result.objectives for i in o.indicators if i.code == "IKP 9.9")
    assert ind.realization is None  # PKR's 99,25 never reaches REHSOS
    assert [c.realization for c in ind.components] == [None]
    assert any("PKR:IKK 1.1" in n and "di luar cakupan" in n for n in result.notes)


def test_year_from_approved_quarters_carries_their_narrative_and_evidence() -> None:
    from kinerja.reports.assemble import assemble_unit_year

    doc = demo_document()
    annual_vs_quarters(doc)
    report = assemble_unit_year(doc, "PKR", 2022)
    ikk14 = next(i for i in report.indicators if i.code == "IKK 1.4")
    assert show_value(ikk14.realization) == "87,76"  # 509 / 580 from TW IV, not the draft 100 / 200
    assert "Triwulan I: Analisis triwulan 1 IKK 1.4." in ikk14.narrative.analysis
    assert "Triwulan IV: Analisis triwulan 4 IKK 1.4." in ikk14.narrative.analysis
    assert ikk14.evidence == [f"Laporan monev triwulan {q}" for q in (1, 2, 3, 4)]
    assert ikk14.status == "approved"
    assert any("IKK 1.4 tahunan (draf)" in x for x in report.left_out)


@pytest.mark.django_db
def test_reviu_then_change(users: dict[str, Any], pkr: Unit) -> None:
    """The reviu keeps the official figures it reviewed: a draft entered afterwards changes
    nothing; an approval that changes an official figure takes the statement out of the LKj and
    is shown on the reviu page and the dashboard."""
    from datetime import date

    from kinerja.evaluation.services import check_reviu, record_reviu
    from kinerja.measurement import workflow
    from kinerja.measurement.models import Realization
    from kinerja.measurement.services import start_realization
    from kinerja.planning.models import Indicator

    # the demo's IKK 2.2 record (n.a, approved and locked) is not there yet: the operator enters it
    Realization.objects.filter(unit=pkr, indicator__code="IKK 2.2", year=2022).delete()
    record_reviu(
        users["apip"],
        pkr,
        2022,
        reviewed_on=date(2023, 2, 14),
        reviewer_name="Dadang Iskandar",
        reviewer_title="Inspektur Jenderal",
        place="Jakarta",
    )
    assert check_reviu(pkr, 2022).match.value == "matches"
    lkj = docx_text(generate(export_document(unit="PKR"), "lkj", "PKR", 2022, "docx", reviu=_reviu()).content)
    assert "Lampiran 3. Pernyataan Telah Direviu" in lkj and "Kami telah mereviu" in lkj

    ind = Indicator.objects.get(plan__unit=pkr, code="IKK 2.2")
    row, _ = start_realization(users["operator.pkr"], pkr, ind, 2022, None)
    workflow.save_realization(users["operator.pkr"], row, {"value_number": "78,5"}, row.version)
    workflow.submit(users["operator.pkr"], row, row.version)
    workflow.verify(users["verifikator.pkr"], row, row.version)
    assert check_reviu(pkr, 2022).match.value == "matches"  # not approved: official figures unchanged

    workflow.approve(users["pimpinan.pkr"], row, row.version)
    check = check_reviu(pkr, 2022)
    assert check.changed
    assert check.reviu is not None and check.reviu.reviewed_achievement == BASELINE
    assert check.current.achievement == WITH_IKK22
    lkj = docx_text(generate(export_document(unit="PKR"), "lkj", "PKR", 2022, "docx", reviu=_reviu()).content)
    assert "Lampiran 3. Pernyataan Telah Direviu" not in lkj and "Kami telah mereviu" not in lkj
    assert "dilakukan atas angka kinerja yang kemudian berubah" in lkj
    assert WITH_IKK22 in lkj
    head = client_for(users["pimpinan.pkr"])
    assert (
        'id="reviu-changed"'
        in head.get(reverse("web:dashboard", args=["PKR"]), {"tahun": 2022}).content.decode()
    )
    assert 'id="reviu-changed"' in head.get("/reviu/PKR/2022/").content.decode()


def _reviu() -> Any:
    from kinerja.reports.service import reviu_from_database

    return reviu_from_database(Unit.objects.get(code="PKR"), 2022)
