"""A quarter's figures (kinerja.figures.quarters) and the places that show them: the realisation
page's quarter (measurement.services.compute_period) and the LKj's Rencana Aksi table
(reports.assemble) give the same capaian, from one rule.

The demo's PKR 2022 with a Rencana Aksi for IKK 2.1 (target 87 for the year, cumulative: TW I 20,
TW II 45, TW III 70, TW IV 87 — test values; the seed prints no Rencana Aksi) and quarterly
realisations of IKK 2.1 (approved TW I-II, a draft TW III) and of IKK 1.1 (no Rencana Aksi).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.core.types import NumericTarget
from kinerja.figures.counting import Basis
from kinerja.figures.quarters import quarter_figures
from kinerja.interchange import document as d
from kinerja.measurement.services import compute_period
from kinerja.reports.assemble import assemble_unit_year
from tests.figures.test_scenarios import demo_document

RA = {1: Decimal(20), 2: Decimal(45), 3: Decimal(70), 4: Decimal(87)}
REALISED = {1: (Decimal(22), "approved"), 2: (Decimal(36), "approved"), 3: (Decimal(70), "draft")}


def _document() -> d.Document:
    doc = demo_document()
    doc.action_plans.append(
        d.ActionPlan(
            unit="PKR", year=2022, indicator="IKK 2.1", quarters={q: NumericTarget(t) for q, t in RA.items()}
        )
    )
    for q, (value, status) in REALISED.items():
        doc.realizations.append(
            d.Realization(
                unit="PKR", indicator="IKK 2.1", period=d.Period(2022, q), value=value, status=status
            )
        )
    doc.realizations.append(
        d.Realization(unit="PKR", indicator="IKK 1.1", period=d.Period(2022, 1), value=Decimal(25))
    )
    return doc


def _indicator(result: object, key: str) -> object:
    return next(i for o in result.objectives for i in o.indicators if i.key == key)  # type: ignore[attr-defined]


@pytest.mark.parametrize("quarter", [1, 2])
def test_an_approved_quarter_is_measured_against_its_action_plan_target(quarter: int) -> None:
    found = quarter_figures(_document(), "PKR", 2022, quarter)
    ikk = _indicator(found.result, "PKR:IKK 2.1")
    value = REALISED[quarter][0]
    assert ikk.realization == value  # type: ignore[attr-defined]
    assert ikk.achievement == (value / RA[quarter] * 100).quantize(ikk.achievement)  # type: ignore[attr-defined]
    assert found.action_targets["PKR:IKK 2.1"] == NumericTarget(RA[quarter])
    # IKK 1.1 has no Rencana Aksi: measured against the year's target, and named
    assert "PKR:IKK 1.1" in found.year_target and "PKR:IKK 2.1" not in found.year_target


def test_a_draft_quarter_counts_only_in_the_provisional_view() -> None:
    doc = _document()
    official = _indicator(quarter_figures(doc, "PKR", 2022, 3).result, "PKR:IKK 2.1")
    provisional = _indicator(quarter_figures(doc, "PKR", 2022, 3, Basis.PROVISIONAL).result, "PKR:IKK 2.1")
    assert official.realization is None and official.achievement is None  # type: ignore[attr-defined]
    assert provisional.realization == Decimal(70) and provisional.achievement == 100  # type: ignore[attr-defined]


def test_the_page_and_the_lkj_show_the_same_quarter() -> None:
    doc = _document()
    report = assemble_unit_year(doc, "PKR", 2022)
    rows = {i.key: i.quarters for o in report.objectives for i in o.indicators}
    for quarter in (1, 2, 3, 4):
        page, year_target = compute_period(doc, "PKR", 2022, quarter, Basis.OFFICIAL)
        lkj = rows["PKR:IKK 2.1"][quarter - 1]
        assert lkj.quarter == quarter and lkj.target == NumericTarget(RA[quarter])
        assert lkj.achievement == _indicator(page, "PKR:IKK 2.1").achievement  # type: ignore[attr-defined]
        assert lkj.realization == _indicator(page, "PKR:IKK 2.1").realization  # type: ignore[attr-defined]
        # the page measures IKK 1.1 against the year's target and marks it; the LKj prints no capaian
        assert "PKR:IKK 1.1" in year_target
        assert rows["PKR:IKK 1.1"][quarter - 1].achievement is None
    assert rows["PKR:IKK 1.1"][0].realization == Decimal(25)
    assert rows["PKR:IKK 2.1"][3].realization is None  # no TW IV record
