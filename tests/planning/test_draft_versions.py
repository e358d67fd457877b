"""A new Renstra version made in the editor is a draft: the engine (compute, the unit page), PK
drafting and the Renstra landing page keep using the adopted version until a planner adopts it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kinerja.core.types import NumericTarget
from kinerja.figures.output import result_to_json
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.db import export_document, import_document
from kinerja.planning import services
from kinerja.planning.models import Indicator, Plan
from kinerja.planning.services import IndicatorData
from tests.planning.conftest import objective
from tests.web.demo_users import client_for

D = Decimal


def _draft_with_new_indicator(users: dict[str, Any], pkr_plan: Plan) -> tuple[Plan, Indicator]:
    draft = services.new_version(users["perencana"], pkr_plan, "Reviu 2023")
    sk3 = objective("PKR", "SK3", version=2)
    ind = services.save_indicator(
        users["perencana"],
        sk3,
        None,
        IndicatorData(
            code="IKK 3.2", name="Indeks kepuasan mitra", owner_id=pkr_plan.unit_id, unit_of_measure="indeks"
        ),
        None,
    )
    services.save_targets(users["perencana"], ind, {2022: NumericTarget(D(50))}, None)
    return draft, ind


def _sk3_codes(unit: str = "PKR", year: int = 2022) -> tuple[list[str], list[str]]:
    result = result_to_json(compute_document(export_document(unit=unit), unit, year))
    sk3 = next(o for o in result["objectives"] if o["code"] == "SK3")
    return [i["code"] for i in sk3["indicators"]], result["notes"]


def test_draft_is_not_used_until_adopted(users: dict[str, Any], pkr_plan: Plan) -> None:
    draft, _ind = _draft_with_new_indicator(users, pkr_plan)
    assert draft.status == "draft"
    codes, notes = _sk3_codes()
    assert codes == ["IKK 3.1"]
    assert "Renstra 2020-2024 versi 2 masih draf (belum ditetapkan); dipakai versi 1" in notes
    client = client_for(users["pimpinan.pkr"])
    unit_page = client.get("/unit/PKR/?tahun=2022").content.decode()
    assert "IKK 3.1" in unit_page and "IKK 3.2" not in unit_page
    landing = client.get("/renstra/PKR/").content.decode()
    assert "IKK 3.2" not in landing and 'id="newer-draft"' in landing
    assert services.in_force_plan(pkr_plan.unit, 2022, fallback=False) == pkr_plan

    # adopting needs edit_plan at the unit: a reader gets 403 and nothing changes
    for name in ("pimpinan.pkr", "operator.pkr", "operator.rehsos"):
        other = client_for(users[name])
        assert other.get(f"/renstra/PKR/{draft.pk}/tetapkan/").status_code == 403
        assert (
            other.post(f"/renstra/PKR/{draft.pk}/tetapkan/", {"adopted_on": "2023-02-01"}).status_code == 403
        )
    assert Plan.objects.get(pk=draft.pk).status == "draft"
    services.adopt(users["perencana"], draft, date(2023, 2, 1))
    codes, notes = _sk3_codes()
    assert codes == ["IKK 3.1", "IKK 3.2"]
    assert not any("masih draf" in n for n in notes)
    assert "IKK 3.2" in client.get("/unit/PKR/?tahun=2022").content.decode()
    landing = client.get("/renstra/PKR/").content.decode()
    assert "IKK 3.2" in landing and "Ditetapkan 1 Februari 2023" in landing
    # the previous version stays readable
    old = client.get(f"/renstra/PKR/{pkr_plan.pk}/").content.decode()
    assert "IKK 3.1" in old and "IKK 3.2" not in old and 'id="superseded"' in old


def test_pk_drafting_uses_the_adopted_plan(users: dict[str, Any], pkr_plan: Plan) -> None:
    from kinerja.agreements.services import plan_for_year

    draft, _ind = _draft_with_new_indicator(users, pkr_plan)
    assert plan_for_year(pkr_plan.unit, 2022) == pkr_plan
    services.adopt(users["perencana"], draft, date(2023, 2, 1))
    assert plan_for_year(pkr_plan.unit, 2022) == draft


def test_draft_status_survives_export_and_import(users: dict[str, Any], pkr_plan: Plan) -> None:
    draft, _ind = _draft_with_new_indicator(users, pkr_plan)
    doc = export_document()
    assert [(p.version, p.status) for p in doc.plans if p.unit == "PKR"] == [(1, "adopted"), (2, "draft")]
    Plan.objects.filter(pk=draft.pk).update(status="adopted")
    import_document(doc, source="ekspor.yaml")  # the file says draft: the import puts it back
    assert Plan.objects.get(pk=draft.pk).status == "draft"
    assert Plan.objects.get(pk=pkr_plan.pk).status == "adopted"


def test_planner_may_correct_the_plan_in_force_while_a_draft_exists(
    users: dict[str, Any], pkr_plan: Plan
) -> None:
    _draft_with_new_indicator(users, pkr_plan)
    ind = Indicator.objects.get(plan=pkr_plan, code="IKK 3.1")
    services.save_targets(
        users["perencana"],
        ind,
        {y: NumericTarget(D(91)) for y in range(2020, 2025)},
        services.targets_token(ind),
    )
    assert ind.targets.get(year=2024).value == D(91)
